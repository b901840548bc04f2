"""A demo in its own process (tutor/demo_process.py, core: no textual, no torch here)."""

from __future__ import annotations

import pytest

from demos.frames import Metrics
from tutor.demo_process import ForwardingControl, start_in_process
from tutor.errors import DemoError


def test_a_demo_runs_in_its_own_process_and_sends_its_frames(tmp_path) -> None:
    frames, notes = start_in_process("bleu", {"text": "The generator makes samples."},
                                     log_path=str(tmp_path / "demo.log"))
    final = [f for f in frames if isinstance(f, Metrics) and f.final]
    assert notes == [] and len(final) == 1 and 0.0 <= final[0].values["bleu"] <= 100.0


def test_bad_arguments_fail_before_any_process() -> None:
    with pytest.raises(DemoError, match="Invalid arguments"):
        start_in_process("bleu", {"text": ""})


def test_a_stop_said_before_the_demo_started_reaches_it(tmp_path) -> None:
    control = ForwardingControl()
    control.stop()
    frames, _ = start_in_process("bleu", {}, control, log_path=str(tmp_path / "demo.log"))
    assert not [f for f in frames if isinstance(f, Metrics)]
