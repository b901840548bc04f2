"""Questions after a name, a date or a quantity (knowledge/answer_type.py): which kind of fact
they ask for, whether a passage states one, and what retrieval does with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer_type import AnswerType, AnswerTypes, asked_for

# Our own small notes, on a subject of their own: bread baking.
NOTES = {
    "starter.md": "# Sourdough starter\n\n"
    "A starter is flour and water that wild yeast and bacteria ferment.\n"
    "- Feed it twice a day at room temperature.\n"
    "- The levain method was described by Pierre Dupont in 1921.\n\n"
    "## Hydration\n\n"
    "A stiff starter is drier and ferments slowly. Most bakers keep it at 100 percent "
    "hydration, equal weights of flour and water.\n",
    "oven.md": "# Baking\n\n"
    "Bake the loaf in a covered pot so the crust stays soft while it rises. A starter gives "
    "the bread its sour taste. Types of loaf:\n\n1. Batard\n2. Boule\n3. Baguette\n\n"
    "## Scoring\n\nA lame cuts the dough so it opens where the baker wants.\n",
}


@pytest.fixture(scope="module")
def types() -> AnswerTypes:
    return AnswerTypes(NOTES.values())


def _states(types: AnswerTypes, question: str, text: str, heading: str = "") -> bool:
    asked = asked_for(question)
    assert asked is not None, question
    return types.states(asked, text, heading)


def test_the_kind_of_fact_a_question_asks_for() -> None:
    kinds = {
        "who came up with the levain method?": AnswerType.NAME,
        "Which company sells the best pots?": AnswerType.NAME,
        "when was the levain method described?": AnswerType.DATE,
        "In what year did sourdough reach Europe?": AnswerType.DATE,
        "how many grams of salt go in a loaf?": AnswerType.QUANTITY,
        "what hydration percentage do bakers use?": AnswerType.QUANTITY,
        "How hot should the oven be?": None,  # "how hot" is not among the measures asked
    }
    for question, kind in kinds.items():
        asked = asked_for(question)
        assert (asked.kind if asked else None) == kind, question


def test_explanations_conditions_definitions_and_counting_lists_ask_for_no_fact() -> None:
    for question in (
        "What is a starter?",
        "Why does a covered pot help?",
        "When should I feed the starter?",  # a condition, not a date
        "What is the hydration rate?",  # a definition of the measure
        "How many types of loaf are there?",  # answered by counting the notes' own list
        "Who benefits from a stiff starter?",  # not a person's name
    ):
        assert asked_for(question) is None, question


def test_a_name_is_stated_only_by_a_proper_name_next_to_the_subject(types: AnswerTypes) -> None:
    starter = NOTES["starter.md"]
    assert _states(types, "who described the levain method?", starter)
    # the notes' only name is about the levain method, not about scoring
    assert not _states(types, "who invented scoring?", NOTES["oven.md"], "Scoring")
    # capitalised common words at the head of a line are not names
    assert not _states(types, "who invented the covered pot?", "Covered Pot: Bake It Hot.")


def test_a_date_or_quantity_must_stand_next_to_what_was_asked(types: AnswerTypes) -> None:
    starter, oven = NOTES["starter.md"], NOTES["oven.md"]
    assert _states(types, "when was the levain method described?", starter)
    assert not _states(types, "when was the covered pot invented?", oven)
    assert _states(types, "what hydration percentage do bakers keep?", starter, "Hydration")
    # a list's numbering is not a quantity
    assert not _states(types, "how many grams does a baguette weigh?", oven)


@pytest.fixture(scope="module")
def bread_kb(embedder, tmp_path_factory: pytest.TempPathFactory):
    from knowledge.base import KnowledgeBase

    folder = tmp_path_factory.mktemp("bread-notes")
    for name, text in NOTES.items():
        (Path(folder) / name).write_text(text, encoding="utf-8")
    kb = KnowledgeBase([folder], tmp_path_factory.mktemp("bread-index"), embedder)
    kb.sync()
    yield kb
    kb.close()


def test_retrieval_answers_a_detail_the_notes_state_and_flags_one_they_do_not(bread_kb) -> None:
    stated = bread_kb.retrieve("Who described the levain method and when?", k=3)
    assert stated[0].relevant and "Dupont" in stated[0].text
    for question in (
        "How many minutes should a boule bake?",  # the notes give no baking time
        "Who invented the lame for scoring bread?",  # nor an inventor
    ):
        passages = bread_kb.retrieve(question, k=5)
        assert not any(p.relevant for p in passages), question
    # the same topics asked as explanations stay answered
    assert any(p.relevant for p in bread_kb.retrieve("What does a lame do when scoring?"))
