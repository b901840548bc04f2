"""Distances between two sets of samples, for comparing generative models on one scale.

The sliced Wasserstein distance (Rabin et al. 2011; Bonneel et al. 2015) averages the 1-D
Wasserstein-1 distance over random projections: sort both projected sets and compare them
quantile by quantile. It is 0 for a set against itself and grows as the sets drift apart.
Pure numpy, so GAN, VAE and diffusion runs can all report it.
"""

from __future__ import annotations

import numpy as np


def sliced_wasserstein(a: np.ndarray, b: np.ndarray, projections: int = 128,
                       seed: int = 0) -> float:
    """Mean over random unit directions of W1 between the projected sets (same units as x)."""
    a = np.asarray(a, dtype=np.float64).reshape(len(a), -1)
    b = np.asarray(b, dtype=np.float64).reshape(len(b), -1)
    if a.shape[1] != b.shape[1]:
        raise ValueError("both sets need the same dimension")
    if len(a) == 0 or len(b) == 0:
        return float("nan")
    rng = np.random.default_rng(seed)
    dirs = rng.standard_normal((a.shape[1], projections))
    dirs /= np.linalg.norm(dirs, axis=0, keepdims=True)
    qs = np.linspace(0.0, 1.0, max(len(a), len(b)))
    pa = np.quantile(a @ dirs, qs, axis=0)
    pb = np.quantile(b @ dirs, qs, axis=0)
    return float(np.abs(pa - pb).mean())


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The Fréchet distance between Gaussians fitted to two feature sets (the FID recipe,
    Heusel et al. 2017): |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)). The trace of
    the root is the sum of the square roots of the eigenvalues of S_a S_b, as torchmetrics
    computes it. Which features are used is the caller's to name (not Inception here)."""
    a = np.asarray(a, dtype=np.float64).reshape(len(a), -1)
    b = np.asarray(b, dtype=np.float64).reshape(len(b), -1)
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = np.sqrt(np.linalg.eigvals(s_a @ s_b).astype(np.complex128)).real.sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(s_a) + np.trace(s_b) - 2 * root)
