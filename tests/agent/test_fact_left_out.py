"""A question after a date or a figure gets it, though the voice left it out (compose.py)."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.compose import NOTES_WORDS_LEAD, compose

HISTORY = Passage(
    "rail", "Railways › Early History",
    "Steam changed travel for good. Some milestones:\n"
    "- Rocket: In 1829, Stephenson's Rocket won the Rainhill trials, which made steam "
    "locomotives the standard.\n"
    "- Electric trams spread through cities later on.",
    1.0, True)


def test_the_year_asked_for_follows_an_answer_that_dropped_it(checker):
    draft = ("Stephenson's Rocket won the Rainhill trials, which made steam locomotives "
             "the standard. [1]")
    a = compose("what year did the Rocket win the Rainhill trials?", draft, [HISTORY], checker)
    quoted = a.text.partition(NOTES_WORDS_LEAD)[2]
    assert "1829" in quoted and quoted.rstrip().endswith("[1]")


def test_an_answer_that_gives_the_year_gets_no_quote(checker):
    draft = "In 1829, Stephenson's Rocket won the Rainhill trials. [1]"
    a = compose("what year did the Rocket win the Rainhill trials?", draft, [HISTORY], checker)
    assert NOTES_WORDS_LEAD not in a.text


def test_a_question_after_no_date_gets_no_quote(checker):
    draft = ("Stephenson's Rocket won the Rainhill trials, which made steam locomotives "
             "the standard. [1]")
    a = compose("why did the Rocket matter for steam travel?", draft, [HISTORY], checker)
    assert NOTES_WORDS_LEAD not in a.text
