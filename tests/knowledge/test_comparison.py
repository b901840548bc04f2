"""Comparison questions: each side's own passage reaches the top three (knowledge/comparison.py)."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.comparison import sides

from .conftest import knowledge_of

NOTES = {
    "breads.md": """# Breads

## Sourdough
Sourdough rises with a starter of wild yeast and lactic bacteria, fed with flour and water.
It ferments slowly, which gives the crumb its sour taste.

## Yeasted sandwich loaf
A sandwich loaf rises with commercial baker's yeast in about two hours.

## Sourdough starter care
Feed a sourdough starter daily; a sourdough loaf is only as lively as its starter. A sluggish
sourdough starter makes a flat, different loaf.

## Sourdough hydration
A wetter sourdough dough gives an open crumb; how a sourdough loaf differs from day to day is
mostly hydration.

## Baguette shaping
A baguette is shaped by folding the dough and rolling it under the palms. Sourdough
baguettes and yeasted baguettes are shaped the same way; scoring comes last.
""",
    "flour.md": """# Flour

## Rye flour
Rye flour holds little gluten, so rye loaves are dense and moist.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder) -> KnowledgeBase:
    return knowledge_of(NOTES, tmp_path_factory, embedder)


def test_the_two_sides_of_a_comparison_are_read_from_its_wording() -> None:
    assert sides("How does sourdough differ from a yeasted loaf?") == (
        "sourdough", "a yeasted loaf")
    assert sides("what's the difference between rye and spelt?") == ("rye", "spelt")
    assert sides("sourdough vs yeasted bread") == ("sourdough", "yeasted bread")
    assert sides("which is better for toast, rye or sourdough?") == ("rye", "sourdough")
    assert sides("What is sourdough?") is None
    assert sides("Can I bake rye or spelt at home?") is None  # "or", but no choice asked


def test_each_side_has_its_own_passage_in_the_top_three(kb: KnowledgeBase) -> None:
    top = [p.section for p in kb.retrieve("How is sourdough different from a yeasted loaf?", 5)]
    assert any(s.endswith("Sourdough") for s in top[:3])
    assert any(s.endswith("Yeasted sandwich loaf") for s in top[:3])


def test_a_best_passage_that_names_one_side_only_goes_after_both_sides(kb) -> None:
    retriever = kb._retriever
    titles = [c.path[-1] for c in retriever.chunks]
    hydration, rye = titles.index("Sourdough hydration"), titles.index("Rye flour")
    rest = [i for i in range(len(titles)) if i not in (hydration, rye)]
    # ranked as one query, a section on one side came first and the other side's fell out
    order = retriever._both_sides([hydration, *rest][:4], ("rye", "sourdough"))
    assert [titles[i] for i in order[:2]] == ["Rye flour", "Sourdough"]
    assert hydration in order and len(order) == 4
    # a section naming both sides (a comparison) keeps first place
    shaping = titles.index("Baguette shaping")
    order = retriever._both_sides([shaping, *rest][:4], ("sourdough", "yeasted baguettes"))
    assert order[0] == shaping
