"""A variational autoencoder learning the 8x8 handwritten digits, live.

The VAE (Kingma & Welling 2013, "Auto-Encoding Variational Bayes") trains an encoder
q(z|x) and a decoder p(x|z) by maximising the evidence lower bound: a reconstruction term
(here Bernoulli cross-entropy over the 64 pixels) minus the KL divergence from q(z|x) to the
prior N(0, I), made differentiable by the reparameterisation trick. Both terms are shown
separately as it trains. `beta` weights the KL term (beta-VAE, Higgins et al. 2017): more
than 1 buys a smoother, more disentangled latent space at the price of blurrier digits.
The conditional mode (CVAE, Sohn et al. 2015) feeds a one-hot label to encoder and decoder,
so the decoder can be asked to "draw a 7". A classifier trained on real digits scores the
samples (`demos.digit_classifier`), and the Fréchet distance of its samples to held-out
digits is shown falling as it trains (the measure the diffusion and GAN demos report).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from demos import vae_figures as figs
from demos.control import Control, change_lr
from demos.digit_classifier import (
    FRECHET_FEATURES,
    FRECHET_SAMPLES,
    HELDOUT_SHARE,
    SPLIT_SEED,
    DigitClassifier,
)
from demos.digits import load_digits_array
from demos.frames import Frame, Log, Metrics, Scalars
from demos.torch_threads import torch_threads

STEERABLE = ("lr", "lr_scale", "beta")


@dataclass(frozen=True)
class Config:
    """Every default of the VAE demo; field names match `demos.params.VaeParams`."""

    steps: int = 1500
    lr: float = 2e-3
    beta: float = 1.0
    latent_dim: int = 2
    conditional: bool = False
    digit: int | None = None  # a requested digit implies the conditional model
    seed: int = 0
    batch_size: int = 128
    hidden: int = 256
    log_every: int = 25  # steps between loss points
    grid_every: int = 500  # steps between sample grids while training (0: only at the end)
    frechet_every: int = 100  # steps between live Fréchet distances (0: only at the end)
    frechet_samples: int = 200  # decoded digits per live Fréchet distance
    eval_samples: int = 500  # generated digits scored by the classifier
    map_size: int = 12  # the decoded latent plane is map_size x map_size digits
    threads: int = 1  # torch threads while it runs: tiny MLPs are fastest on one

    @property
    def is_conditional(self) -> bool:
        return self.conditional or self.digit is not None

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        """A seconds-long preset for tests."""
        base: dict[str, Any] = dict(steps=60, hidden=32, batch_size=64, log_every=10,
                                    grid_every=30, eval_samples=50, map_size=4,
                                    frechet_every=20, frechet_samples=50)
        return cls(**{**base, **overrides})


class Encoder(nn.Module):
    """x (and a one-hot label for the CVAE) -> mean and log-variance of q(z|x)."""

    def __init__(self, latent_dim: int, hidden: int, n_labels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(64 + n_labels, hidden), nn.ReLU(),
                                  nn.Linear(hidden, hidden), nn.ReLU())
        self.mean = nn.Linear(hidden, latent_dim)
        self.logvar = nn.Linear(hidden, latent_dim)

    def forward(self, x: torch.Tensor, label: torch.Tensor | None) -> tuple[torch.Tensor, ...]:
        h = x.flatten(1) if label is None else torch.cat([x.flatten(1), label], dim=1)
        h = self.body(h)
        return self.mean(h), self.logvar(h)


class Decoder(nn.Module):
    """z (and a one-hot label for the CVAE) -> logits of the 64 pixels."""

    def __init__(self, latent_dim: int, hidden: int, n_labels: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(latent_dim + n_labels, hidden), nn.ReLU(),
                                 nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 64))

    def forward(self, z: torch.Tensor, label: torch.Tensor | None) -> torch.Tensor:
        h = z if label is None else torch.cat([z, label], dim=1)
        return self.net(h).view(-1, 8, 8)


class VAE(nn.Module):
    def __init__(self, latent_dim: int, hidden: int, conditional: bool) -> None:
        super().__init__()
        n_labels = 10 if conditional else 0
        self.latent_dim = latent_dim
        self.encoder = Encoder(latent_dim, hidden, n_labels)
        self.decoder = Decoder(latent_dim, hidden, n_labels)

    def forward(self, x: torch.Tensor, label: torch.Tensor | None,
                generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        mean, logvar = self.encoder(x, label)
        eps = torch.randn(mean.shape, generator=generator)
        z = mean + eps * torch.exp(0.5 * logvar)  # the reparameterisation trick
        return self.decoder(z, label), mean, logvar

    def decode(self, z: torch.Tensor, label: torch.Tensor | None) -> torch.Tensor:
        return torch.sigmoid(self.decoder(z, label))


def loss_terms(logits: torch.Tensor, x: torch.Tensor, mean: torch.Tensor,
               logvar: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-digit averages of the reconstruction term (nats) and KL(q(z|x) || N(0, I))."""
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = -0.5 * torch.sum(1 + logvar - mean.pow(2) - logvar.exp()) / len(x)
    return rec, kl


def init_weights(model: nn.Module, generator: torch.Generator) -> None:
    """PyTorch's default Linear init, drawn from our own generator so runs repeat exactly
    without touching the global RNG (another demo may be running)."""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            bound = 1.0 / module.in_features ** 0.5
            nn.init.uniform_(module.weight, -bound, bound, generator=generator)
            nn.init.uniform_(module.bias, -bound, bound, generator=generator)


def one_hot(labels: np.ndarray | torch.Tensor) -> torch.Tensor:
    return F.one_hot(torch.as_tensor(labels, dtype=torch.long), 10).float()


def split_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The classifier's split: the VAE never sees the digits it is judged on."""
    from sklearn.model_selection import train_test_split

    images, labels = load_digits_array()
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=HELDOUT_SHARE, random_state=SPLIT_SEED, stratify=labels)
    return x_train, x_test, y_train, y_test


def _apply_changes(changes: list[tuple[str, Any]], optimizer: torch.optim.Optimizer,
                   state: dict[str, float]) -> Iterator[Log]:
    """Steering from the control channel: lr, lr_scale and beta; anything else is refused."""
    for key, value in changes:  # in the order sent: two halvings halve twice
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if key in ("lr", "lr_scale"):
            state["lr"], note = change_lr(state["lr"], key, value)
            for group in optimizer.param_groups:
                group["lr"] = state["lr"]
            yield Log(note)
        elif key == "beta" and number and 0 <= value <= 20:
            state["beta"] = float(value)
            yield Log(f"beta is now {state['beta']:g}: the KL term weighs {state['beta']:g}x.")
        elif key in STEERABLE:
            yield Log(f"Ignored {key}={value!r}: beta must be a number from 0 to 20.")
        else:
            yield Log(f"The VAE demo cannot change {key!r} while it runs; "
                      f"it takes {', '.join(STEERABLE)}.")


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Train the (C)VAE live, then show what it learned and score its samples."""
    with torch_threads(config.threads):
        yield from _run(config, control or Control())


def _run(config: Config, control: Control) -> Iterator[Frame]:
    started = time.perf_counter()
    gen = torch.Generator().manual_seed(config.seed)
    cond = config.is_conditional
    x_train, x_test, y_train, y_test = split_digits()
    xs, ys = torch.from_numpy(x_train.copy()), torch.from_numpy(y_train.copy())
    model = VAE(config.latent_dim, config.hidden, cond)
    init_weights(model, gen)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    state = {"lr": config.lr, "beta": config.beta}
    kind = "conditional VAE (CVAE)" if cond else "VAE"
    yield Log(f"Training a {kind} with a {config.latent_dim}-D latent on {len(xs)} digits "
              f"for {config.steps} steps (beta={config.beta:g}, lr={config.lr:g}).")
    fixed_z = torch.randn(20, config.latent_dim, generator=gen)
    fd_gen = torch.Generator().manual_seed(config.seed + 1)  # leaves training's stream alone
    sums = np.zeros(2)
    seen = 0
    step = 0
    train_started = time.perf_counter()
    for step in range(1, config.steps + 1):
        changes = control.checkpoint()
        if control.stopped:
            yield Log(f"Stopped at step {step - 1} of {config.steps}.")
            return
        yield from _apply_changes(changes, optimizer, state)
        idx = torch.randint(len(xs), (config.batch_size,), generator=gen)
        x, label = xs[idx], (one_hot(ys[idx]) if cond else None)
        logits, mean, logvar = model(x, label, gen)
        rec, kl = loss_terms(logits, x, mean, logvar)
        loss = rec + state["beta"] * kl
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        sums += (rec.item(), kl.item())
        seen += 1
        if step % config.log_every == 0 or step == config.steps:
            r, k = (sums / seen).tolist()
            yield Scalars(step, {"reconstruction": r, "kl": k, "total": r + state["beta"] * k})
            sums[:] = 0
            seen = 0
        if config.grid_every and step % config.grid_every == 0 and step < config.steps:
            with torch.no_grad():  # not around the yield: grad mode must not leak to the caller
                grid = figs.sample_grid(model, fixed_z, config, step, "Samples while training")
            yield grid
        if config.frechet_every and step % config.frechet_every == 0 and step < config.steps:
            with torch.no_grad():
                fd = figs.frechet(model, config, config.frechet_samples, fd_gen)
            yield Scalars(step, {"frechet_distance": fd})
    train_s = time.perf_counter() - train_started - control.paused_s
    model.eval()
    with torch.no_grad():
        final = list(figs.final_figures(model, config, step, gen, fixed_z, x_test, y_test))
        final.append(_final_metrics(model, config, step, gen, x_test, y_test, state, train_s,
                                    started + control.paused_s))
    yield from final


def _final_metrics(model: VAE, config: Config, step: int, gen: torch.Generator,
                   x_test: np.ndarray, y_test: np.ndarray, state: dict[str, float],
                   train_s: float, started: float) -> Metrics:
    """Held-out loss terms plus the classifier's verdict on generated digits."""
    x = torch.from_numpy(x_test.copy())
    label = one_hot(y_test) if config.is_conditional else None
    logits, mean, logvar = model(x, label, gen)
    rec, kl = loss_terms(logits, x, mean, logvar)
    samples, requested = figs.generate(model, config, config.eval_samples, gen)
    report = DigitClassifier.fit_default().sample_report(samples, requested)
    fd = figs.frechet(model, config, FRECHET_SAMPLES,
                      torch.Generator().manual_seed(config.seed + 1))
    if config.is_conditional and requested is None:  # one block per digit, 0..9
        labels = DigitClassifier.fit_default().predict(samples)
        asked = np.repeat(np.arange(10), config.eval_samples // 10)
        report["share_as_requested"] = float((labels == asked).mean())
    wall = time.perf_counter() - started
    first = ("classes_covered", "mean_confidence", "share_as_requested", "requested_digit")
    values: dict[str, Any] = {k: report[k] for k in first if k in report}
    values.update({
        "test_reconstruction": rec.item(),
        "test_kl": kl.item(),
        "test_neg_elbo": rec.item() + kl.item(),
        "frechet_distance": fd,
        "frechet_features": FRECHET_FEATURES,
        "samples": report["samples"],
        "classifier_heldout_accuracy": report["classifier_heldout_accuracy"],
        "label_counts": report["label_counts"],
        "wall_s": wall,
        "train_s": train_s,
        "steps": step,
        "steps_per_s": step / train_s if train_s > 0 else 0.0,
        "settings": {**asdict(config), "lr": state["lr"], "beta": state["beta"],
                     "conditional": config.is_conditional},
    })
    return Metrics(step, values, final=True)

