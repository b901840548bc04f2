"""The notes' own words after a partly struck answer (tutor/agent/compose.py)."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.compose import NOTES_WORDS_LEAD, UNSUPPORTED_OPEN, compose

CHECKPOINTS = Passage(
    "training", "Checkpoints",
    "Long runs crash. Saving the model's weights every few hundred steps means a crash "
    "loses minutes, not days. Keep the last three checkpoints and delete older ones to "
    "save disk space.",
    1.0, True)


def test_a_partly_struck_answer_is_followed_by_the_notes_sentence_that_answers(checker):
    draft = ("Long runs crash. [1] Checkpoints are stored in the cloud by a service that "
             "charges per gigabyte and emails you reports. [1]")
    a = compose("why should I save checkpoints while training?", draft, [CHECKPOINTS], checker)
    assert UNSUPPORTED_OPEN in a.text  # the invented sentence stays, marked
    lead, _, quote = a.text.partition(NOTES_WORDS_LEAD)
    assert lead and "every few hundred steps" in quote and quote.rstrip().endswith("[1]")


def test_an_answer_the_check_kept_whole_gets_no_quote(checker):
    draft = "Saving the model's weights every few hundred steps means a crash loses minutes. [1]"
    a = compose("why should I save checkpoints while training?", draft, [CHECKPOINTS], checker)
    assert NOTES_WORDS_LEAD not in a.text


def test_the_quote_does_not_repeat_what_the_kept_sentences_say(checker):
    draft = ("Saving the model's weights every few hundred steps means a crash loses minutes, "
             "not days. [1] Checkpoints are stored in the cloud by a service that charges per "
             "gigabyte and emails you reports. [1]")
    a = compose("why should I save checkpoints while training?", draft, [CHECKPOINTS], checker)
    quote = a.text.partition(NOTES_WORDS_LEAD)[2]
    assert "every few hundred steps" not in quote


def test_no_quote_when_no_sentence_of_the_passage_is_about_what_was_asked(checker):
    draft = ("Long runs crash. [1] Bananas ripen faster next to apples because of the gas "
             "they give off. [1]")
    a = compose("why do bananas ripen next to apples?", draft, [CHECKPOINTS], checker)
    assert NOTES_WORDS_LEAD not in a.text


def test_the_quotes_under_the_answer_do_not_repeat_the_notes_words_it_shows(checker):
    draft = ("Long runs crash. [1] Checkpoints are stored in the cloud by a service that "
             "charges per gigabyte and emails you reports. [1]")
    a = compose("why should I save checkpoints while training?", draft, [CHECKPOINTS], checker)
    quoted = a.text.partition(NOTES_WORDS_LEAD)[2]
    assert quoted and a.quotes
    assert not any(q.text in quoted for q in a.quotes)
