"""Questions about what the field can do for someone rank the notes' applications sections."""

from __future__ import annotations

import pytest

from knowledge.uses import asks_for_uses, field_of, is_uses_heading

from .conftest import knowledge_of

FIELD = ["generative ai"]


@pytest.mark.parametrize(
    "question",
    [
        "I work as a pharmacist - could generative AI help in my pharmacy?",
        "does anyone use gen AI in architecture?",
        "how could AI help a small bakery team with its menus?",
        "we are a law firm, is genAI relevant for us at all?",
        "I'm a journalist. what could generative AI do for my reporting?",
        "could AI do our newsletter for the club?",
        "is generative AI applied to farming?",
    ],
)
def test_questions_about_what_the_field_does_for_someone(question: str) -> None:
    assert asks_for_uses(question, FIELD)


@pytest.mark.parametrize(
    "question",
    [
        "what is the decoder used for?",
        "what is GPT-2 used for in practice?",
        "what is generative AI?",
        "explain how generative AI works",
        "which libraries can I use for generative AI projects?",  # a tool for the asker
        "what does responsible use of generative AI mean for companies?",  # ethics
        "how does attention help a transformer?",  # a component, not AI in general
        "What do my notes say about diffusion in generative AI?",
    ],
)
def test_other_questions_are_not_about_uses(question: str) -> None:
    assert not asks_for_uses(question, FIELD)


def test_the_notes_field_can_be_the_subject() -> None:
    question = "we keep an orchard, could beekeeping help us?"
    assert not asks_for_uses(question)
    assert asks_for_uses(question, [field_of(["beekeeping-basics", "beekeeping-gear"])])
    assert field_of(["gans-notes", "intro-to-gans", "gans-explained"]) == "gans"
    assert field_of(["espresso", "milk-drinks", "pour-over"]) == ""


@pytest.mark.parametrize(
    "heading",
    ["Applications", "Uses of Honey", "Use cases", "Real-world examples",
     "What It's Used For", "Where Wax Is Used", "Main Application Areas"],
)
def test_headings_about_uses(heading: str) -> None:
    assert is_uses_heading(heading)


@pytest.mark.parametrize(
    "heading",
    ["What Is Beekeeping?", "Using the Smoker", "Worked Example", "Memory usage", "History"],
)
def test_headings_not_about_uses(heading: str) -> None:
    assert not is_uses_heading(heading)


NOTES = {
    "beekeeping-basics.md": """# Beekeeping

## What Is Beekeeping?

Beekeeping is the keeping of honey bee colonies in hives, usually by people, so that the
colonies can be tended, inspected and harvested. A colony has a queen, workers and drones.

## The Hive

A hive holds frames of wax comb in boxes; the brood box sits below the honey supers.

## Uses of Beekeeping

Orchards and farms hire hives to pollinate crops such as apples and almonds. Honey and
beeswax are sold at markets and used in candles and cosmetics. Schools keep observation
hives to teach biology.
""",
}


@pytest.fixture(scope="module")
def bee_kb(embedder, tmp_path_factory: pytest.TempPathFactory):
    return knowledge_of(NOTES, tmp_path_factory, embedder)


def test_a_uses_question_ranks_the_uses_section_first(bee_kb) -> None:
    # the definition is nearer in meaning; only the uses ranking puts the uses section first
    asked = bee_kb.retrieve("we run a cafe, could beekeeping be relevant for us?", k=3)
    assert asked[0].section.endswith("Uses of Beekeeping")
    assert asked[0].relevant
    defined = bee_kb.retrieve("What is beekeeping?", k=3)
    assert defined[0].section.endswith("What Is Beekeeping?")
