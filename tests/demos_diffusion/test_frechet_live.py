"""One Fréchet distance for every digit model (`DigitClassifier.frechet`): its reference is
the held-out digits, it ranks real < noisy < noise, and it falls while the VAE trains."""

from __future__ import annotations

import numpy as np
import pytest

from demos import vae
from demos.control import Control
from demos.digit_classifier import DigitClassifier
from demos.distances import frechet_distance
from demos.frames import Scalars


def test_digit_frechet_is_the_shared_distance_to_held_out_digits() -> None:
    clf = DigitClassifier.fit_default()
    x_train, x_test, _, _ = vae.split_digits()
    assert clf.frechet(x_test) == pytest.approx(0.0, abs=1e-6)
    real = clf.frechet(x_train[:400])
    assert real == pytest.approx(frechet_distance(clf.predict_proba(x_train[:400]),
                                                  clf.predict_proba(x_test)))
    rng = np.random.default_rng(0)
    noisy = [clf.frechet(np.clip(x_train[:400] + s * rng.standard_normal((400, 8, 8)), 0, 1))
             for s in (0.5, 1.0)]
    noise = clf.frechet(rng.uniform(0, 1, (400, 8, 8)))
    assert real < 0.01 < noisy[0] < noisy[1] < noise


def test_frechet_distance_falls_while_the_vae_trains() -> None:
    config = vae.Config.tiny(steps=400, hidden=64, batch_size=128, frechet_every=50,
                             frechet_samples=200)
    frames = list(vae.run(config, Control()))
    live = [f.values["frechet_distance"] for f in frames
            if isinstance(f, Scalars) and "frechet_distance" in f.values]
    assert len(live) == 7
    assert live[-1] < 0.8 * live[0]
    assert frames[-1].values["frechet_distance"] < 0.8 * live[0]
