"""GAN, VAE and diffusion on the same 2-D data with the same budget: one table.

Each model trains for the same number of steps on batches of the same size, from the same
seed, and is judged by the same figures on 2500 samples: VEEGAN's mode coverage and high
quality share (`demos.mode_metrics`), how evenly the modes are filled (`mode_kl`), and the
sliced Wasserstein distance to 2500 real points (`demos.distances`), plus its wall time.
Everything else is each demo's own default (the GAN keeps its R1 penalty, averaged
generator and rejection sampling; the diffusion model its Fourier features and 50 DDIM
steps). The VAE demo learns 8x8 digits only; the table says so instead of inventing a row.
`genai-tutor demo compare` and bench/compare.py print it.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from demos import mode_metrics
from demos.control import Control
from demos.frames import Frame, Log, Metrics

MODELS: tuple[str, ...] = ("gan", "vae", "diffusion")
DEFAULT_STEPS = {"ring": 2000, "grid": 3000}
NO_2D = "no 2-D mode: the VAE demo learns 8x8 digits only"
TITLE = "GAN vs VAE vs diffusion on the same 2-D data"


@dataclass(frozen=True)
class Config:
    dataset: Literal["ring", "grid"] = "ring"
    steps: int | None = None  # None: DEFAULT_STEPS[dataset]
    batch_size: int = 256
    seed: int = 0
    eval_samples: int = mode_metrics.EVAL_SAMPLES
    # Per model, settings beyond the shared budget (tests make the networks tiny).
    extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.dataset not in DEFAULT_STEPS:
            raise ValueError(f"unknown dataset {self.dataset!r}")
        if self.steps is None:
            object.__setattr__(self, "steps", DEFAULT_STEPS[self.dataset])

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        """Seconds-long runs for tests: the same budget, tiny networks."""
        extra = {"gan": {"hidden": 16, "depth": 2, "drs_tune_steps": 5, "frame_every": 10**6},
                 "diffusion": {"hidden": 32, "fourier": 8, "sample_every": 0,
                               "sampling_steps": 10, "timesteps": 100, "t_shown": 50}}
        base: dict[str, Any] = dict(steps=30, batch_size=64, eval_samples=300, extra=extra)
        return cls(**{**base, **overrides})


def model_config(config: Config, model: str) -> Any:
    """The demo's own Config with the shared budget (and any extra settings) applied."""
    module = importlib.import_module(f"demos.{model}")
    args = dict(dataset=config.dataset, steps=config.steps, batch_size=config.batch_size,
                seed=config.seed, eval_samples=config.eval_samples)
    return module.Config(**{**args, **config.extra.get(model, {})})


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Train each model in turn; a Log line per model, then the table as final Metrics."""
    control = control or Control()
    yield Log(f"{TITLE}: the {config.dataset}, {config.steps} steps of {config.batch_size} "
              f"points for each model, seed {config.seed}.")
    rows: list[dict[str, Any]] = []
    for model in MODELS:
        if model == "vae":
            rows.append({"model": "vae", "available": False, "note": NO_2D})
            yield Log(f"vae: {NO_2D}.")
            continue
        started = time.perf_counter()
        final: dict[str, Any] | None = None
        module = importlib.import_module(f"demos.{model}")
        for frame in module.run(model_config(config, model), control):
            if isinstance(frame, Metrics) and frame.final:
                final = dict(frame.values)
        if control.stopped or final is None:
            yield Log(f"Stopped during the {model} run.")
            return
        row = _row(model, final, time.perf_counter() - started)
        rows.append(row)
        yield Log(f"{model}: {row['modes_covered']}/{row['n_modes']} modes, high quality "
                  f"{row['high_quality']:.3f}, sliced W {row['sliced_wasserstein']:.4f}, "
                  f"{row['wall_s']:.1f} s.")
    yield Metrics(int(config.steps), {"dataset": config.dataset, "steps": config.steps,
                                      "batch_size": config.batch_size, "seed": config.seed,
                                      "eval_samples": config.eval_samples, "rows": rows},
                  final=True)


def _row(model: str, values: dict[str, Any], wall: float) -> dict[str, Any]:
    row = {"model": model, "available": True}
    for key in ("modes_covered", "n_modes", "high_quality", "mode_kl", "sliced_wasserstein"):
        row[key] = values[key]
    row["wall_s"] = round(wall, 2)
    if model == "gan":
        row["note"] = (f"after rejection sampling (generator alone: {values['raw_modes_covered']}"
                       f"/{values['n_modes']}, {values['raw_high_quality']:.3f})"
                       if values.get("sampling") == "drs" else "generator samples")
    else:
        settings = values.get("settings", {})
        row["note"] = f"{settings.get('sampler', 'ddim')}, {settings.get('sampling_steps')} steps"
    return row


def table(values: Mapping[str, Any]) -> list[str]:
    """The final Metrics of `run` as fixed-width text lines."""
    head = (f"{'model':<10} {'modes':>6} {'high_quality':>12} {'mode_kl':>8} "
            f"{'sliced_W':>9} {'wall_s':>7}  note")
    lines = [f"{values['dataset']}: {values['steps']} steps x {values['batch_size']} points "
             f"per model, seed {values['seed']}, {values['eval_samples']} samples judged", head]
    for row in values["rows"]:
        if not row["available"]:
            lines.append(f"{row['model']:<10} {'-':>6} {'-':>12} {'-':>8} {'-':>9} {'-':>7}  "
                         f"{row['note']}")
            continue
        modes = f"{row['modes_covered']}/{row['n_modes']}"
        lines.append(f"{row['model']:<10} {modes:>6} {row['high_quality']:>12.3f} "
                     f"{row['mode_kl']:>8.3f} {row['sliced_wasserstein']:>9.4f} "
                     f"{row['wall_s']:>7.1f}  {row['note']}")
    return lines
