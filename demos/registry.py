"""The allow-list of demos: names, bounds on their arguments, and a lazy start.

`start` is the only way a demo runs, whoever asks (CLI, chat, the app): arguments
pass through the demo's pydantic bounds; values above a bound are clamped with a note,
anything else invalid is refused with a DemoError that says why.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from annotated_types import Le
from pydantic import BaseModel, ValidationError

from demos import params as p
from demos.control import Control
from demos.frames import Frame
from tutor.errors import DemoError


@dataclass(frozen=True)
class DemoSpec:
    name: str
    title: str
    summary: str
    module: str  # imported only when the demo starts (it imports torch)
    params: type[BaseModel]
    steerable: tuple[str, ...]  # settings the control channel can change while it runs
    concepts: tuple[str, ...]
    # It reads a language model's insides (logits, attention, embeddings): the tutor's own
    # model when that is a local transformers model (see tutor/demo_model.py).
    reads_model: bool = False
    # It shows how the tutor's LLM splits text: the caller puts that model's tokenizer in
    # the context as `llm_tokenizer` (Runtime.llm_tokenizer()).
    reads_tokenizer: bool = False


DEMOS: dict[str, DemoSpec] = {
    spec.name: spec
    for spec in (
        DemoSpec(
            "gan",
            "A 2-D GAN learning a mixture of Gaussians",
            "Watch a generator chase 8 (ring) or 25 (grid) modes; "
            "see mode collapse and WGAN-GP's fix.",
            "demos.gan",
            p.GanParams,
            ("lr", "lr_scale", "loss"),
            ("gan",),
        ),
        DemoSpec(
            "gan-digits",
            "A small convolutional GAN drawing 8x8 digits",
            "A DCGAN-style generator learns handwritten digits; a grid of samples evolves.",
            "demos.gan_digits",
            p.GanDigitsParams,
            ("lr", "lr_scale"),
            ("gan",),
        ),
        DemoSpec(
            "vae",
            "A VAE on handwritten digits",
            "Reconstruction and KL terms, samples, interpolation, a 2-D latent map; beta and CVAE.",
            "demos.vae",
            p.VaeParams,
            ("lr", "lr_scale", "beta"),
            ("vae",),
        ),
        DemoSpec(
            "diffusion",
            "A denoising diffusion model (DDPM) learning live",
            "Watch data dissolve into noise and a small network learn to undo it; "
            "DDPM vs DDIM sampling, classifier-free guidance on digits.",
            "demos.diffusion",
            p.DiffusionParams,
            ("lr", "lr_scale", "sampling_steps", "sampler", "guidance", "t_shown"),
            ("diffusion",),
        ),
        DemoSpec(
            "bleu",
            "BLEU: scoring a sentence against a reference",
            "The n-grams a text shares with a sentence from the notes, and sacrebleu's score.",
            "demos.bleu",
            p.BleuParams,
            (),
            ("evaluation",),
        ),
        DemoSpec(
            "sampling",
            "Next-token sampling on the tutor's own model",
            "Each step's top candidates and their probabilities, what temperature, top-k "
            "and top-p keep, the token picked; greedy vs sampled.",
            "demos.sampling",
            p.SamplingParams,
            ("temperature", "top_k", "top_p", "pick"),
            ("autoregressive", "llm"),
            reads_model=True,
        ),
        DemoSpec(
            "attention",
            "Attention weights of the tutor's own model",
            "Which earlier tokens each token looks at, layer by layer and head by head; "
            "the causal mask; sinusoidal vs rotary positions.",
            "demos.attention",
            p.AttentionParams,
            (),
            ("transformer",),
            reads_model=True,
        ),
        DemoSpec(
            "embeddings",
            "Embeddings: meaning as geometry",
            "Nearest words and king - man + woman in MiniLM and in the tutor LLM's own "
            "embedding table; a 2-D PCA map of the notes' concepts.",
            "demos.embeddings",
            p.EmbeddingsParams,
            (),
            ("llm", "transformer"),
            reads_model=True,
        ),
        DemoSpec(
            "finetune",
            "A LoRA fine-tune of the tutor's small model, live",
            "A copy of SmolLM2 learns a pirate's voice from six examples: the loss, the "
            "share of weights trained, the same questions answered before and after.",
            "demos.finetune",
            p.FinetuneParams,
            ("lr", "lr_scale"),
            ("training",),
        ),
        DemoSpec(
            "tokenize",
            "Tokenizers side by side, and BPE learned live",
            "How the tutor's own LLM and MiniLM split text, "
            "and byte-pair merges learned from the notes.",
            "demos.tokenize",
            p.TokenizeParams,
            (),
            ("tokenization",),
            reads_tokenizer=True,
        ),
    )
}


def get_spec(name: str) -> DemoSpec:
    key = name.strip().lower()
    if key not in DEMOS:
        raise DemoError(f"There is no demo called {name!r}.", f"Try one of: {', '.join(DEMOS)}.")
    return DEMOS[key]


def _check_numbers(model: type[BaseModel], args: Mapping[str, Any]) -> None:
    """Refuse, each with its own message, what the bounds would word badly: a flag given
    with no value (`--steps` alone, read as True), nan, and infinities that cannot be
    clamped. A huge positive number (inf) for a clamped field is left to `_clamp`."""
    for key, value in args.items():
        field = model.model_fields.get(key)
        if field is None:
            continue
        kind = str(field.annotation)
        numeric = "int" in kind or "float" in kind
        if isinstance(value, bool):
            if numeric:
                raise DemoError(
                    f"--{key.replace('_', '-')} needs a value.",
                    f"Give a number, e.g. --{key.replace('_', '-')} {_example(key)}.",
                )
            continue
        if not numeric or not isinstance(value, float) or math.isfinite(value):
            continue
        if math.isnan(value):
            raise DemoError(
                f"{key} must be a number, not nan.",
                f"Try --{key.replace('_', '-')} {_example(key)}.",
            )
        extra = field.json_schema_extra
        if value < 0 or not (isinstance(extra, dict) and extra.get("clamp") is True):
            raise DemoError(
                f"{key} must be a finite number, not {value}.",
                f"Try --{key.replace('_', '-')} {_example(key)}.",
            )


_EXAMPLES = {"steps": "2000", "lr": "1e-3", "seed": "0", "batch_size": "256", "beta": "1"}


def _example(key: str) -> str:
    """A sensible value to suggest in a refusal."""
    return _EXAMPLES.get(key, "1")


def _clamp(model: type[BaseModel], args: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Pull numbers above an upper bound down to it, noting each change, for fields marked
    `clamp` (sizes and rates). Values below a lower bound, and categorical numbers such
    as a digit, are refused by validation instead: they are usually mistakes."""
    notes: list[str] = []
    out = dict(args)
    for key, value in args.items():
        field = model.model_fields.get(key)
        extra = field.json_schema_extra if field is not None else None
        clampable = isinstance(extra, dict) and extra.get("clamp") is True
        if not clampable or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        for bound in field.metadata:
            limit = bound.le if isinstance(bound, Le) else None
            if limit is not None and value > limit:
                out[key] = limit
                said = "a number too large to hold" if math.isinf(value) else _short(value)
                notes.append(f"{key}={said} is above the limit; using {out[key]}.")
    return out, notes


def _short(value: float) -> str:
    text = str(value) if not isinstance(value, int) or value < 10**40 else f"{value:.3g}"
    return text if len(text) <= 12 else f"{text[:6]}…({len(text)} digits)"


def validate_args(name: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Checked arguments (only those given) and notes on anything clamped."""
    spec = get_spec(name)
    return check_params(spec.params, args, f"the {spec.name} demo")


def check_params(model: type[BaseModel], args: Mapping[str, Any],
                 what: str) -> tuple[dict[str, Any], list[str]]:
    """`args` through `model`'s bounds: clamped with notes, or a DemoError naming `what`."""
    _check_numbers(model, args)
    clamped, notes = _clamp(model, dict(args))
    try:
        checked = model.model_validate(clamped)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or 'arguments'}: {err['msg']}"
            for err in exc.errors()
        )
        allowed = ", ".join(k for k in model.model_fields)
        raise DemoError(
            f"Invalid arguments for {what}: {problems}.", f"It takes: {allowed}."
        ) from exc
    return checked.model_dump(exclude_none=True), notes


def start(
    name: str,
    args: Mapping[str, Any] | None = None,
    control: Control | None = None,
    context: Mapping[str, Any] | None = None,
) -> tuple[Iterator[Frame], list[str]]:
    """Validate, build the demo's config, and return its frame iterator plus any notes.

    `context` holds trusted values from the caller, never from the learner (the model the
    tutor runs, TUTOR_HOME, a model already loaded): each goes to the config only if the
    config has a field of that name."""
    spec = get_spec(name)
    clean, notes = validate_args(spec.name, args or {})
    module = importlib.import_module(spec.module)
    fields = {f.name for f in dataclasses.fields(module.Config)}
    trusted = {k: v for k, v in (context or {}).items() if k in fields and k not in clean}
    config = module.Config(**clean, **trusted)
    return module.run(config, control or Control()), notes
