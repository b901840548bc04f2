"""An answer the token budget stopped mid-sentence loses that unfinished sentence; one the
model ended itself is kept as written (tutor.language.without_unfinished, generate_node)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.agent import Answer, Tutor
from tutor.language import without_unfinished
from tutor.llm.base import GenerationParams

from .conftest import FakeChatModel

REPLY = "A GAN pits a generator against a discriminator. [1] The generator learns to"


@pytest.mark.parametrize(("draft", "kept"), [
    (REPLY, "A GAN pits a generator against a discriminator. [1]"),
    ("It is a model. [2]", "It is a model. [2]"),
    ("Two kinds:\n- GANs\n- VAEs are the sec", "Two kinds:\n- GANs"),
    ('He said "stop." And then', 'He said "stop."'),
    ("one long sentence with no end", "one long sentence with no end"),
])
def test_the_unfinished_sentence_is_dropped(draft: str, kept: str) -> None:
    assert without_unfinished(draft) == kept


def _draft(kb, embedder, tmp_path: Path, budget: int) -> str:
    tutor = Tutor(knowledge=kb, embedder=embedder, llm=FakeChatModel(REPLY),
                  sessions_db=tmp_path / "s.sqlite",
                  params=GenerationParams(max_new_tokens=budget))
    answer = next(e for e in tutor.respond("What is a GAN?", session="s")
                  if isinstance(e, Answer))
    return answer.draft


def test_a_draft_cut_by_the_budget_ends_at_its_last_full_sentence(kb, embedder,
                                                                  tmp_path: Path) -> None:
    draft = _draft(kb, embedder, tmp_path, budget=len(REPLY.split()))
    assert "discriminator" in draft and "learns to" not in draft


def test_a_draft_within_the_budget_is_left_as_written(kb, embedder, tmp_path: Path) -> None:
    assert "learns to" in _draft(kb, embedder, tmp_path, budget=256)
