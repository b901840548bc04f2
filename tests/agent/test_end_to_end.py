"""End to end with the real pieces: the bundled SmolLM2-135M (nf4), MiniLM, Chroma over the
bundled notes, and SQLite sessions. Slow (model conversion once per session), so one test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.agent import Answer, DemoRequest, Token, Tutor
from tutor.llm.base import GenerationParams
from tutor.settings import Settings

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def real_tutor(kb, embedder, tmp_path_factory: pytest.TempPathFactory) -> Tutor:
    """The real model over the real (small, temporary) Chroma knowledge base."""
    from tutor.llm import load_chat_model

    home = tmp_path_factory.mktemp("agent-e2e")
    settings = Settings(home=home, model="bundled", quant="auto", device="cpu")
    llm = load_chat_model(settings)
    return Tutor(
        knowledge=kb,
        embedder=embedder,
        llm=llm,
        sessions_db=home / "sessions.sqlite",
        params=GenerationParams(max_new_tokens=40),
    )


def test_real_model_answer_is_cited_checked_and_saved(real_tutor: Tutor, notes_dir: Path) -> None:
    events = list(real_tutor.respond("What is a Variational Autoencoder?", session="e2e"))
    assert any(isinstance(e, Token) and e.text for e in events)  # the model streamed
    answer = next(e for e in events if isinstance(e, Answer))
    assert answer.grounded and answer.citations and answer.quotes
    assert answer.citations[0].note == "vaes"
    notes_text = " ".join(" ".join(p.read_text().split()) for p in notes_dir.iterdir())
    assert all(q.text[:40] in notes_text for q in answer.quotes)
    assert answer.timings.get("new_tokens", 0) > 0
    # whatever the small model said, what remains in the text is supported or the notes' own words
    assert answer.text and all(s not in answer.text for s in answer.unsupported)
    demo = [
        e
        for e in real_tutor.respond("show me a GAN training with 10^9 steps", session="e2e")
        if isinstance(e, DemoRequest)
    ]
    assert demo and demo[0].args["steps"] == 20_000
    assert real_tutor.sessions()[0].turns == 2
