"""A 2-D GAN learning a mixture of Gaussians, in the spirit of GAN Lab.

A generator maps noise to points; a discriminator scores points as real or fake; each
trains against the other (Goodfellow et al. 2014, with the non-saturating generator loss).
On a ring or grid of Gaussians the plain GAN tends to drop modes (mode collapse); WGAN-GP
(Gulrajani et al. 2017) trains a critic with a gradient penalty instead, which resists
collapse but costs five critic steps per generator step. Coverage and quality are
measured as in VEEGAN (Srivastava et al. 2017): see `demos.mode_metrics`.

Stabilisers and speed-ups, all on by default and all from the literature:
- an R1 gradient penalty on the real points (Mescheder et al. 2018), applied lazily, every
  `r1_every` D steps with its weight scaled up to match (as in StyleGAN2, Karras et al.
  2020); it keeps the plain GAN from collapsing: with `r1=0` at lr 3e-3 the generator
  covers 4 of the 8 ring modes (seed 0);
- a learning rate that decays linearly over the second half of the run, and samples from
  an exponential moving average of the generator's weights (Yazici et al. 2019): HQ on the
  ring means landing within 0.06 of a centre, and Adam's jitter at the full rate is larger;
- on the grid, a latent that is a mixture of Gaussians (DeLiGAN, Gurumurthy et al. 2017):
  z is a one-hot code for one of `latent_mixture` components plus Gaussian noise of std
  `latent_std`; the code enters G's first linear layer, so each component's mean is
  learned. A continuous map from one Gaussian must stretch a bridge of samples across
  every gap between 25 separate blobs; separate latent clusters need no bridge;
- Discriminator Rejection Sampling (Azadi et al. 2019) for the final figures: as in the
  paper, a copy of D is first trained on its own for `drs_tune_steps` against the frozen
  averaged generator, so its logit estimates log p_data/p_g for that generator; then a
  sample x is kept with probability sigmoid(F(x)), F built from that logit. The generator
  alone still leaves some points on the way between modes; D knows no real point lies
  there. Both figures are reported: `modes_covered`/`high_quality` (after DRS when
  `rejection` is on) and `raw_modes_covered`/`raw_high_quality` (the generator alone),
  each with `mode_kl`, how far the spread over modes is from even (see mode_metrics).
- small MLPs (3 hidden layers of 64 units), run on one torch thread (tiny matrix
  products lose more to thread hand-offs than they gain; the setting is process-wide
  while the demo runs, see `demos.torch_threads`).
The networks see the data scaled so the centres lie in [-1, 1]. `lr`, `lr_scale` and
`loss` can be changed while the demo runs, through the control channel.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from demos import distances, mode_metrics, rejection, toy_data
from demos.control import Control, change_lr
from demos.frames import Frame, Heatmap, Log, Metrics, Points, Scalars
from demos.gan_nets import MLP, discriminator_loss, generator_loss
from demos.torch_threads import torch_threads
from demos.toy_data import as_points

Loss = Literal["gan", "wgan-gp"]
LOSSES: tuple[str, ...] = ("gan", "wgan-gp")

# Per-dataset defaults for the fields left as None: the grid has three times the modes
# and needs a longer run. Chosen by measuring coverage, quality and time (bench/demos.py).
DATASET_DEFAULTS: dict[str, dict[str, Any]] = {
    "ring": {
        "loss": "gan",
        "steps": 3500,
        "lr": 5e-3,
        "batch_size": 256,
        "r1": 0.1,
        "hidden": 64,
        "latent_mixture": 0,
        "latent_std": 1.0,
        "drs_tune_steps": 500,
    },
    "grid": {
        "loss": "gan",
        "steps": 12000,
        "lr": 3e-3,
        "batch_size": 256,
        "r1": 0.01,
        "hidden": 64,
        "latent_mixture": 100,
        "latent_std": 0.5,
        "drs_tune_steps": 1000,
    },
}
CRITIC_STEPS: dict[str, int] = {"gan": 1, "wgan-gp": 5}
DRS_TUNE_LR = 1e-3


@dataclass(frozen=True)
class Config:
    """Every setting of the demo. Fields left as None take the dataset's default
    (`DATASET_DEFAULTS`), so `Config(dataset="grid")` is the tuned grid run."""

    dataset: Literal["ring", "grid"] = "ring"
    loss: Loss | None = None
    steps: int | None = None
    lr: float | None = None
    batch_size: int | None = None
    seed: int = 0
    noise_dim: int = 16
    latent_mixture: int | None = None  # components of the latent mixture; 0: one Gaussian
    latent_std: float | None = None  # std of each component (of the one Gaussian when 0)
    hidden: int | None = None  # units per hidden layer
    depth: int = 3  # hidden layers in each network
    betas: tuple[float, float] = (0.5, 0.9)
    gp_weight: float = 0.1
    r1: float | None = None  # weight of the R1 penalty on real points (GAN loss only)
    r1_every: int = 4  # lazy R1: the penalty, scaled up by this, on every n-th D step
    decay_from: float = 0.5  # share of the run after which the lr decays linearly
    final_lr_share: float = 0.05  # lr at the last step, as a share of the set lr
    ema: float = 0.995  # 0 turns the averaged generator off
    rejection: bool = True  # Discriminator Rejection Sampling for the final figures
    drs_percentile: float = 0.95  # gamma: this quantile of F(x) (higher rejects more)
    drs_tune_steps: int | None = None  # D's own training against the frozen G before DRS
    threads: int = 1  # torch threads while it runs (process-wide): small MLPs like one
    log_every: int = 25  # steps between loss points
    frame_every: int = 250  # steps between scatter, heat map and metrics
    show_points: int = 500
    heat_size: int = 24
    eval_samples: int = mode_metrics.EVAL_SAMPLES
    min_count: int = mode_metrics.MIN_COUNT

    def __post_init__(self) -> None:
        if self.dataset not in DATASET_DEFAULTS:
            raise ValueError(f"unknown dataset {self.dataset!r}")
        for name, value in DATASET_DEFAULTS[self.dataset].items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}")

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        """A run of a few dozen steps for tests: every frame kind appears."""
        base: dict[str, Any] = {
            "steps": 40,
            "batch_size": 64,
            "hidden": 32,
            "depth": 2,
            "log_every": 10,
            "frame_every": 20,
            "show_points": 50,
            "heat_size": 8,
            "eval_samples": 500,
            "drs_tune_steps": 5,
        }
        return cls(**{**base, **overrides})


class _Trainer:
    """The mutable state of one run: networks, optimisers, the current lr and loss."""

    def __init__(self, config: Config) -> None:
        self.config = config
        torch.manual_seed(config.seed)
        self.gen = torch.Generator().manual_seed(config.seed)
        self.mixture = toy_data.get(config.dataset)
        # The networks work in units where the centres lie within [-1, 1]: standard input
        # scaling, so neither net must first learn the data's size.
        self.scale = float(np.abs(self.mixture.centres).max())
        self.centres = torch.tensor(self.mixture.centres / self.scale, dtype=torch.float32)
        self.std = self.mixture.std / self.scale
        self.g = MLP(config.noise_dim + int(config.latent_mixture), 2, config.hidden, config.depth)
        self.d = MLP(2, 1, config.hidden, config.depth)
        self.g_avg = copy.deepcopy(self.g).requires_grad_(False)
        self.d_ratio: nn.Module | None = None  # D tuned alone for DRS, made at the end
        self.loss: str = str(config.loss)
        self.lr: float = float(config.lr)  # the set rate; the schedule scales it
        self._build_optimizers()
        self.fixed_noise = self.noise(config.show_points)
        self.eval_noise = self.noise(config.eval_samples)

    def _build_optimizers(self) -> None:
        betas = self.config.betas
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=self.lr, betas=betas, foreach=True)
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=self.lr, betas=betas, foreach=True)

    def noise(self, n: int) -> torch.Tensor:
        """G's input: Gaussian noise, after a one-hot component code when there is a mixture."""
        c = self.config
        z = c.latent_std * torch.randn(n, c.noise_dim, generator=self.gen)
        if not c.latent_mixture:
            return z
        which = torch.randint(0, int(c.latent_mixture), (n,), generator=self.gen)
        return torch.cat([z, nn.functional.one_hot(which, int(c.latent_mixture)).float()], 1)

    def real(self, n: int) -> torch.Tensor:
        which = torch.randint(0, len(self.centres), (n,), generator=self.gen)
        return self.centres[which] + self.std * torch.randn(n, 2, generator=self.gen)

    def schedule(self, step: int) -> float:
        """Multiplier on the set lr: 1, then a linear fall to `final_lr_share`."""
        c = self.config
        start = c.decay_from * c.steps
        if step < start:
            return 1.0
        frac = (step - start) / max(1.0, c.steps - start)
        return 1.0 - (1.0 - c.final_lr_share) * min(1.0, frac)

    def step(self, step: int) -> dict[str, float]:
        c = self.config
        lr = self.lr * self.schedule(step)
        for opt in (self.opt_g, self.opt_d):
            for group in opt.param_groups:
                group["lr"] = lr
        lazy = step % c.r1_every == 0
        r1 = float(c.r1 or 0) * c.r1_every if lazy else 0.0
        for _ in range(CRITIC_STEPS[self.loss]):
            with torch.no_grad():
                fake = self.g(self.noise(c.batch_size))
            d_loss, d_value = discriminator_loss(
                self.loss, self.d, self.real(c.batch_size), fake, c.gp_weight, self.gen, r1
            )
            self.opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            self.opt_d.step()
        self.d.requires_grad_(False)
        g_loss = generator_loss(self.loss, self.d(self.g(self.noise(c.batch_size))))
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        self.d.requires_grad_(True)
        self._update_average()
        return {"d_loss": d_value, "g_loss": float(g_loss.detach())}

    @torch.no_grad()
    def _update_average(self) -> None:
        keep = self.config.ema
        for avg, live in zip(self.g_avg.parameters(), self.g.parameters(), strict=True):
            if keep > 0:
                avg.lerp_(live, 1.0 - keep)
            else:
                avg.copy_(live)

    @torch.no_grad()
    def sample(self, noise: torch.Tensor) -> np.ndarray:
        return self.g_avg(noise).numpy() * self.scale

    @torch.no_grad()
    def surface(self) -> list[list[float]]:
        """D's view of the plane: P(real) for the GAN, the critic's score scaled to
        [0, 1] for WGAN-GP (its raw values have no fixed range)."""
        low, high = self.mixture.view
        ticks = torch.linspace(low, high, self.config.heat_size)
        ys, xs = torch.meshgrid(ticks, ticks, indexing="ij")
        plane = torch.stack([xs.ravel(), ys.ravel()], dim=1) / self.scale
        scores = self.d(plane).reshape(xs.shape)
        if self.loss == "gan":
            scores = torch.sigmoid(scores)
        else:
            scores = (scores - scores.min()) / (scores.max() - scores.min()).clamp_min(1e-12)
        return [[float(v) for v in row] for row in scores.tolist()]

    def report(self, samples: np.ndarray | None = None) -> mode_metrics.ModeReport:
        """VEEGAN figures for `samples`, by default the averaged generator's eval draw."""
        samples = self.sample(self.eval_noise) if samples is None else samples
        return mode_metrics.mode_report(
            samples, self.mixture.centres, self.mixture.std, min_count=self.config.min_count
        )

    def tune_ratio(self, steps: int) -> None:
        """Train the DRS copy of D alone against the frozen averaged generator (a fresh copy
        of the training D on the first call): its logit then estimates log p_data/p_g."""
        if self.d_ratio is None:
            self.d_ratio = copy.deepcopy(self.d).requires_grad_(True)
            self.opt_ratio = torch.optim.Adam(
                self.d_ratio.parameters(), lr=DRS_TUNE_LR, betas=self.config.betas
            )
        rejection.tune_ratio(self.d_ratio, self.opt_ratio, self._generate, self.real,
                             2 * self.config.batch_size, steps)

    def rejection_sample(self, n: int) -> tuple[np.ndarray, float]:
        """n samples kept by Discriminator Rejection Sampling, and the share accepted."""
        d = self.d if self.d_ratio is None else self.d_ratio
        kept, accepted = rejection.rejection_sample(
            self._generate, d, n, self.config.drs_percentile, self.gen
        )
        return kept.numpy() * self.scale, accepted

    @torch.no_grad()
    def _generate(self, n: int) -> torch.Tensor:
        return self.g_avg(self.noise(n))

    def apply(self, changes: list[tuple[str, Any]]) -> list[str]:
        """Apply steering changes in the order sent; one line per change for the learner,
        naming the value that took effect."""
        notes: list[str] = []
        for key, value in changes:
            if key in ("lr", "lr_scale"):
                notes.append(self._set_lr(key, value))
            elif key == "loss":
                notes.append(self._set_loss(value))
            else:
                notes.append(
                    f"{key} can't be changed while the gan demo runs "
                    "(it takes lr, lr_scale and loss)."
                )
        return notes

    def _set_lr(self, key: str, value: Any) -> str:
        self.lr, note = change_lr(self.lr, key, value)
        return note

    def _set_loss(self, value: Any) -> str:
        if value not in LOSSES:
            return f"loss={value!r} is not one of {', '.join(LOSSES)}; it stays {self.loss}."
        if value == self.loss:
            return f"loss is already {value}."
        old, self.loss = self.loss, str(value)
        self._build_optimizers()  # Adam's moment estimates belong to the old objective
        return (
            f"loss {old} -> {value} (fresh optimisers; "
            f"{CRITIC_STEPS[self.loss]} discriminator step(s) per generator step)"
        )


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Train, yielding losses, real/fake scatters, D's surface and VEEGAN metrics."""
    with torch_threads(config.threads):
        yield from _run(config, control or Control())


def _run(config: Config, control: Control) -> Iterator[Frame]:
    trainer = _Trainer(config)
    real_np = trainer.real(config.show_points).numpy() * trainer.scale
    yield Log(
        f"Training a {trainer.loss} on the {config.dataset} "
        f"({trainer.mixture.n_modes} Gaussians) for {config.steps} steps."
    )
    started, done = time.perf_counter(), 0
    for step in range(1, config.steps + 1):
        changes = control.checkpoint()
        if control.stopped:
            return
        for note in trainer.apply(changes):
            yield Log(note)
        losses = trainer.step(step)
        done = step
        if step % config.log_every == 0 or step == config.steps:
            yield Scalars(step, losses)
        if step % config.frame_every == 0 or step == config.steps:
            fake = trainer.sample(trainer.fixed_noise)
            yield Points(step, {"real": as_points(real_np), "fake": as_points(fake)})
            label = "P(real)" if trainer.loss == "gan" else "critic score (scaled)"
            low, high = trainer.mixture.view
            yield Heatmap(step, trainer.surface(), (low, high), (low, high), label)
            yield Metrics(step, trainer.report().as_dict())
    raw = trainer.report()
    real_eval = trainer.mixture.sample(config.eval_samples, np.random.default_rng(config.seed))
    raw_samples = trainer.sample(trainer.eval_noise)
    figures = {**raw.as_dict(), "sampling": "generator",
               "sliced_wasserstein": distances.sliced_wasserstein(raw_samples, real_eval)}
    if config.rejection and trainer.loss != "gan":
        yield Log(
            "Rejection sampling needs a discriminator's logit (log p_data/p_g); "
            "a WGAN critic has none, so the figures are the generator's own."
        )
    elif config.rejection:
        if config.drs_tune_steps:
            yield Log(
                f"Training the discriminator alone for {config.drs_tune_steps} steps "
                "against the finished generator, for rejection sampling."
            )
        for start in range(0, int(config.drs_tune_steps), 100):
            if control.stopped:
                return
            trainer.tune_ratio(min(100, int(config.drs_tune_steps) - start))
        kept, accepted = trainer.rejection_sample(config.eval_samples)
        yield Log(
            f"Discriminator rejection sampling kept {accepted:.0%} of the generated "
            "points; the last scatter shows those kept."
        )
        shown = kept[: config.show_points]
        yield Points(done, {"real": as_points(real_np), "fake": as_points(shown)})
        figures = {
            **trainer.report(kept).as_dict(),
            "sliced_wasserstein": distances.sliced_wasserstein(kept, real_eval),
            "sampling": "drs",
            "drs_acceptance": round(accepted, 4),
        }
    wall = time.perf_counter() - started - control.paused_s
    settings = asdict(config)
    settings.update(loss=trainer.loss, lr=trainer.lr, betas=list(config.betas))
    yield Metrics(
        done,
        {
            **figures,
            "raw_modes_covered": raw.modes_covered,
            "raw_high_quality": raw.high_quality,
            "raw_mode_counts": list(raw.counts),
            "eval_samples": config.eval_samples,
            "min_count": config.min_count,
            "steps_done": done,
            "wall_s": round(wall, 3),
            "steps_per_s": round(done / wall, 1) if wall > 0 else 0.0,
            "settings": settings,
        },
        final=True,
    )
