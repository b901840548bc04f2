"""Which model a demo that looks inside a language model reads, and where it runs.

The sampling, attention and embeddings demos read logits, attention weights and the input
embedding table, so they need the weights themselves. When the tutor's own voice is a local
`transformers` model they read that one: it is handed over in the demo's trusted context
(nothing is cached anywhere), and the demo runs in a thread of the tutor's process, the only
place the loaded model lives. When the voice only returns text (a model server over HTTP,
another engine) or is not loaded, the demo says so and loads the small local SmolLM2-135M
in fp32 in its own process, through the `ModelLoader` the plan carries (built from the
tutor's settings, so the demo never builds its own). Pure: the caller passes what it has
loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from demos.lm import FALLBACK_MODEL, LM, from_chat_model
from demos.registry import get_spec
from tutor.settings import Settings

LlmState = Literal["loaded", "loading", "none"]
_READS = {"sampling": "next-token probabilities", "attention": "attention weights",
          "embeddings": "input embedding table"}


@dataclass(frozen=True)
class ModelLoader:
    """Loads `model` in fp32 on the CPU with the caller's settings (its TUTOR_HOME and model
    cache), for a demo that reads a model's insides: the demos read logits, attention weights
    and embeddings, which a 4-bit model would blur, and the 135M model is ~0.5 GB in fp32.
    Plain data, so it pickles into the demo's own process, where it runs."""

    settings: Settings
    model: str

    def __call__(self) -> LM:
        from tutor.llm import load_chat_model

        update = {"model": self.model, "quant": "fp32", "device": "cpu"}
        chat = load_chat_model(self.settings.model_copy(update=update))
        return LM(chat.model, chat.tokenizer, chat.name)


@dataclass(frozen=True)
class DemoPlan:
    """The trusted context for `demos.registry.start`, and whether it holds live objects
    (a loaded model), so the demo must run in this process."""

    context: dict[str, Any] = field(default_factory=dict)
    shared: bool = False
    notes: tuple[str, ...] = ()


def plan_demo(name: str, llm: Any, embedder: Any, settings: Settings,
              llm_state: LlmState = "loaded", learner_dir: Any = None) -> DemoPlan:
    """The plan for demo `name` given the tutor's chat model (`llm`, None if it has none or
    it is still loading), its loaded embedder (or None) and its settings. `learner_dir` is
    where this learner's own files go (the fine-tune demo keeps adapters there)."""
    spec = get_spec(name)
    own: dict[str, Any] = {}
    if spec.name == "finetune":  # it trains a copy of the small model, in its own process
        own["load_lm"] = ModelLoader(settings, "bundled")
        if learner_dir is not None:
            own["adapters_dir"] = Path(learner_dir) / "adapters"
    if not spec.reads_model:
        return DemoPlan(own)
    what = _READS.get(spec.name, "insides")
    lm = from_chat_model(llm) if llm is not None else None
    if lm is not None:
        context: dict[str, Any] = {"lm": lm, **own}
        if embedder is not None:
            context["embedder"] = embedder
        return DemoPlan(context, True, (f"The {spec.name} demo reads {lm.source}: {lm.name}.",))
    fallback = f"this demo loads the local {FALLBACK_MODEL} in fp32 instead."
    if llm is not None:
        where = (f"is served over HTTP ({llm.base_url})" if getattr(llm, "base_url", None)
                 else "runs outside this process")
        note = (f"The tutor's voice, {getattr(llm, 'name', 'its model')}, {where} and returns "
                f"only text, not the {what} this demo reads; {fallback}")
    elif llm_state == "loading":
        note = f"The tutor's model is still loading; {fallback}"
    else:
        note = f"The tutor runs without a language model (answers from the notes); {fallback}"
    context = {"model": FALLBACK_MODEL, "home": settings.home,
               "load_lm": ModelLoader(settings, FALLBACK_MODEL), **own}
    return DemoPlan(context, False, (note,))
