"""The allow-list of demos: names, bounds on their arguments, and a lazy start.

`start` is the only way a demo runs, whoever asks (CLI, chat, an LLM tool call): arguments
pass through the demo's pydantic bounds; values above a bound are clamped with a note,
anything else invalid is refused with a DemoError that says why.
"""

from __future__ import annotations

import importlib
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
            "tokenize",
            "Tokenizers side by side, and BPE learned live",
            "How the tutor's own LLM and MiniLM split text, "
            "and byte-pair merges learned from the notes.",
            "demos.tokenize",
            p.TokenizeParams,
            (),
            ("tokenization",),
        ),
    )
}


def get_spec(name: str) -> DemoSpec:
    key = name.strip().lower()
    if key not in DEMOS:
        raise DemoError(f"There is no demo called {name!r}.", f"Try one of: {', '.join(DEMOS)}.")
    return DEMOS[key]


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
                notes.append(f"{key}={_short(value)} is above the limit; using {out[key]}.")
    return out, notes


def _short(value: float) -> str:
    text = str(value)
    return text if len(text) <= 12 else f"{text[:6]}…({len(text)} digits)"


def validate_args(name: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Checked arguments (only those given) and notes on anything clamped."""
    spec = get_spec(name)
    clamped, notes = _clamp(spec.params, dict(args))
    try:
        checked = spec.params.model_validate(clamped)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or 'arguments'}: {err['msg']}"
            for err in exc.errors()
        )
        allowed = ", ".join(k for k in spec.params.model_fields)
        raise DemoError(
            f"Invalid arguments for the {spec.name} demo: {problems}.", f"It takes: {allowed}."
        ) from exc
    return checked.model_dump(exclude_none=True), notes


def start(
    name: str, args: Mapping[str, Any] | None = None, control: Control | None = None
) -> tuple[Iterator[Frame], list[str]]:
    """Validate, build the demo's config, and return its frame iterator plus any notes."""
    spec = get_spec(name)
    clean, notes = validate_args(spec.name, args or {})
    module = importlib.import_module(spec.module)
    config = module.Config(**clean)
    return module.run(config, control or Control()), notes
