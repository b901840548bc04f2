"""The language model the "inside the LLM" demos look into, loaded at run time.

A demo's config names the model (`model`, as `--model` does: "bundled" is SmolLM2-135M-
Instruct) and may carry an `LM` the caller already loaded (the runtime, a test fixture), so
nothing here keeps a global cache. Loading goes through `tutor.llm` in fp32 on the CPU: the
demos read logits, attention weights and embeddings, which a 4-bit model would blur, and
the 135M model is ~0.5 GB in fp32.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FALLBACK_MODEL = "smollm2-135m"  # what a demo reads when the tutor's voice has no weights here


@dataclass(frozen=True)
class LM:
    """A causal LM (a `transformers` PreTrainedModel) and its tokenizer. `lock` is the
    tutor's own lock on a model it shares (held while a demo changes the model's settings,
    so a chat answer never runs half-switched); `source` says where the model came from."""

    model: Any
    tokenizer: Any
    name: str
    lock: Any = field(default=None, repr=False, compare=False)
    source: str = "loaded for the demo"

    @property
    def device(self) -> Any:
        """Where the weights are (inputs go there; outputs come back to the CPU)."""
        return getattr(self.model, "device", "cpu")

    def exclusive(self) -> contextlib.AbstractContextManager[Any]:
        """The shared model to itself for a moment (a no-op for a demo's own model)."""
        return self.lock if self.lock is not None else contextlib.nullcontext()


def from_chat_model(chat: Any) -> LM | None:
    """The tutor's loaded voice as an LM a demo can read, if it is a local `transformers`
    model (weights, logits and attention at hand); None for a model behind an HTTP server
    or any other engine that only returns text."""
    model, tokenizer = getattr(chat, "model", None), getattr(chat, "tokenizer", None)
    if model is None or tokenizer is None:
        return None
    if not callable(getattr(model, "get_input_embeddings", None)):
        return None
    quant = getattr(chat, "quant", "")
    where = getattr(chat, "device", "")
    detail = ", ".join(x for x in (quant, where) if x)
    return LM(model, tokenizer, str(getattr(chat, "name", "the tutor's model")),
              lock=getattr(chat, "lock", None),
              source=f"the tutor's own model{f' ({detail})' if detail else ''}")


def load_lm(model: str = "bundled", home: Path | None = None) -> LM:
    """The model `model` names, in fp32 on the CPU; a GGUF is converted once into the
    cache under `home` (default: TUTOR_HOME)."""
    from tutor.llm import load_chat_model
    from tutor.settings import Settings

    extra: dict[str, Any] = {} if home is None else {"home": home}
    chat = load_chat_model(Settings(model=model, quant="fp32", device="cpu", **extra))
    return LM(chat.model, chat.tokenizer, chat.name)


def loading_line(lm: LM | None, model: str, what: str) -> str:
    """The first line of a demo: whose model it reads, and for what."""
    if lm is not None:
        return f"Reading {lm.source}, {lm.name}, for {what}."
    return f"Loading the model ({model}, fp32 on the CPU) to read {what}..."


def resolve(lm: LM | None, model: str, home: Path | None) -> LM:
    """The caller's LM if it gave one, else a fresh load of `model`."""
    return lm if lm is not None else load_lm(model, home)


def settings_of(config: Any) -> dict[str, Any]:
    """A demo config's plain settings for its final metrics: paths as text, and never the
    loaded model or embedder (`dataclasses.asdict` would deep-copy the model's weights)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        if f.name in ("lm", "embedder"):
            continue
        value = getattr(config, f.name)
        out[f.name] = str(value) if isinstance(value, Path) else value
    return out


def token_text(tokenizer: Any, token_id: int) -> str:
    """One token as the text it adds (byte-level pieces of a character may be partial)."""
    return str(tokenizer.decode([int(token_id)], skip_special_tokens=False,
                                clean_up_tokenization_spaces=False))


def prompt_ids(lm: LM, text: str, chat: bool) -> list[int]:
    """The ids the model reads: the text as a user turn of its chat template (what the
    tutor sends), or the plain text to continue."""
    tok = lm.tokenizer
    if chat and tok.chat_template:
        ids = tok.apply_chat_template([{"role": "user", "content": text}],
                                      add_generation_prompt=True, tokenize=True,
                                      return_dict=True)["input_ids"]
        return [int(i) for i in ids]
    return [int(i) for i in tok(text, add_special_tokens=False)["input_ids"]]
