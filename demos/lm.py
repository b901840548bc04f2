"""The language model the "inside the LLM" demos look into, handed over by the caller.

A demo's config carries either an `LM` the caller already loaded (the tutor's own voice, a
test fixture) or `load_lm`, a loader the caller built from its own settings (the CLI's
--model, the runtime's TUTOR_HOME; see tutor/demo_context.py). The demo never picks a model
or builds settings itself, and nothing here keeps a global cache. The name in the config's
`model` is only what the demo says it reads.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.errors import DemoError

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


def loading_line(lm: LM | None, model: str, what: str) -> str:
    """The first line of a demo: whose model it reads, and for what."""
    if lm is not None:
        return f"Reading {lm.source}, {lm.name}, for {what}."
    return f"Loading the model ({model}, fp32 on the CPU) to read {what}..."


def resolve(lm: LM | None, load: Callable[[], LM] | None) -> LM:
    """The caller's LM if it gave one, else what the caller's loader loads."""
    if lm is not None:
        return lm
    if load is None:
        raise DemoError("This demo reads a language model, and none was given to it.",
                        "Start it from the tutor or with `genai-tutor demo NAME`.")
    return load()


def settings_of(config: Any) -> dict[str, Any]:
    """A demo config's plain settings for its final metrics: paths as text, and never the
    loaded model, its loader or the embedder (`dataclasses.asdict` would deep-copy the
    model's weights)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        if f.name in ("lm", "load_lm", "embedder"):
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
