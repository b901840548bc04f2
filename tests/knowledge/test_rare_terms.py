"""A short question about a term the notes use rarely is about the line that names it, however
far the whole section's vector is from the question (knowledge/retriever.py, RARE_SECTIONS)."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase

from .conftest import knowledge_of

NOTES = {
    "bakery.md": """# Bakery

## Equipment and habits
- Bench scrapers lift sticky dough off the counter without tearing it.
- Bannetons are cane baskets that hold a loaf's shape while it proofs overnight.
- Couche linen keeps baguettes apart on the final rise.
- Lame blades score the top so steam escapes in the oven.
- Ovens with stone decks store heat and give a crisp base.
- Bakers track the PDI (Proof Density Index) of each batch in a notebook.
- Water sprayed into the oven at the start keeps the crust supple for longer.
- Cooling racks let air under the loaf so the base does not go soggy.

## Sourdough
Sourdough rises with a starter of wild yeast and lactic bacteria, fed with flour and water.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder) -> KnowledgeBase:
    return knowledge_of(NOTES, tmp_path_factory, embedder)


@pytest.mark.parametrize("question", ["whats PDI?", "what does PDI stand for"])
def test_a_rare_term_named_in_one_line_of_a_long_section_is_covered(kb, question) -> None:
    passages = kb.retrieve(question, 3)
    assert passages[0].section.endswith("Equipment and habits")
    assert passages[0].relevant


def test_a_question_about_a_term_the_notes_never_use_stays_uncovered(kb) -> None:
    assert not any(p.relevant for p in kb.retrieve("what's a kneading hook?", 3))


def test_a_greeting_before_the_question_changes_nothing(kb) -> None:
    assert kb.retrieve("hey, whats PDI about?", 3)[0].relevant


def test_what_a_name_means_asks_about_the_name_alone() -> None:
    from knowledge.retriever import query_terms

    assert query_terms("what does 'mode collapse' mean?") == query_terms("mode collapse")
    assert query_terms("whats the meaning of mode collapse") == query_terms("mode collapse")
    assert query_terms("define mode collapse pls") == query_terms("mode collapse")
    assert query_terms("what does mode collapse mean / do?") == query_terms("mode collapse")
    # "mean" inside the question is a word of its topic
    assert "mean" in query_terms("how is the mean of the latent code learned?")


@pytest.mark.parametrize("question", [
    "what does PDI stand for? saw it on a poster at the train station",
    "whats PDI. a friend mentioned it on the phone yesterday",
])
def test_an_aside_after_the_question_does_not_hide_the_line_that_answers_it(kb, question) -> None:
    """The asker's aside adds words no line holds; the question's own sentence still finds it."""
    passages = kb.retrieve(question, 3)
    assert passages[0].section.endswith("Equipment and habits")
    assert passages[0].relevant


def test_an_aside_about_a_known_term_does_not_make_an_unknown_one_covered(kb) -> None:
    question = "what does a kneading hook do? saw one next to the bannetons"
    assert not any(p.relevant for p in kb.retrieve(question, 3))
