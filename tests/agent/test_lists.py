"""A question after the members of a short list gets every member (tutor/agent/lists.py)."""

from __future__ import annotations

import pytest

from knowledge.types import Passage
from tutor.agent.compose import NOTES_WORDS_LEAD, compose
from tutor.agent.lead import FALLBACK_LEAD, NOTES_LEAD
from tutor.agent.lists import asked_list, list_items

TOOLS = Passage(
    "baking", "Bread › Tools You Need",
    "You will want a few things:\n"
    "- *Dutch oven*: traps steam so the crust blisters.\n"
    "- **Bench scraper** for shaping wet dough\n"
    "- Proofing basket: holds the loaf's shape overnight.",
    1.0, True)
PHASES = Passage(
    "baking", "Bread › Fermentation Phases",
    "| Phase | What happens |\n| --- | --- |\n"
    "| **1. Bulk** | The whole dough rises and builds flavour. |\n"
    "| **2. Proof** | Shaped loaves rise a last time. |\n"
    "| **3. Retard** | The cold fridge slows yeast for a sour taste. |",
    1.0, True)
STARTER = Passage(
    "baking", "Bread › Sourdough Starters",
    "- A starter is flour and water colonised by wild yeast.\n"
    "- Feed it daily at room temperature.",
    1.0, True)
PROSE = Passage(
    "baking", "Bread › Tools You Need",
    "Any heavy pot will do. A scraper helps with wet dough, and a basket keeps the shape.",
    1.0, True)


def test_a_short_list_or_table_reads_as_its_items():
    assert list_items(TOOLS.text) == [
        "Dutch oven: traps steam so the crust blisters.",
        "Bench scraper for shaping wet dough",
        "Proofing basket: holds the loaf's shape overnight.",
    ]
    phases = [s.split(":")[0] for s in list_items(PHASES.text)]
    assert phases == ["1. Bulk", "2. Proof", "3. Retard"]
    assert list_items(PROSE.text) == []


@pytest.mark.parametrize("question", [
    "what tools do I need for bread?",
    "which tools does a beginner baker need",
    "list the tools for sourdough",
])
def test_a_question_after_the_members_finds_the_list(question):
    index, items = asked_list(question, [STARTER, TOOLS])
    assert index == 1 and len(items) == 3


@pytest.mark.parametrize("question", [
    "how do I use a dutch oven?",  # one member, asked about
    "what are sourdough starters?",  # the plural names the topic the heading names
    "what kind of starters work for rye?",  # the heading's "Sourdough" narrows what it lists
    "what does the recipe need?",  # "does" is no plural
])
def test_other_questions_do_not(question):
    assert asked_list(question, [STARTER, TOOLS]) == (-1, [])


def test_prose_under_the_heading_is_no_list():
    assert asked_list("what tools do I need for bread?", [PROSE]) == (-1, [])


def test_the_answer_shows_every_member_the_voice_left_out(checker):
    draft = "A Dutch oven traps steam so the crust blisters. [1]"
    a = compose("what tools do I need for bread?", draft, [TOOLS], checker)
    quoted = a.text.partition(NOTES_WORDS_LEAD)[2]
    assert "Bench scraper" in quoted and "Proofing basket" in quoted
    assert quoted.rstrip().endswith("[1]")


def test_an_answer_naming_every_member_gets_no_list(checker):
    draft = ("A Dutch oven traps steam. [1] A bench scraper shapes wet dough. [1] "
             "A proofing basket holds the loaf's shape overnight. [1]")
    a = compose("what tools do I need for bread?", draft, [TOOLS], checker)
    assert NOTES_WORDS_LEAD not in a.text


def test_with_nothing_backed_the_whole_table_is_the_answer_without_a_hedge(checker):
    draft = "Bread phases are mixing, kneading and baking at 500 degrees on Tuesdays. [1]"
    a = compose("what are the phases of fermentation?", draft, [PHASES], checker)
    assert a.text.startswith(NOTES_LEAD) and FALLBACK_LEAD not in a.text
    for phase in ("Bulk", "Proof", "Retard"):
        assert phase in a.text


def test_the_named_collection_after_the_is_asked_for_its_members():
    """"what are the fermentation phases" asks for the phases the heading's table lists;
    "what are fermentation phases?" asks what the term means."""
    index, items = asked_list("what are the fermentation phases of a loaf?", [STARTER, PHASES])
    assert index == 1 and len(items) == 3
    assert asked_list("what are fermentation phases?", [STARTER, PHASES]) == (-1, [])
