"""A checked answer too thin to teach gets the notes' own sentence (tutor/agent/compose.py)."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.compose import NOTES_WORDS_LEAD, compose

GANS = Passage(
    "models", "Image models › GANs",
    "GANs make images. In GANs, a generator makes fakes while a discriminator tells them from real "
    "images; the two networks compete until the fakes pass. Basketball is unrelated.",
    1.0, True)


def test_a_thin_answer_is_followed_by_the_notes_sentence_naming_the_term(checker) -> None:
    a = compose("how do GANs learn to make images?", "GANs make fakes. [1]", [GANS], checker)
    quoted = a.text.partition(NOTES_WORDS_LEAD)[2]
    assert "discriminator" in quoted and quoted.rstrip().endswith("[1]")
    assert "Basketball" not in a.text


def test_an_answer_that_teaches_gets_nothing_added(checker) -> None:
    draft = ("A generator makes fakes while a discriminator tells them from real images. [1] "
             "The two networks compete until the fakes pass. [1]")
    a = compose("how do GANs learn to make images?", draft, [GANS], checker)
    assert NOTES_WORDS_LEAD not in a.text
