"""`demo compare`: GAN, VAE and diffusion on the same 2-D data and budget, one table; the
VAE's missing 2-D mode is said, not faked; bad arguments are refused by the CLI."""

from __future__ import annotations

import json
import time

import pytest

from demos import compare
from demos.control import Control
from demos.frames import Scalars
from tests.demos_gan.conftest import collect
from tutor.cli import main
from tutor.commands.demo import show


@pytest.fixture(scope="module")
def tiny_values() -> dict:
    frames = collect(compare.run(compare.Config.tiny(dataset="grid"), Control()))
    assert frames[-1]["kind"] == "metrics" and frames[-1]["final"]
    return frames[-1]["values"]


def test_same_budget_for_every_model_and_no_fake_vae_row(tiny_values: dict) -> None:
    rows = {r["model"]: r for r in tiny_values["rows"]}
    assert list(rows) == ["gan", "vae", "diffusion"]
    assert rows["vae"] == {"model": "vae", "available": False, "note": compare.NO_2D}
    for name in ("gan", "diffusion"):
        row = rows[name]
        assert row["n_modes"] == 25 and 0 <= row["modes_covered"] <= 25
        assert 0 <= row["high_quality"] <= 1 and row["sliced_wasserstein"] >= 0
        assert row["wall_s"] > 0
    config = compare.Config.tiny(dataset="grid")
    for name in ("gan", "diffusion"):  # the shared budget reaches each demo's own config
        own = compare.model_config(config, name)
        assert (own.dataset, own.steps, own.batch_size, own.seed, own.eval_samples) == (
            "grid", 30, 64, 0, 300)
    lines = compare.table(tiny_values)
    assert lines[0].startswith("grid: 30 steps x 64 points per model")
    assert any(line.startswith("vae") and compare.NO_2D in line for line in lines)
    assert sum(line.startswith(("gan ", "diffusion ")) for line in lines) == 2


def test_cli_compare_json_and_refusals(monkeypatch, capsys) -> None:
    real = compare.Config
    monkeypatch.setattr(compare, "Config", lambda **kw: real.tiny(**kw))
    assert main(["demo", "compare", "--steps", "20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["demo"] == "compare" and out["dataset"] == "ring" and out["steps"] == 20
    assert [r["model"] for r in out["rows"]] == ["gan", "vae", "diffusion"]
    assert main(["demo", "compare", "--dataset", "spiral"]) == 2
    assert "demo compare" in capsys.readouterr().err
    assert main(["demo", "--list"]) == 0
    assert "compare" in capsys.readouterr().out


def test_cli_prints_every_live_distance(capsys) -> None:
    last = [time.monotonic()]  # a loss line was just printed: losses would wait
    show(Scalars(3, {"loss": 1.0}), last, {})
    show(Scalars(3, {"frechet_distance": 0.25}), last, {})
    out = capsys.readouterr().out
    assert "frechet_distance 0.2500" in out and "loss" not in out
