"""A short fact question ("when did X arrive?", "who makes X?") is answered by the one line
that names X beside a year or a maker, however far the whole section's vector is from the
question (knowledge/retriever.py, HybridRetriever._states_beside); and the words that are the
learner's own example or team never make a question uncovered (knowledge/vocabulary.py)."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase

from .conftest import knowledge_of

NOTES = {
    "bakery.md": """# Bakery

## Flours we stock
Rye bread flour comes from a mill up the valley; spelt from a farm on the coast. Each flour is
sifted twice and stored in sealed bins away from the ovens.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder) -> KnowledgeBase:
    return knowledge_of(NOTES, tmp_path_factory, embedder)


def test_a_year_beside_the_term_on_one_line_answers_when(notes_kb) -> None:
    # "VAEs (early 2010s)" is one bullet of a history of the whole field: cosine ~0.24
    relevant = [p for p in notes_kb.retrieve("so when did VAEs come along?", 3) if p.relevant]
    assert relevant and relevant[0].section.endswith("Historical Context")


def test_a_maker_in_brackets_answers_who_makes_that_thing(notes_kb) -> None:
    # "LLaMA (Meta)" in a table row of model types
    assert any(p.relevant and "LLaMA (Meta)" in p.text
               for p in notes_kb.retrieve("which company makes LLaMA?", 3))


def test_a_bracketed_name_is_not_an_answer_about_itself(notes_kb) -> None:
    # "Claude (Anthropic)" names Claude's maker; the notes never say who founded Anthropic
    assert not any(p.relevant for p in notes_kb.retrieve("who founded Anthropic?", 3))


def test_a_quoted_example_is_not_the_topic(kb) -> None:
    example = "when I type 'a loaf shaped like a skateboard' on the order form, what happens?"
    assert kb.unknown_terms(example) == []
    assert kb.unknown_terms("what is a skateboard?") == ["skateboard"]


def test_the_askers_own_team_is_not_the_topic(kb) -> None:
    assert kb.unknown_terms("Our radiology group wants rye bread, who makes it?") == []
    assert kb.unknown_terms("I bake for a biotech startup: which flour keeps best?") == []
    assert kb.unknown_terms("how does radiology work?") == ["radiology"]
