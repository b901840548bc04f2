"""A question of several sentences, one naming the notes' term and the rest the asker's aside
(knowledge/retriever.py, `asked_parts`): a sentence that is a section's title makes that
section relevant, however far the aside pulls the whole question's vector (the term may stand
only in the heading); when nothing is found for the whole question, the sections naming a
sentence's rare term are looked up on their own."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase

from .conftest import knowledge_of

NOTES = {
    "bread.md": """# Bread Science

## Enriched Doughs

### Types of Pre-cooked Flour Pastes

#### a. Tangzhong
- Flour cooked with milk into a paste before mixing, so the crumb holds more water.
- Use Case: Keeps sandwich loaves soft for days.

#### b. Yudane
- An improved version of Tangzhong that scalds the flour with boiling water overnight.
- Use Case: Produces a chewier, sweeter crumb than Tangzhong.
- Bakers in Japan mix it the evening before and chill it in the fridge.
- Ratio: one part flour to one part water, by weight.

## Proofing
- Dough rises fastest between 24 and 27 degrees.
- A finger poke that springs back slowly means the loaf is ready.
- Bannetons hold the shape of a loaf while it proofs overnight.
- Bakers log the PDI (Proof Density Index) of each batch.
- Over-proofed dough collapses in the oven.

## Sourdough
Sourdough rises with a starter of wild yeast and lactic bacteria, fed with flour and water.
The starter is fed every day; a ripe starter doubles within hours and smells sour.
Wild yeast works slower than baker's yeast, so the dough ferments for longer.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder) -> KnowledgeBase:
    return knowledge_of(NOTES, tmp_path_factory, embedder)


def test_a_sentence_naming_the_title_makes_the_section_relevant(kb) -> None:
    question = "yudane?? never heard of it, my sister keeps going on about it every weekend."
    passages = kb.retrieve(f"{question} what is it", 3)
    assert [p.section.split(" › ")[-1] for p in passages if p.relevant] == ["b. Yudane"]


def test_an_aside_alone_makes_nothing_relevant(kb) -> None:
    question = "never heard of it, my sister keeps going on about it every weekend. what is it"
    assert not any(p.relevant for p in kb.retrieve(question, 3))


def test_a_sentence_only_naming_a_rare_term_finds_its_section(notes_kb) -> None:
    """The aside ("...rates generated pictures") pulls the whole question to the sections on
    images, and none of them names FID: the sections naming it are looked up on their own."""
    question = "FID - short for what? somebody told me it rates generated pictures"
    assert any(p.relevant and "FID" in p.text for p in notes_kb.retrieve(question, 3))
