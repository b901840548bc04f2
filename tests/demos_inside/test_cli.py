"""`genai-tutor demo NAME` for the inside-the-LLM demos: --json, --frames and text mode,
with the model cache under TUTOR_HOME (the session's, already converted)."""

from __future__ import annotations

import json

import pytest

from tutor.cli import main


@pytest.fixture
def home(lm, session_home, monkeypatch):  # `lm`: the GGUF is converted there first
    monkeypatch.setenv("TUTOR_HOME", str(session_home))
    return session_home


@pytest.mark.real
def test_sampling_json(home, capsys) -> None:
    code = main(["demo", "sampling", "--text", "Hi", "--steps", "2", "--top-k", "3",
                 "--chat", "false", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["demo"] == "sampling" and out["top_k"] == 3 and out["seed"] == 0
    assert out["greedy_tokens"] == 2 and isinstance(out["sampled_logprob"], float)
    assert out["settings"]["home"] == str(home)


@pytest.mark.real
def test_attention_frames_and_text(home, capsys) -> None:
    assert main(["demo", "attention", "--text", "A cat.", "--layer", "0", "--frames"]) == 0
    kinds = [json.loads(line)["kind"] for line in capsys.readouterr().out.splitlines()]
    assert kinds.count("matrix") == 2 and kinds[-1] == "metrics" and "ranking" in kinds
    assert main(["demo", "attention", "--text", "A cat.", "--head", "2"]) == 0
    text = capsys.readouterr().out
    assert "attention, layer 15 head 2" in text and "rotary" in text


@pytest.mark.real
def test_a_bad_layer_is_a_message_not_a_traceback(home, capsys) -> None:
    assert main(["demo", "attention", "--text", "A cat.", "--layer", "99"]) == 2
    assert "out of range" in capsys.readouterr().err
