"""The diffusion demo: the forward process against its closed form, frames, the distance,
the registry path, and the ring target (real run)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from demos import diffusion, registry
from demos.control import Control
from demos.distances import sliced_wasserstein
from tests.demos_gan.conftest import collect
from tutor.errors import DemoError


def final(frames: list[dict]) -> dict:
    finals = [f for f in frames if f["kind"] == "metrics" and f["final"]]
    assert len(finals) == 1
    return finals[0]["values"]


def test_add_noise_is_the_closed_form_of_q() -> None:
    sched = diffusion.make_scheduler(diffusion.Config())
    ab = sched.alphas_cumprod
    assert torch.allclose(ab, torch.cumprod(1 - sched.betas, 0))
    x0 = torch.randn(64, 2, generator=torch.Generator().manual_seed(1))
    eps = torch.randn(64, 2, generator=torch.Generator().manual_seed(2))
    t = torch.randint(0, 1000, (64,), generator=torch.Generator().manual_seed(3))
    expected = ab[t].sqrt()[:, None] * x0 + (1 - ab[t]).sqrt()[:, None] * eps
    assert torch.allclose(sched.add_noise(x0, eps, t), expected, atol=1e-6)
    assert float(ab[-1]) < 1e-3 < float(ab[0])  # ends in (almost) pure noise


@pytest.mark.parametrize("dataset", ["ring", "spiral", "digits"])
def test_tiny_run_yields_plain_frames(dataset: str) -> None:
    config = diffusion.Config.tiny(dataset=dataset)
    frames = collect(diffusion.run(config, Control()))
    kinds = {f["kind"] for f in frames}
    shown = "images" if dataset == "digits" else "points"
    assert {"log", "scalars", "points", "metrics", shown} <= kinds
    assert ("vectors" in kinds) == (dataset != "digits")  # the denoising field is 2-D only
    schedule = next(f for f in frames if f["kind"] == "points")
    ab = [y for _, y in schedule["sets"]["alpha_bar(t/T)"]]
    assert ab == sorted(ab, reverse=True)
    values = final(frames)
    assert values["steps_done"] == config.steps
    assert values["sliced_wasserstein"] >= 0
    if dataset == "ring":
        assert values["n_modes"] == 8 and sum(values["mode_counts"]) <= values["eval_samples"]
    if dataset == "digits":
        assert 0 <= values["share_as_requested"] <= 1 and 0 < values["mean_confidence"] <= 1


def test_steering_changes_sampler_guidance_and_refuses_others() -> None:
    control = Control()
    control.send(sampler="ddpm", guidance=3.5, batch_size=9, sampling_steps=-1)
    frames = collect(diffusion.run(diffusion.Config.tiny(dataset="digits"), control))
    logs = " | ".join(f["text"] for f in frames if f["kind"] == "log")
    assert "sampler is now ddpm" in logs and "cannot change 'batch_size'" in logs
    assert "Ignored sampling_steps" in logs
    settings = final(frames)["settings"]
    assert settings["sampler"] == "ddpm" and settings["guidance"] == 3.5


def test_sliced_wasserstein_is_zero_on_itself_and_grows_with_noise() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((500, 2))
    assert sliced_wasserstein(x, x) == pytest.approx(0.0, abs=1e-12)
    d = [sliced_wasserstein(x, x + s * rng.standard_normal(x.shape)) for s in (0.1, 0.5, 2.0)]
    assert d[0] < d[1] < d[2]
    assert sliced_wasserstein(x, x + 3.0) == pytest.approx(3.0 * np.sqrt(2) * 2 / np.pi,
                                                          rel=0.25)


def test_registry_bounds() -> None:
    frames, notes = registry.start("diffusion", {"steps": 10**9, "dataset": "spiral"})
    assert any("steps" in n for n in notes)
    frames.close()
    for bad in ({"dataset": "moons"}, {"sampler": "euler"}, {"digit": 11}, {"guidance": -1},
                {"fourier": -1}, {"t_shown": 1000}):
        with pytest.raises(DemoError):
            registry.start("diffusion", bad)


@pytest.mark.real
def test_default_ring_run_covers_every_mode_with_high_quality() -> None:
    """The ring target at the default settings: all 8 modes, and at least 90% of 2500
    samples within 3 std of a centre (the GAN's rule, demos.mode_metrics)."""
    config = diffusion.Config()
    config = replace(config, sample_every=0)
    values = final(collect(diffusion.run(config, Control())))
    assert values["modes_covered"] == 8
    assert values["high_quality"] >= 0.9


def test_frechet_distance_matches_torchmetrics_and_grows_with_noise() -> None:
    from torchmetrics.image.fid import _compute_fid

    from demos.distances import frechet_distance

    rng = np.random.default_rng(0)
    a = rng.standard_normal((400, 6))
    b = a @ rng.standard_normal((6, 6)) * 0.5 + 1.0
    ref = _compute_fid(*(torch.tensor(v) for v in (a.mean(0), np.cov(a, rowvar=False),
                                                   b.mean(0), np.cov(b, rowvar=False))))
    assert frechet_distance(a, b) == pytest.approx(float(ref), rel=1e-6)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    d = [frechet_distance(a, a + s * rng.standard_normal(a.shape)) for s in (0.1, 0.5, 2.0)]
    assert d[0] < d[1] < d[2]


def test_digits_run_reports_a_frechet_distance_while_training() -> None:
    config = diffusion.Config.tiny(dataset="digits", frechet_samples=30)
    frames = collect(diffusion.run(config, Control()))
    live = [f for f in frames if f["kind"] == "scalars" and "frechet_distance" in f["values"]]
    assert live and all(f["values"]["frechet_distance"] >= 0 for f in live)
    assert final(frames)["frechet_distance"] >= 0
