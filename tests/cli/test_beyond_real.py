"""`genai-tutor ask --beyond-notes` with the real small model (SmolLM2-135M), real notes and
index: a question the shipped notes don't cover is refused first, then answered from the
model's own knowledge, every such sentence labelled beyond the notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.agent.events import BEYOND_LABEL

pytestmark = pytest.mark.real
UNCOVERED = "Why does dropout lower overfitting in a neural network?"


def test_flag_reaches_the_settings_and_is_off_by_default() -> None:
    from tutor.cli import build_parser, settings_from

    parser = build_parser()
    for argv, on in ((["ask", "q"], False), (["ask", "--beyond-notes", "q"], True),
                     (["chat", "--beyond-notes"], True), (["chat"], False)):
        assert settings_from(parser.parse_args(argv)).beyond_notes is on, argv


def test_ask_beyond_notes_json_labels_the_models_own_sentences(
    real_runtime, session_home: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_HOME", str(session_home))  # the converted 135M cache is there
    argv = ["ask", "--beyond-notes", "--json", "--model", "smollm2-135m", UNCOVERED]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["model"] == "smollm2-135m" and result["route"]["intent"] == "answer"
    assert result["beyond_notes"] is True and result["beyond"], result
    refusal, _, block = result["answer"].partition(f"\n\n{BEYOND_LABEL}\n")
    assert "don't cover" in refusal and "closest they come" in refusal  # said first
    assert block.splitlines() == [f"- {s}" for s in result["beyond"]]  # each one under the label
    beyond = [s for s in result["sentences"] if s["source"] == "beyond_notes"]
    assert [s["text"] for s in beyond] == result["beyond"]
    assert not any(s["supported"] or s["cites"] for s in beyond)
    assert result["unsupported"] == [] and result["grounded"] is False
    # the same question without the flag: the refusal alone, the model's words nowhere
    assert main(argv[:1] + argv[2:]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["beyond_notes"] is False and plain["answer"] == refusal
