"""What a trained VAE shows: samples, reconstructions, an interpolation and a latent map.

Each function takes the model and returns plain-data frames (python floats, no tensors).
Callers run them under `torch.no_grad()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch.nn import functional as F

from demos.frames import Frame, ImageGrid, Log, Points

if TYPE_CHECKING:
    from demos.vae import VAE, Config


def to_images(pixels: torch.Tensor | np.ndarray) -> list[list[list[float]]]:
    """(n, 8, 8) values in [0, 1] as nested lists of python floats."""
    array = pixels.detach().numpy() if isinstance(pixels, torch.Tensor) else np.asarray(pixels)
    return np.round(array.astype(np.float64), 4).tolist()


def _one_hot(labels: torch.Tensor) -> torch.Tensor:
    return F.one_hot(labels.long(), 10).float()


def sample_labels(config: Config, n: int) -> torch.Tensor | None:
    """The labels to draw: the requested digit, digits 0..9 in turn, or none (plain VAE)."""
    if not config.is_conditional:
        return None
    if config.digit is not None:
        return torch.full((n,), config.digit)
    return torch.arange(n) % 10


def generate(model: VAE, config: Config, n: int,
             gen: torch.Generator) -> tuple[np.ndarray, int | None]:
    """n digits decoded from the prior; for a CVAE with no digit asked, n // 10 of each digit
    in blocks (0s first). Returns the images and the requested digit, if any."""
    if config.is_conditional and config.digit is None:
        n -= n % 10
        labels: torch.Tensor | None = torch.arange(10).repeat_interleave(n // 10)
    else:
        labels = sample_labels(config, n)
    z = torch.randn(n, model.latent_dim, generator=gen)
    images = model.decode(z, None if labels is None else _one_hot(labels))
    return images.numpy(), config.digit


def frechet(model: VAE, config: Config, n: int, gen: torch.Generator) -> float:
    """Fréchet distance from n digits decoded from the prior (0..9 in turn for a CVAE,
    whatever digit was asked for) to the held-out real digits (`DigitClassifier.frechet`,
    the same measure as the diffusion and GAN demos)."""
    from demos.digit_classifier import DigitClassifier

    labels = torch.arange(n) % 10 if config.is_conditional else None
    z = torch.randn(n, model.latent_dim, generator=gen)
    images = model.decode(z, None if labels is None else _one_hot(labels))
    return DigitClassifier.fit_default().frechet(images.numpy())


def sample_grid(model: VAE, z: torch.Tensor, config: Config, step: int, title: str) -> ImageGrid:
    labels = sample_labels(config, len(z))
    images = model.decode(z, None if labels is None else _one_hot(labels))
    names = [] if labels is None else [str(int(d)) for d in labels]
    return ImageGrid(step, to_images(images), ncols=10, title=title, labels=names)


def _encode_means(model: VAE, x: np.ndarray, y: np.ndarray, conditional: bool) -> torch.Tensor:
    label = _one_hot(torch.from_numpy(y.copy())) if conditional else None
    mean, _ = model.encoder(torch.from_numpy(x.copy()), label)
    return mean


def reconstructions(model: VAE, config: Config, step: int, x: np.ndarray,
                    y: np.ndarray) -> ImageGrid:
    """Ten held-out digits (top row) and their reconstructions from the mean code (below)."""
    x, y = x[:10], y[:10]
    mean = _encode_means(model, x, y, config.is_conditional)
    label = _one_hot(torch.from_numpy(y.copy())) if config.is_conditional else None
    recon = model.decode(mean, label)
    names = [f"real {d}" for d in y] + ["decoded"] * len(y)
    return ImageGrid(step, to_images(x) + to_images(recon), ncols=len(x),
                     title="Held-out digits (top) and their reconstructions (bottom)",
                     labels=names)


def _pick_pair(config: Config, y: np.ndarray, gen: torch.Generator) -> tuple[int, int]:
    """Two held-out digits to morph between: two styles of the requested digit for a CVAE
    asked for one, otherwise two different digits."""
    order = torch.randperm(len(y), generator=gen).tolist()
    if config.digit is not None:
        same = [i for i in order if y[i] == config.digit]
        return same[0], same[1]
    first = order[0]
    second = next(i for i in order if y[i] != y[first])
    return first, second


def interpolation(model: VAE, config: Config, step: int, x: np.ndarray, y: np.ndarray,
                  gen: torch.Generator, n: int = 10) -> ImageGrid:
    """Walk in a straight line between two digits' codes and decode each point; for a CVAE
    the one-hot label is blended along the same line."""
    a, b = _pick_pair(config, y, gen)
    pair_x, pair_y = x[[a, b]], y[[a, b]]
    means = _encode_means(model, pair_x, pair_y, config.is_conditional)
    t = torch.linspace(0, 1, n).unsqueeze(1)
    z = (1 - t) * means[0] + t * means[1]
    label = None
    if config.is_conditional:
        hot = _one_hot(torch.from_numpy(pair_y.copy()))
        label = (1 - t) * hot[0] + t * hot[1]
    path = model.decode(z, label)
    images = to_images(pair_x[:1]) + to_images(path) + to_images(pair_x[1:])
    names = [f"real {pair_y[0]}"] + [f"t={v:.2f}" for v in t.squeeze(1).tolist()]
    names.append(f"real {pair_y[1]}")
    return ImageGrid(step, images, ncols=n + 2,
                     title=f"Interpolating from a {pair_y[0]} to a {pair_y[1]} in latent space",
                     labels=names)


def latent_plane(model: VAE, config: Config, step: int) -> ImageGrid:
    """Decode a grid over the 2-D latent plane at the prior's quantiles (5%..95%),
    rows from high z2 (top) to low z2 (bottom), columns from low z1 to high z1."""
    n = config.map_size
    q = torch.distributions.Normal(0.0, 1.0).icdf(torch.linspace(0.05, 0.95, n))
    z2, z1 = torch.meshgrid(q.flip(0), q, indexing="ij")
    z = torch.stack([z1.reshape(-1), z2.reshape(-1)], dim=1)
    label = None
    what = ""
    if config.digit is not None:
        label = _one_hot(torch.full((len(z),), config.digit))
        what = f" (all drawn as a {config.digit}: z holds the style)"
    images = model.decode(z, label)
    return ImageGrid(step, to_images(images), ncols=n,
                     title=f"The decoded latent plane, z1 across, z2 down{what}")


def project_2d(means: np.ndarray) -> tuple[np.ndarray, str]:
    """Means as 2-D points: as they are for a 2-D latent, else their first two principal
    components (signs fixed so the largest loading is positive, for repeatable plots)."""
    if means.shape[1] == 2:
        return means, "the latent plane (z1, z2)"
    centred = means - means.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:2]
    signs = np.sign(axes[np.arange(2), np.abs(axes).argmax(axis=1)])
    return centred @ (axes * signs[:, None]).T, "the first two principal components of the means"


def latent_scatter(model: VAE, config: Config, step: int, x: np.ndarray,
                   y: np.ndarray) -> Iterator[Frame]:
    means = _encode_means(model, x, y, config.is_conditional).numpy().astype(np.float64)
    points, where = project_2d(means)
    sets = {str(d): [(float(p[0]), float(p[1])) for p in np.round(points[y == d], 4)]
            for d in range(10)}
    note = ("The label is given to the CVAE, so its codes need not separate the digits: "
            "they hold style (slant, thickness)." if config.is_conditional
            else "Digits the VAE finds alike land close together.")
    yield Log(f"Held-out digits encoded to their means, shown in {where}. {note}")
    yield Points(step, sets)


def final_figures(model: VAE, config: Config, step: int, gen: torch.Generator,
                  fixed_z: torch.Tensor, x_test: np.ndarray,
                  y_test: np.ndarray) -> Iterator[Frame]:
    """Samples, reconstructions, an interpolation and the latent map, in that order."""
    if config.digit is not None:
        title = f"Samples: the CVAE asked to draw a {config.digit}"
    elif config.is_conditional:
        title = "Samples: the CVAE asked for 0..9 across each row"
    else:
        title = "Samples from the prior N(0, I)"
    z = torch.cat([fixed_z, torch.randn(30, model.latent_dim, generator=gen)])
    yield sample_grid(model, z, config, step, title)
    yield reconstructions(model, config, step, x_test, y_test)
    yield interpolation(model, config, step, x_test, y_test, gen)
    if config.latent_dim == 2 and not (config.is_conditional and config.digit is None):
        yield latent_plane(model, config, step)
    yield from latent_scatter(model, config, step, x_test, y_test)
