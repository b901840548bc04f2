"""The 8x8 handwritten digits bundled with scikit-learn (offline), as float images in [0, 1].

Shared by the digit demos (VAE, DCGAN) and the classifier that scores their samples.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _load() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = (bunch.images / 16.0).astype(np.float32)
    labels = bunch.target.astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_digits_array() -> tuple[np.ndarray, np.ndarray]:
    """All 1797 digits: images (n, 8, 8) float32 in [0, 1] and labels (n,) int64.

    Cached in-process; the cached arrays are read-only, so callers copy before editing."""
    return _load()
