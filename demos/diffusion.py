"""A denoising diffusion model learning live: DDPM (Ho et al. 2020, "Denoising Diffusion
Probabilistic Models").

The forward process adds Gaussian noise over T steps, with the closed form
q(x_t | x_0) = N(sqrt(ab_t) x_0, (1 - ab_t) I), ab_t the running product of (1 - beta_t).
A small network eps(x_t, t) learns to predict the noise that was added (the simple loss,
mean squared error); sampling runs the process backwards from pure noise. Hugging Face
diffusers supplies the schedule, `add_noise` and the reverse `step`: `DDPMScheduler` for the
ancestral sampler and `DDIMScheduler` (Song et al. 2021) for the fast deterministic one, so
the same model can be sampled in 1000 steps or 50. The denoisers are the demo's own small
MLPs, on 2-D data with random Fourier features of x (`demos.diffusion_nets`). On the 8x8
digits the label is an input, dropped 10% of the time, so one network is both conditional
and unconditional and classifier-free guidance (Ho & Salimans 2022) mixes the two:
eps = eps_uncond + w (eps_cond - eps_uncond).
Figures: for 2-D data the GAN's VEEGAN coverage and quality (`demos.mode_metrics`) and the
sliced Wasserstein distance to the data (`demos.distances`); for digits the classifier's
verdict (`demos.digit_classifier`). On 2-D data the learned denoising direction is drawn
as arrows at t_shown (`demos.diffusion_field`). `lr`, `sampling_steps`, `sampler`,
`guidance` and `t_shown` can be changed while it runs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from demos import distances, mode_metrics
from demos.control import Control, change_lr
from demos.diffusion_field import denoising_field
from demos.diffusion_nets import Denoiser, DiffusionData
from demos.frames import Frame, ImageGrid, Log, Metrics, Points, Scalars, VectorField
from demos.torch_threads import torch_threads
from demos.toy_data import as_points

SAMPLERS: tuple[str, ...] = ("ddpm", "ddim")
DATASETS: tuple[str, ...] = ("ring", "grid", "spiral", "digits")
STEERABLE = ("lr", "lr_scale", "sampling_steps", "sampler", "guidance", "t_shown")

# 2-D data get 64 Fourier features of x (demos.diffusion_nets): measured on the ring at
# 1500 steps, hidden 128, high quality 0.05 without them and 0.95 with them.
DATASET_DEFAULTS: dict[str, dict[str, Any]] = {
    "ring": {"steps": 2000, "lr": 5e-3, "hidden": 128, "batch_size": 512, "fourier": 64},
    "grid": {"steps": 3000, "lr": 3e-3, "hidden": 128, "batch_size": 512, "fourier": 64},
    "spiral": {"steps": 3000, "lr": 2e-3, "hidden": 128, "batch_size": 512, "fourier": 64},
    "digits": {"steps": 4000, "lr": 1e-3, "hidden": 384, "batch_size": 256, "fourier": 0},
}


@dataclass(frozen=True)
class Config:
    """Every setting; fields left None take the dataset's default (`DATASET_DEFAULTS`)."""

    dataset: Literal["ring", "grid", "spiral", "digits"] = "ring"
    steps: int | None = None
    lr: float | None = None
    hidden: int | None = None
    batch_size: int | None = None
    fourier: int | None = None  # random Fourier features of x (0: raw x only)
    fourier_scale: float = 1.0  # std of their frequencies, in cycles per unit of scaled x
    seed: int = 0
    timesteps: int = 1000  # T of the forward process
    schedule: str = "squaredcos_cap_v2"  # diffusers' beta_schedule (the cosine schedule)
    sampler: Literal["ddpm", "ddim"] = "ddim"
    sampling_steps: int = 50  # reverse steps (DDPM always takes all T)
    digit: int | None = None  # digits: the class asked for (None: 0..9 in turn)
    guidance: float = 2.0  # classifier-free guidance scale w (digits)
    cond_drop: float = 0.1  # share of training labels dropped, for guidance
    t_shown: int = 150  # t of the denoising field (and of a forward snapshot when steered)
    ema: float = 0.995
    threads: int = 1
    log_every: int = 25
    sample_every: int = 250  # steps between reverse trajectories
    show_points: int = 500
    eval_samples: int = mode_metrics.EVAL_SAMPLES
    frechet_samples: int = 200  # digits: samples for the live Fréchet distance (0: off)
    min_count: int = mode_metrics.MIN_COUNT

    def __post_init__(self) -> None:
        if self.dataset not in DATASET_DEFAULTS:
            raise ValueError(f"unknown dataset {self.dataset!r}")
        if self.sampler not in SAMPLERS:
            raise ValueError(f"unknown sampler {self.sampler!r}")
        if not 0 <= self.t_shown < self.timesteps:
            raise ValueError(f"t_shown must be in [0, {self.timesteps})")
        for name, value in DATASET_DEFAULTS[self.dataset].items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(steps=40, hidden=32, batch_size=64, log_every=10,
                                    sample_every=20, show_points=50, eval_samples=200,
                                    sampling_steps=10, timesteps=100, t_shown=50)
        return cls(**{**base, **overrides})


def make_scheduler(config: Config):
    from diffusers import DDPMScheduler

    return DDPMScheduler(num_train_timesteps=config.timesteps, beta_schedule=config.schedule,
                         clip_sample=False)


class _Trainer:
    def __init__(self, config: Config) -> None:
        self.config = config
        torch.manual_seed(config.seed)
        self.gen = torch.Generator().manual_seed(config.seed)
        self.data = DiffusionData(config.dataset, config.seed)
        self.conditional = config.dataset == "digits"
        net = dict(dim=self.data.dim, hidden=int(config.hidden),
                   n_labels=10 if self.conditional else 0, fourier=int(config.fourier),
                   fourier_scale=config.fourier_scale, seed=config.seed)
        self.model = Denoiser(**net)
        self.avg = Denoiser(**net)
        self.avg.load_state_dict(self.model.state_dict())
        self.avg.requires_grad_(False)
        self.lr = float(config.lr)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        self.scheduler = make_scheduler(config)
        self.sampler = config.sampler
        self.sampling_steps = config.sampling_steps
        self.guidance = config.guidance
        self.t_shown = config.t_shown

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        x, labels = self.data.sample(n)
        x0 = torch.from_numpy(np.asarray(x, dtype=np.float32)) / self.data.scale
        return x0, None if labels is None else torch.from_numpy(labels.copy())

    def step(self, step: int) -> float:
        c = self.config
        x0, labels = self.batch(int(c.batch_size))
        noise = torch.randn(x0.shape, generator=self.gen)
        t = torch.randint(0, c.timesteps, (len(x0),), generator=self.gen)
        xt = self.scheduler.add_noise(x0, noise, t)
        if labels is not None:
            drop = torch.rand(len(labels), generator=self.gen) < c.cond_drop
            labels = torch.where(drop, torch.full_like(labels, 10), labels)
        # lr warms up over the first 100 steps and decays (cosine) to 5% by the end
        cosine = 0.5 * (1 + math.cos(math.pi * step / c.steps))
        share = min(1.0, step / 100) * (0.05 + 0.95 * cosine)
        for group in self.opt.param_groups:
            group["lr"] = self.lr * share
        loss = nn.functional.mse_loss(self.model(xt, t, labels), noise)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        # EMA with a warm-up (as diffusers' EMAModel): early on the average forgets the
        # random initial weights quickly, so short runs and early previews are not noise.
        decay = min(c.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for a, p in zip(self.avg.parameters(), self.model.parameters(), strict=True):
                a.lerp_(p, 1.0 - decay)
        return float(loss.detach())

    def _eps(self, x: torch.Tensor, t: int, labels: torch.Tensor | None) -> torch.Tensor:
        tt = torch.full((len(x),), int(t), dtype=torch.long)
        if labels is None:
            return self.avg(x, tt)
        if self.guidance == 0:
            return self.avg(x, tt, labels)
        both = self.avg(torch.cat([x, x]), torch.cat([tt, tt]),
                        torch.cat([labels, torch.full_like(labels, 10)]))
        cond, uncond = both.chunk(2)
        return uncond + self.guidance * (cond - uncond)

    @torch.no_grad()
    def sample(self, n: int, labels: torch.Tensor | None = None,
               keep: int = 0) -> tuple[np.ndarray, list[tuple[int, np.ndarray]]]:
        """n samples (data units) from pure noise, and `keep` snapshots along the way."""
        from diffusers import DDIMScheduler, DDPMScheduler

        cls = DDIMScheduler if self.sampler == "ddim" else DDPMScheduler
        sched = cls.from_config(self.scheduler.config)
        steps = self.config.timesteps if self.sampler == "ddpm" else self.sampling_steps
        sched.set_timesteps(steps)
        x = torch.randn(n, self.data.dim, generator=self.gen)
        timesteps = sched.timesteps.tolist()
        picks = np.linspace(0, len(timesteps) - 1, keep) if keep else []
        marks = {timesteps[int(i)] for i in picks}
        shots: list[tuple[int, np.ndarray]] = []
        for t in timesteps:
            if t in marks:
                shots.append((int(t), x.numpy() * self.data.scale))
            x = sched.step(self._eps(x, t, labels), t, x, generator=self.gen).prev_sample
        return x.numpy() * self.data.scale, shots

    def field(self, step: int) -> VectorField:
        """The learned denoising direction at t_shown on a grid over the data (2-D only)."""
        t = self.t_shown
        sigma = float((1 - self.scheduler.alphas_cumprod[t]).sqrt())
        marks, _ = self.data.sample(200)
        return denoising_field(lambda x, tt: self._eps(x, tt, None), t, sigma,
                               self.data.scale, self.data.view, marks, step)

    def forward_snapshots(self, n: int, ts: list[int]) -> list[tuple[int, np.ndarray]]:
        """The same real batch noised to each t, by the closed form (diffusers' add_noise)."""
        x0, _ = self.batch(n)
        noise = torch.randn(x0.shape, generator=self.gen)
        return [(t, self.scheduler.add_noise(x0, noise, torch.full((n,), t)).numpy()
                 * self.data.scale) for t in ts]

    def apply(self, changes: Sequence[tuple[str, Any]]) -> list[str]:
        """Apply steering commands in the order they were sent (Control.checkpoint)."""
        notes = []
        for key, value in changes:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if key in ("lr", "lr_scale"):
                self.lr, note = change_lr(self.lr, key, value)
                notes.append(note)
            elif key == "sampler" and value in SAMPLERS:
                self.sampler = str(value)
                notes.append(f"sampler is now {value}")
            elif key == "sampling_steps" and number and 1 <= value <= self.config.timesteps:
                self.sampling_steps = int(value)
                notes.append(f"sampling steps: {int(value)} (DDIM; DDPM always takes all "
                             f"{self.config.timesteps})")
            elif key == "guidance" and number and 0 <= value <= 20:
                self.guidance = float(value)
                notes.append(f"guidance scale w = {float(value):g}")
            elif key == "t_shown" and number and 0 <= value < self.config.timesteps:
                self.t_shown = int(value)
                notes.append(f"showing t = {int(value)}: the forward process"
                             + ("" if self.conditional else " and the learned denoising field"))
            elif key in STEERABLE:
                notes.append(f"Ignored {key}={value!r}: out of range.")
            else:
                notes.append(f"The diffusion demo cannot change {key!r} while it runs; "
                             f"it takes {', '.join(STEERABLE)}.")
        return notes


def _images(flat: np.ndarray) -> list[list[list[float]]]:
    pix = np.clip((flat.reshape(-1, 8, 8).astype(np.float64) + 1) / 2, 0, 1)
    return np.round(pix, 4).tolist()


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Train the denoiser live; show noising, losses, reverse trajectories and figures."""
    with torch_threads(config.threads):
        yield from _run(config, control or Control())


def _labels(trainer: _Trainer, n: int) -> torch.Tensor | None:
    if not trainer.conditional:
        return None
    d = trainer.config.digit
    return torch.full((n,), d) if d is not None else torch.arange(n) % 10


def _view(trainer: _Trainer, step: int, title: str, shots, final) -> Iterator[Frame]:
    c = trainer.config
    if trainer.conditional:
        rows = [s[:10] for _, s in shots] + [final[:10]]
        names = [f"t={t}" for t, _ in shots for _ in range(10)] + ["t=0"] * 10
        yield ImageGrid(step, [im for r in rows for im in _images(r)], 10, title, names)
    else:
        real, _ = trainer.data.sample(c.show_points)
        sets = {f"t={t}": as_points(s[: c.show_points], 4) for t, s in shots[1:]}
        yield Points(step, {"real": as_points(real, 4), **sets, "fake": as_points(final, 4)})


def _frechet(trainer: _Trainer, n: int, samples: np.ndarray | None = None) -> float:
    """Fréchet distance from generated digits (0..9 in turn) to the held-out real digits, in
    the digit classifier's feature space (`DigitClassifier.frechet`, shared with the VAE and
    the GAN)."""
    from demos.digit_classifier import DigitClassifier

    if samples is None:
        samples, _ = trainer.sample(n, torch.arange(n) % 10)
    pix = np.clip((samples.reshape(-1, 8, 8) + 1) / 2, 0, 1)
    return DigitClassifier.fit_default().frechet(pix)


def _run(config: Config, control: Control) -> Iterator[Frame]:
    started = time.perf_counter()
    trainer = _Trainer(config)
    c = config
    sched = trainer.scheduler
    ab = sched.alphas_cumprod.numpy().astype(np.float64)
    idx = np.linspace(0, c.timesteps - 1, 50).astype(int)
    yield Log(f"DDPM on {c.dataset}: {c.steps} training steps, T={c.timesteps} "
              f"({c.schedule} schedule); sampling with {trainer.sampler}.")
    yield Points(0, {"alpha_bar(t/T)": [(float(i / c.timesteps), float(ab[i])) for i in idx],
                     "beta(t/T)": [(float(i / c.timesteps), float(sched.betas[i]))
                                   for i in idx]})
    ts = [int(v) for v in np.linspace(0, c.timesteps - 1, 5)]
    shots = trainer.forward_snapshots(10 if trainer.conditional else c.show_points, ts)
    if trainer.conditional:
        yield ImageGrid(0, [im for _, s in shots for im in _images(s)], 10,
                        "Forward process: real digits dissolving into noise",
                        [f"t={t}" for t, _ in shots for _ in range(10)])
    else:
        yield Points(0, {f"x_t, t={t}": as_points(s, 4) for t, s in shots})
        yield trainer.field(0)
    step = 0
    n_show = 10 if trainer.conditional else c.show_points
    for step in range(1, c.steps + 1):
        changes = control.checkpoint()
        if control.stopped:
            yield Log(f"Stopped at step {step - 1} of {c.steps}.")
            return
        t_before = trainer.t_shown
        for note in trainer.apply(changes):
            yield Log(note)
        if trainer.t_shown != t_before:
            (t, s), = trainer.forward_snapshots(n_show, [trainer.t_shown])
            if trainer.conditional:
                yield ImageGrid(step, _images(s), 10, f"Forward process at t={t}")
            else:
                yield Points(step, {f"x_t, t={t}": as_points(s, 4)})
                yield trainer.field(step - 1)
        loss = trainer.step(step)
        if step % c.log_every == 0 or step == c.steps:
            yield Scalars(step, {"loss": loss})
        if c.sample_every and step % c.sample_every == 0 and step < c.steps:
            final, traj = trainer.sample(n_show, _labels(trainer, n_show), keep=4)
            yield from _view(trainer, step, "Reverse process: noise to samples", traj, final)
            if not trainer.conditional:
                yield trainer.field(step)
            if trainer.conditional and c.frechet_samples:
                yield Scalars(step, {"frechet_distance": _frechet(trainer, c.frechet_samples)})
    train_s = time.perf_counter() - started - control.paused_s
    yield from _final(trainer, step, started, train_s, control)


def _final(trainer: _Trainer, step: int, started: float, train_s: float,
           control: Control) -> Iterator[Frame]:
    c = trainer.config
    n = c.eval_samples
    if trainer.conditional:
        n -= n % 10
    sample_started = time.perf_counter()
    samples, traj = trainer.sample(n, _labels(trainer, n), keep=4)
    sample_s = time.perf_counter() - sample_started
    yield from _view(trainer, step, "Final samples: noise to data", traj, samples[: c.show_points])
    if not trainer.conditional:
        yield trainer.field(step)
    values: dict[str, Any] = {}
    if trainer.data.mixture is not None:
        report = mode_metrics.mode_report(samples, trainer.data.mixture.centres,
                                          trainer.data.mixture.std, min_count=c.min_count)
        values.update(report.as_dict())
    if not trainer.conditional:
        real, _ = trainer.data.sample(n)
        values["sliced_wasserstein"] = distances.sliced_wasserstein(samples, real)
    else:
        from demos.digit_classifier import FRECHET_FEATURES, FRECHET_SAMPLES, DigitClassifier

        pix = np.clip((samples.reshape(-1, 8, 8) + 1) / 2, 0, 1)
        clf = DigitClassifier.fit_default()
        report = clf.sample_report(pix, c.digit)
        if c.digit is None:
            report["share_as_requested"] = float(
                (clf.predict(pix) == np.arange(len(pix)) % 10).mean())
        for k in ("share_as_requested", "requested_digit", "mean_confidence",
                  "classes_covered", "label_counts"):
            if k in report:
                values[k] = report[k]
        real, _ = trainer.data.sample(n)
        values["sliced_wasserstein"] = distances.sliced_wasserstein(samples, real)
        # 0..9 in turn, whatever digit was asked for: a distance to the whole data set
        values["frechet_distance"] = _frechet(
            trainer, FRECHET_SAMPLES, samples[:FRECHET_SAMPLES] if c.digit is None else None)
        values["frechet_features"] = FRECHET_FEATURES
    wall = time.perf_counter() - started - control.paused_s
    settings = asdict(c)
    settings.update(lr=trainer.lr, sampler=trainer.sampler, guidance=trainer.guidance,
                    sampling_steps=trainer.sampling_steps)
    values.update({"eval_samples": n, "steps_done": step, "train_s": round(train_s, 3),
                   "sample_s": round(sample_s, 3), "wall_s": round(wall, 3),
                   "steps_per_s": round(step / train_s, 1) if train_s > 0 else 0.0,
                   "settings": settings})
    yield Metrics(step, values, final=True)
