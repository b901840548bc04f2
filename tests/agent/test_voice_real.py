"""The answer path with real models: the default voice (Qwen2.5-Coder-0.5B) end to end, and
the CLI printing the checked answer, never the raw draft (with the quick 135M model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.agent import Answer, Retrieved

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def default_voice(session_home: Path, embedder):
    from tutor.llm.catalogue import CATALOGUE, DEFAULT_MODEL, is_installed
    from tutor.runtime import Runtime
    from tutor.settings import Settings

    if not is_installed(CATALOGUE[DEFAULT_MODEL]):
        pytest.skip("the default model's parts are not installed (make installs them)")
    settings = Settings(home=session_home, model=DEFAULT_MODEL, device="cpu")
    return Runtime(settings, embedder=embedder).load()


def test_default_voice_answers_from_several_passages_with_checked_citations(
    default_voice,
) -> None:
    tutor = default_voice.tutor()
    events = list(
        tutor.respond("What does the beta hyperparameter control in a Beta-VAE?", session="voice-1")
    )
    retrieved = next(e for e in events if isinstance(e, Retrieved))
    answer = next(e for e in events if isinstance(e, Answer))
    assert default_voice.llm().name == "qwen2.5-coder-0.5b"
    assert retrieved.passages[0].relevant
    assert answer.draft.strip()  # the model wrote it
    assert answer.sentences and any(s["supported"] for s in answer.sentences)
    assert "disentangl" in answer.text.lower() or "reconstruct" in answer.text.lower()
    assert any("Beta-VAE" in c.section for c in answer.citations)
    for s in answer.sentences:  # every sentence is either backed and cited, or marked
        assert (s["supported"] and s["cites"]) or f"⟦not in your notes: {s['text']}⟧" in answer.text


def test_follow_up_is_answered_in_context(default_voice) -> None:
    tutor = default_voice.tutor()
    list(tutor.respond("What is a conditional VAE?", session="voice-2"))
    events = list(tutor.respond("And how does it differ from the basic one?", session="voice-2"))
    retrieved = next(e for e in events if isinstance(e, Retrieved))
    assert any("VAE" in p.section for p in retrieved.passages[:3])


def test_cli_prints_the_checked_answer_not_the_draft(
    real_runtime, session_home: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_HOME", str(session_home))  # the converted 135M cache is there
    question = "What is mode collapse in a GAN?"
    assert main(["ask", question, "--json", "--model", "smollm2-135m"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"draft", "answer", "unsupported", "sentences"} <= set(result)
    assert result["model"] == "smollm2-135m"
    assert main(["ask", question, "--model", "smollm2-135m"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(result["answer"])  # the checked answer, as --json has it
    for sentence in result["unsupported"]:
        assert f"⟦not in your notes: {sentence}⟧" in out or sentence not in out
