"""2-D mixtures of Gaussians: the standard testbed for mode collapse.

`ring` is eight Gaussians evenly spaced on a circle of radius 2 with std 0.02, as in
VEEGAN (Srivastava et al. 2017). `grid` is twenty-five Gaussians on a 5x5 grid over
[-4, 4]^2 (spacing 2) with std 0.05, the grid used by PacGAN (Lin et al. 2018) when it
repeats VEEGAN's protocol. Pure numpy: the metrics and tests use it without torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Mixture:
    """Equal-weight isotropic Gaussians: `centres` (k, 2), one shared `std`, and the
    square `view` (low, high) a plot of the data should cover."""

    name: str
    centres: np.ndarray
    std: float
    view: tuple[float, float]

    @property
    def n_modes(self) -> int:
        return len(self.centres)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n points (float32, shape (n, 2)): a uniformly chosen centre plus Gaussian noise."""
        which = rng.integers(0, self.n_modes, size=n)
        noise = rng.standard_normal((n, 2)) * self.std
        return (self.centres[which] + noise).astype(np.float32)


def ring(n_modes: int = 8, radius: float = 2.0, std: float = 0.02) -> Mixture:
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return Mixture("ring", centres, std, (-radius * 1.5, radius * 1.5))


def grid(side: int = 5, extent: float = 4.0, std: float = 0.05) -> Mixture:
    ticks = np.linspace(-extent, extent, side)
    xs, ys = np.meshgrid(ticks, ticks)
    centres = np.stack([xs.ravel(), ys.ravel()], axis=1)
    return Mixture("grid", centres, std, (-extent * 1.375, extent * 1.375))


DATASETS = {"ring": ring, "grid": grid}


def get(name: str) -> Mixture:
    """The named mixture with its standard settings."""
    return DATASETS[name]()


def as_points(array: np.ndarray, decimals: int | None = None) -> list[tuple[float, float]]:
    """An (n, 2) array as plain (x, y) tuples for a Points frame (optionally rounded)."""
    a = np.asarray(array, dtype=np.float64)
    if decimals is not None:
        a = np.round(a, decimals)
    return [(float(x), float(y)) for x, y in a.tolist()]
