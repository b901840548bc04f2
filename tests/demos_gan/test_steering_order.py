"""Steering commands sent in quick succession apply in order, none overwriting another,
and each is acknowledged by a log line naming the value that took effect."""

from __future__ import annotations

from typing import Any

import pytest

from demos import gan, vae
from demos.control import Control
from demos.frames import Log, Metrics


def _run(module: Any, config: Any, *sends: dict[str, Any]) -> tuple[list[str], dict]:
    control = Control()
    for changes in sends:  # all before the first step: as quick as two messages can be
        control.send(**changes)
    logs, final = [], {}
    for frame in module.run(config, control):
        if isinstance(frame, Log):
            logs.append(frame.text)
        elif isinstance(frame, Metrics) and frame.final:
            final = frame.values
    return logs, final


def test_two_quick_halvings_halve_twice_and_each_says_so() -> None:
    config = gan.Config.tiny()
    lr = config.lr
    logs, final = _run(gan, config, {"lr_scale": 0.5}, {"lr_scale": 0.5})
    acks = [t for t in logs if t.startswith("learning rate")]
    assert acks == [
        f"learning rate {lr:g} -> {lr / 2:g}",
        f"learning rate {lr / 2:g} -> {lr / 4:g}",
    ]
    assert final["settings"]["lr"] == pytest.approx(lr / 4)


def test_set_then_scale_applies_in_the_order_sent() -> None:
    config = vae.Config.tiny()
    logs, final = _run(vae, config, {"lr": 0.01}, {"lr_scale": 0.5}, {"beta": 2.0}, {"beta": 3.0})
    acks = [t for t in logs if t.startswith(("learning rate", "beta is now"))]
    assert acks[0] == f"learning rate {config.lr:g} -> 0.01"
    assert acks[1] == "learning rate 0.01 -> 0.005"
    assert acks[2].startswith("beta is now 2") and acks[3].startswith("beta is now 3")
    assert final["settings"]["lr"] == pytest.approx(0.005) and final["settings"]["beta"] == 3.0
