"""A small convolutional GAN drawing 8x8 handwritten digits, DCGAN-style.

The generator upsamples noise with transposed convolutions (2x2 -> 4x4 -> 8x8), the
discriminator downsamples with strided convolutions; batch norm in the generator,
LeakyReLU in the discriminator, Adam with beta1 = 0.5 (Radford et al. 2015), trained with
the non-saturating GAN loss (Goodfellow et al. 2014). A fixed batch of noise is drawn
through the generator every few hundred steps, so the learner watches the same samples
turn from blur into digits. At the end a classifier trained on the real digits labels
generated samples: how many of the ten digits appear, and how sure it is. While it trains,
the Fréchet distance of its samples to held-out real digits is shown falling
(`DigitClassifier.frechet`, the measure the VAE and diffusion demos report; this GAN
trains on all 1797 digits, so for it the "held-out" ones are not unseen).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from demos.control import Control, change_lr
from demos.frames import Frame, ImageGrid, Log, Metrics, Scalars
from demos.torch_threads import torch_threads


@dataclass(frozen=True)
class Config:
    steps: int = 2000
    lr: float = 4e-4
    batch_size: int = 64
    seed: int = 0
    noise_dim: int = 32
    width: int = 32  # channels of the first discriminator / last generator conv
    betas: tuple[float, float] = (0.5, 0.999)
    log_every: int = 25  # steps between loss points
    frame_every: int = 200  # steps between sample grids
    grid_samples: int = 36
    grid_cols: int = 6
    eval_samples: int = 1000  # generated digits the classifier labels at the end
    frechet_every: int = 100  # steps between live Fréchet distances (0: only at the end)
    frechet_samples: int = 200  # generated digits per live Fréchet distance
    threads: int = 1  # torch threads while it runs (process-wide): small nets like one

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        """A run of a few dozen steps for tests."""
        base: dict[str, Any] = {"steps": 30, "batch_size": 16, "width": 8, "noise_dim": 8,
                                "log_every": 10, "frame_every": 15, "grid_samples": 4,
                                "grid_cols": 2, "eval_samples": 50, "frechet_every": 15,
                                "frechet_samples": 30}
        return cls(**{**base, **overrides})


class Generator(nn.Module):
    """Noise -> 2x2 feature map -> 4x4 -> 8x8 image in [-1, 1]."""

    def __init__(self, noise_dim: int, width: int) -> None:
        super().__init__()
        self.width = width
        self.project = nn.Sequential(nn.Linear(noise_dim, 2 * width * 4, bias=False),
                                     nn.BatchNorm1d(2 * width * 4), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width), nn.ReLU(),
            nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1), nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.up(self.project(z).view(-1, 2 * self.width, 2, 2))


class Discriminator(nn.Module):
    """8x8 image -> 4x4 -> 2x2 -> one logit (real vs generated)."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(2 * width * 4, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def _load_images() -> torch.Tensor:
    from demos.digits import load_digits_array

    images, _ = load_digits_array()
    return torch.tensor(np.array(images), dtype=torch.float32).unsqueeze(1) * 2 - 1


def _to_unit(images: torch.Tensor) -> np.ndarray:
    return ((images.squeeze(1) + 1) / 2).clamp(0, 1).numpy()


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Train on the 1797 digits, yielding losses, a grid of samples and final metrics."""
    with torch_threads(config.threads):
        yield from _run(config, control or Control())


def _run(config: Config, control: Control) -> Iterator[Frame]:
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    data = _load_images()
    g, d = Generator(config.noise_dim, config.width), Discriminator(config.width)
    lr = config.lr
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=config.betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=config.betas)
    fixed = torch.randn(config.grid_samples, config.noise_dim, generator=gen)
    fd_gen = torch.Generator().manual_seed(config.seed + 1)  # leaves training's stream alone
    softplus = nn.functional.softplus

    def samples(noise: torch.Tensor) -> np.ndarray:
        g.eval()
        with torch.no_grad():
            out = _to_unit(g(noise))
        g.train()
        return out

    def grid(step: int, images: np.ndarray, labels: list[str] | None = None) -> ImageGrid:
        pixels = [[[float(v) for v in row] for row in img] for img in images.tolist()]
        return ImageGrid(step, pixels, config.grid_cols, f"samples at step {step}", labels or [])

    yield Log(f"Training a DCGAN-style GAN on {len(data)} 8x8 digits for {config.steps} steps.")
    started, done = time.perf_counter(), 0
    for step in range(1, config.steps + 1):
        changes = control.checkpoint()
        if control.stopped:
            return
        for key, value in changes:  # in the order sent: two halvings halve twice
            if key in ("lr", "lr_scale"):
                lr, note = change_lr(lr, key, value)
                for opt in (opt_g, opt_d):
                    for group in opt.param_groups:
                        group["lr"] = lr
                yield Log(note)
            else:
                yield Log(f"{key} can't be changed while the gan-digits demo runs "
                          "(it takes lr and lr_scale).")
        real = data[torch.randint(0, len(data), (config.batch_size,), generator=gen)]
        fake = g(torch.randn(config.batch_size, config.noise_dim, generator=gen))
        d_loss = softplus(-d(real)).mean() + softplus(d(fake.detach())).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        d.requires_grad_(False)
        g_loss = softplus(-d(fake)).mean()
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        d.requires_grad_(True)
        done = step
        if step % config.log_every == 0 or step == config.steps:
            yield Scalars(step, {"d_loss": float(d_loss.detach()),
                                 "g_loss": float(g_loss.detach())})
        if step % config.frame_every == 0 or step == config.steps:
            yield grid(step, samples(fixed))
        if config.frechet_every and step % config.frechet_every == 0 and step < config.steps:
            from demos.digit_classifier import DigitClassifier

            noise = torch.randn(config.frechet_samples, config.noise_dim, generator=fd_gen)
            fd = DigitClassifier.fit_default().frechet(samples(noise))
            yield Scalars(step, {"frechet_distance": fd})
    wall = time.perf_counter() - started - control.paused_s

    from demos.digit_classifier import FRECHET_FEATURES, FRECHET_SAMPLES, DigitClassifier

    classifier = DigitClassifier.fit_default()
    drawn = samples(torch.randn(config.eval_samples, config.noise_dim, generator=gen))
    report = classifier.sample_report(drawn)
    fixed_images = samples(fixed)
    labels = [str(int(k)) for k in classifier.predict(fixed_images)]
    yield grid(done, fixed_images, labels)
    settings = asdict(config)
    settings.update(lr=lr, betas=list(config.betas))
    yield Metrics(done, {
        **report,
        "frechet_distance": classifier.frechet(
            samples(torch.randn(FRECHET_SAMPLES, config.noise_dim, generator=fd_gen))),
        "frechet_features": FRECHET_FEATURES,
        "steps_done": done,
        "wall_s": round(wall, 3),
        "steps_per_s": round(done / wall, 1) if wall > 0 else 0.0,
        "settings": settings,
    }, final=True)
