"""The DCGAN digits demo: frames, determinism, steering and the classifier's final figures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from demos import gan_digits, registry
from demos.control import Control
from tests.demos_gan.conftest import collect, plain
from tutor.errors import DemoError


@pytest.fixture(scope="module")
def tiny_frames() -> list[dict]:
    return collect(gan_digits.run(gan_digits.Config.tiny(), Control()))


def test_tiny_run_yields_image_grids_losses_and_final_metrics(tiny_frames: list[dict]) -> None:
    config = gan_digits.Config.tiny()
    assert {f["kind"] for f in tiny_frames} == {"log", "scalars", "images", "metrics"}
    grids = [f for f in tiny_frames if f["kind"] == "images"]
    for grid in grids:
        assert len(grid["images"]) == config.grid_samples and grid["ncols"] == config.grid_cols
        for image in grid["images"]:
            assert len(image) == 8 and all(len(row) == 8 for row in image)
            assert all(0.0 <= v <= 1.0 for row in image for v in row)
    assert len(grids[-1]["labels"]) == config.grid_samples  # the classifier's reading
    values = next(f for f in tiny_frames if f["kind"] == "metrics" and f["final"])["values"]
    assert values["samples"] == config.eval_samples
    assert sum(values["label_counts"]) == config.eval_samples
    assert values["classes_covered"] == sum(c > 0 for c in values["label_counts"])
    assert 0.0 < values["mean_confidence"] <= 1.0
    assert values["steps_done"] == config.steps
    live = [f for f in tiny_frames if f["kind"] == "scalars" and "frechet_distance" in f["values"]]
    assert [f["step"] for f in live] == [15] and values["frechet_distance"] >= 0


def test_same_seed_same_samples() -> None:
    config = gan_digits.Config.tiny(steps=15, eval_samples=10)

    def grids(seed: int) -> list[dict]:
        frames = collect(gan_digits.run(replace(config, seed=seed), Control()))
        return [f for f in frames if f["kind"] in ("images", "scalars")]

    assert grids(5) == grids(5)
    assert grids(5) != grids(6)


def test_lr_scale_and_unsupported_change() -> None:
    config = gan_digits.Config.tiny(eval_samples=10)
    control = Control()
    frames = []
    for raw in gan_digits.run(config, control):
        frame = plain(raw)
        frames.append(frame)
        if frame["kind"] == "scalars" and frame["step"] == config.log_every:
            control.send(lr_scale=0.5, loss="wgan-gp")
    logs = [f["text"] for f in frames if f["kind"] == "log"]
    assert f"learning rate {config.lr:g} -> {config.lr * 0.5:g}" in logs
    assert any(t.startswith("loss can't be changed") for t in logs)
    values = next(f for f in frames if f["kind"] == "metrics" and f["final"])["values"]
    assert values["settings"]["lr"] == pytest.approx(config.lr * 0.5)


def test_stop_ends_the_run() -> None:
    control = Control()
    seen = []
    for raw in gan_digits.run(gan_digits.Config.tiny(steps=500), control):
        frame = plain(raw)
        seen.append(frame)
        if frame["kind"] == "scalars":
            control.stop()
    assert [f["kind"] for f in seen] == ["log", "scalars"]


def test_registry_path() -> None:
    frames, notes = registry.start("gan-digits", {"steps": 10**9, "batch_size": 4096})
    assert len(notes) == 2
    assert "20000 steps" in next(frames).text
    frames.close()
    with pytest.raises(DemoError):
        registry.start("gan-digits", {"loss": "wgan-gp"})
