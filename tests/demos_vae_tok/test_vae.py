"""The VAE demo: well-formed plain frames, determinism, steering, and the CVAE's aim."""

from __future__ import annotations

import json
import threading
import time

import pytest
import torch

from demos import vae
from demos.control import Control
from demos.frames import ImageGrid, Log, Metrics, Points, Scalars, to_json

from .conftest import assert_plain

TIMING_KEYS = {"wall_s", "train_s", "steps_per_s"}


def run_all(config: vae.Config, control: Control | None = None) -> list:
    return list(vae.run(config, control or Control()))


def comparable(frames: list) -> list:
    """Frames as JSON, minus the wall-clock figures."""
    out = []
    for frame in frames:
        data = to_json(frame)
        if isinstance(frame, Metrics):
            data["values"] = {k: v for k, v in data["values"].items() if k not in TIMING_KEYS}
        out.append(data)
    return out


def grids(frames: list) -> dict[str, ImageGrid]:
    return {f.title: f for f in frames if isinstance(f, ImageGrid)}


def test_tiny_run_yields_plain_well_formed_frames() -> None:
    config = vae.Config.tiny()
    frames = []
    for frame in vae.run(config, Control()):
        assert torch.is_grad_enabled()  # no grad mode leaks out to whoever consumes frames
        frames.append(frame)
    for frame in frames:
        assert_plain(frame)
        json.dumps(to_json(frame))
    scalars = [f for f in frames if isinstance(f, Scalars) and "kl" in f.values]
    assert [s.step for s in scalars] == list(range(10, 61, 10))
    live = [f for f in frames if isinstance(f, Scalars) and "frechet_distance" in f.values]
    assert [f.step for f in live] == list(range(config.frechet_every, 60, config.frechet_every))
    assert all(f.values["frechet_distance"] >= 0 for f in live)
    for s in scalars:
        assert set(s.values) == {"reconstruction", "kl", "total"}
        assert s.values["kl"] >= 0 and s.values["reconstruction"] > 0
        assert s.values["total"] == pytest.approx(s.values["reconstruction"] + s.values["kl"])
    by_title = grids(frames)
    assert "Samples while training" in by_title
    samples = by_title["Samples from the prior N(0, I)"]
    assert len(samples.images) == 50 and samples.ncols == 10
    for image in samples.images:
        assert len(image) == 8 and all(len(row) == 8 for row in image)
        assert all(0.0 <= v <= 1.0 for row in image for v in row)
    recon = next(g for t, g in by_title.items() if t.startswith("Held-out digits"))
    assert len(recon.images) == 20 and len(recon.labels) == 20
    interp = next(g for t, g in by_title.items() if t.startswith("Interpolating"))
    assert len(interp.images) == 12
    plane = next(g for t, g in by_title.items() if t.startswith("The decoded latent plane"))
    assert len(plane.images) == config.map_size ** 2
    points = [f for f in frames if isinstance(f, Points)]
    assert len(points) == 1 and set(points[0].sets) == {str(d) for d in range(10)}
    assert sum(len(v) for v in points[0].sets.values()) == 450  # the held-out quarter
    final = frames[-1]
    assert isinstance(final, Metrics) and final.final
    values = final.values
    assert values["steps"] == config.steps and values["samples"] == config.eval_samples
    assert 1 <= values["classes_covered"] <= 10 and 0 < values["mean_confidence"] <= 1
    assert values["settings"]["beta"] == config.beta and "share_as_requested" not in values
    assert values["frechet_distance"] >= 0


def test_same_seed_same_frames_other_seed_differs() -> None:
    first = comparable(run_all(vae.Config.tiny(seed=3)))
    assert first == comparable(run_all(vae.Config.tiny(seed=3)))
    assert first != comparable(run_all(vae.Config.tiny(seed=4)))


def test_wider_latent_is_shown_by_pca_without_a_plane() -> None:
    frames = run_all(vae.Config.tiny(latent_dim=4, grid_every=0))
    assert not any(t.startswith("The decoded latent plane") for t in grids(frames))
    assert "Samples while training" not in grids(frames)
    assert any(isinstance(f, Log) and "principal components" in f.text for f in frames)
    assert sum(len(v) for f in frames if isinstance(f, Points) for v in f.sets.values()) == 450


def test_cvae_draws_the_requested_digit_in_its_grid() -> None:
    frames = run_all(vae.Config.tiny(digit=3))
    samples = grids(frames)["Samples: the CVAE asked to draw a 3"]
    assert samples.labels == ["3"] * len(samples.images)
    interp = next(g for t, g in grids(frames).items() if t.startswith("Interpolating"))
    assert interp.title == "Interpolating from a 3 to a 3 in latent space"
    values = frames[-1].values
    assert values["requested_digit"] == 3 and 0.0 <= values["share_as_requested"] <= 1.0
    assert values["settings"]["conditional"] is True


def test_cvae_without_a_digit_asks_for_each_in_turn() -> None:
    frames = run_all(vae.Config.tiny(conditional=True))
    samples = grids(frames)["Samples: the CVAE asked for 0..9 across each row"]
    assert samples.labels[:12] == [str(d) for d in range(10)] + ["0", "1"]
    assert not any(t.startswith("The decoded latent plane") for t in grids(frames))
    assert "share_as_requested" in frames[-1].values


def test_stop_before_and_during_training() -> None:
    control = Control()
    control.stop()
    frames = run_all(vae.Config.tiny(), control)
    assert [type(f) for f in frames] == [Log, Log] and "Stopped at step 0" in frames[1].text

    control = Control()
    frames = []
    for frame in vae.run(vae.Config.tiny(), control):
        frames.append(frame)
        if isinstance(frame, Scalars):
            control.stop()
    assert isinstance(frames[-1], Log) and frames[-1].text.startswith("Stopped at step 10 ")
    assert not any(isinstance(f, Metrics) for f in frames)


def test_lr_scale_beta_and_unknown_keys_are_applied_or_refused_with_a_log() -> None:
    config = vae.Config.tiny()
    control = Control()
    control.send(lr_scale=0.5, beta=2.0, loss="wgan-gp", lr_scale_typo=1)
    frames = run_all(config, control)
    logs = [f.text for f in frames if isinstance(f, Log)]
    assert any(t == f"learning rate {config.lr:g} -> {config.lr * 0.5:g}" for t in logs)
    assert any("beta is now 2" in t for t in logs)
    assert any("cannot change 'loss'" in t for t in logs)
    assert any("cannot change 'lr_scale_typo'" in t for t in logs)
    for s in (f for f in frames if isinstance(f, Scalars) and "total" in f.values):
        assert s.values["total"] == pytest.approx(s.values["reconstruction"] + 2 * s.values["kl"])
    settings = frames[-1].values["settings"]
    assert settings["lr"] == pytest.approx(config.lr * 0.5) and settings["beta"] == 2.0

    control = Control()
    control.send(lr=-1.0, beta=99)
    logs = [f.text for f in run_all(config, control) if isinstance(f, Log)]
    assert any(t.startswith("A learning rate of -1 is outside") for t in logs)
    assert any(t.startswith("Ignored beta=99") for t in logs)


def test_pause_holds_the_run_and_resume_finishes_it() -> None:
    control = Control()
    frames: list = []
    worker = threading.Thread(target=lambda: frames.extend(
        f for f in vae.run(vae.Config.tiny(steps=200), control)))
    control.pause()
    worker.start()
    time.sleep(0.5)
    held = len(frames)
    time.sleep(0.3)
    assert len(frames) == held <= 1  # only the opening log: step 1 waits at its checkpoint
    control.resume()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert isinstance(frames[-1], Metrics) and frames[-1].values["steps"] == 200


def test_default_cvae_draws_sevens() -> None:
    """The default settings, asked for a 7: the classifier must call >= 90% of them 7s."""
    frames = run_all(vae.Config(digit=7))
    values = frames[-1].values
    assert values["steps"] == vae.Config().steps
    assert values["share_as_requested"] >= 0.9
    assert values["mean_confidence"] >= 0.8
