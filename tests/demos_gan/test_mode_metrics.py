"""The VEEGAN-protocol metrics on hand-built point sets, checked against a direct count."""

from __future__ import annotations

import math

import numpy as np
import pytest

from demos import toy_data
from demos.mode_metrics import mode_report


def direct_count(points: np.ndarray, centres: np.ndarray, std: float,
                 min_count: int) -> tuple[int, float]:
    """The same protocol written as plain loops: an independent reference."""
    per_mode = [0] * len(centres)
    good = 0
    for x, y in points.tolist():
        dists = [math.hypot(x - cx, y - cy) for cx, cy in centres.tolist()]
        nearest = min(range(len(dists)), key=dists.__getitem__)
        if dists[nearest] <= 3 * std:
            good += 1
            per_mode[nearest] += 1
    return sum(c >= min_count for c in per_mode), good / len(points)


@pytest.mark.parametrize("name", ["ring", "grid"])
def test_all_samples_on_centres_cover_every_mode(name: str) -> None:
    mix = toy_data.get(name)
    points = np.repeat(mix.centres, 30, axis=0)
    report = mode_report(points, mix.centres, mix.std)
    assert report.modes_covered == mix.n_modes
    assert report.high_quality == 1.0
    assert (report.modes_covered, report.high_quality) == direct_count(
        points, mix.centres, mix.std, 20)


def test_samples_at_one_centre_cover_one_mode() -> None:
    mix = toy_data.get("ring")
    points = np.repeat(mix.centres[3:4], 2500, axis=0)
    report = mode_report(points, mix.centres, mix.std)
    assert report.modes_covered == 1
    assert report.counts[3] == 2500
    assert report.high_quality == 1.0


def test_far_away_samples_are_not_high_quality() -> None:
    mix = toy_data.get("grid")
    points = np.full((100, 2), 50.0)
    report = mode_report(points, mix.centres, mix.std)
    assert report.high_quality == 0.0
    assert report.modes_covered == 0


def test_real_samples_score_like_the_direct_count() -> None:
    """Real data with a few outliers and one thinly populated mode: both counts agree."""
    mix = toy_data.get("ring")
    rng = np.random.default_rng(0)
    points = np.concatenate([
        mix.sample(2000, rng)[:1900],
        rng.uniform(-3, 3, size=(80, 2)),
        mix.centres[:1] + rng.standard_normal((20, 2)) * mix.std,
    ]).astype(np.float32)
    for min_count in (1, 20, 300):
        report = mode_report(points, mix.centres, mix.std, min_count=min_count)
        modes, hq = direct_count(points, mix.centres, mix.std, min_count)
        assert report.modes_covered == modes
        assert report.high_quality == pytest.approx(hq)
    assert 0.9 < mode_report(points, mix.centres, mix.std).high_quality < 1.0


def test_min_count_threshold() -> None:
    """A mode with 19 samples is missed at the default threshold of 20, found at 1."""
    mix = toy_data.get("ring")
    points = np.concatenate([np.repeat(mix.centres[:1], 19, axis=0),
                             np.repeat(mix.centres[1:2], 20, axis=0)])
    assert mode_report(points, mix.centres, mix.std).modes_covered == 1
    assert mode_report(points, mix.centres, mix.std, min_count=1).modes_covered == 2


def test_datasets_match_their_protocol() -> None:
    ring, grid = toy_data.get("ring"), toy_data.get("grid")
    assert ring.n_modes == 8 and grid.n_modes == 25
    assert np.allclose(np.linalg.norm(ring.centres, axis=1), 2.0)
    assert grid.centres.min() == -4.0 and grid.centres.max() == 4.0
    rng = np.random.default_rng(1)
    sample = ring.sample(4000, rng)
    spread = np.linalg.norm(sample[:, None] - ring.centres[None], axis=2).min(axis=1)
    # The distance to the own centre of a 2-D Gaussian has mean std * sqrt(pi / 2).
    assert spread.mean() == pytest.approx(ring.std * math.sqrt(math.pi / 2), rel=0.05)


def test_mode_kl_is_zero_when_even_and_log_k_when_all_in_one_mode() -> None:
    mix = toy_data.get("ring")
    even = np.repeat(mix.centres, 50, axis=0)
    assert mode_report(even, mix.centres, mix.std).mode_kl == pytest.approx(0.0, abs=1e-12)
    one = np.repeat(mix.centres[:1], 400, axis=0)
    assert mode_report(one, mix.centres, mix.std).mode_kl == pytest.approx(math.log(8))
    skewed = np.concatenate([np.repeat(mix.centres[:1], 300, axis=0), even])
    assert 0 < mode_report(skewed, mix.centres, mix.std).mode_kl < math.log(8)
