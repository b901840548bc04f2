"""End to end with the real pieces from the shared `real_runtime` fixture (tests/conftest.py):
the bundled SmolLM2-135M, MiniLM, Chroma over the shipped notes and SQLite sessions, loaded
once for the whole test session. Plus extractive answers over the real notes, checked
against bench/questions.jsonl's expected sections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.agent import Answer, DemoRequest, Token, Tutor
from tutor.agent.compose import UNSUPPORTED_OPEN
from tutor.agent.headings import own_heading
from tutor.settings import DEFAULT_NOTES_DIR

pytestmark = pytest.mark.real

QUESTIONS = Path(__file__).resolve().parents[2] / "bench" / "questions.jsonl"


def _notes_text() -> str:
    return " ".join(" ".join(p.read_text().split()) for p in DEFAULT_NOTES_DIR.iterdir())


def test_real_model_answer_is_cited_checked_and_saved(real_runtime) -> None:
    tutor: Tutor = real_runtime.tutor()
    session = "agent-e2e"
    events = list(tutor.respond("What is a Variational Autoencoder?", session=session))
    assert any(isinstance(e, Token) and e.text for e in events)  # the model streamed
    answer = next(e for e in events if isinstance(e, Answer))
    assert answer.citations and answer.quotes
    assert "Variational Autoencoders" in answer.citations[0].section
    notes = _notes_text().replace("**", "")
    assert all(q.text[:40] in notes for q in answer.quotes)  # the notes' own words
    assert answer.timings.get("new_tokens", 0) > 0
    # whatever the small model said, a sentence the notes don't back is never shown unmarked
    assert answer.text
    for sentence in answer.unsupported:
        assert sentence not in answer.text.replace(f"{UNSUPPORTED_OPEN}{sentence}", "")
    demo = [
        e
        for e in tutor.respond("show me a GAN training with 10^9 steps", session=session)
        if isinstance(e, DemoRequest)
    ]
    assert demo and demo[0].args["steps"] == 20_000
    assert sum(m["role"] == "user" for m in tutor.history(session)) == 2


@pytest.fixture(scope="module")
def extractive_tutor(real_runtime, embedder, tmp_path_factory: pytest.TempPathFactory) -> Tutor:
    """The real notes index without the LLM: answers are the notes' own sentences."""
    db = tmp_path_factory.mktemp("agent-extractive") / "sessions.sqlite"
    return Tutor(knowledge=real_runtime.knowledge(), embedder=embedder, llm=None, sessions_db=db)


# Beta-VAE, WGAN, PixelCNN and "king minus man" name nothing the router's cues know: they
# reach the notes only because the router asks the index before calling a question off-topic.
@pytest.mark.parametrize("line", [0, 2, 8, 10, 20])
def test_first_citation_is_the_expected_section(extractive_tutor: Tutor, line: int) -> None:
    item = json.loads(QUESTIONS.read_text().splitlines()[line])
    events = list(extractive_tutor.respond(item["question"], session=f"bench-{line}"))
    answer = next(e for e in events if isinstance(e, Answer))
    first = answer.citations[0]
    assert (first.note, first.section) == (item["note"], item["section"])
    notes = _notes_text().replace("**", "")
    body = answer.text.removesuffix(" [1]")
    # extractive: the notes' own sentences, led by a list item's own heading when they never
    # name it ("PixelCNN: Generates images pixel by pixel ...", tutor/agent/headings.py)
    body = body.removeprefix(f"{own_heading(first.section)}: ")
    assert body.split(". ")[0][:40] in notes
