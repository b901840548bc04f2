"""How a fallback to the notes' own sentences is introduced (tutor/agent/lead.py)."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.compose import compose
from tutor.agent.lead import FALLBACK_LEAD, NOTES_LEAD

TOOLS = Passage(
    "tools", "Image tools", "Image tools such as Imagen and Stable Diffusion turn a prompt "
    "into a picture. They are used for illustrations and product design.", 1.0, True)
OFF = "Bananas are yellow fruits grown in tropical countries worldwide."


def test_a_quote_that_names_what_was_asked_is_the_notes_answer(checker) -> None:
    a = compose("What do Imagen and Stable Diffusion do?", OFF, [TOOLS], checker)
    assert a.text.startswith(NOTES_LEAD)


def test_a_question_after_a_name_keeps_the_caveat_though_the_quote_names_its_subject(
    checker,
) -> None:
    # the quote names Imagen but not who built it
    a = compose("Who built Imagen?", OFF, [TOOLS], checker)
    assert a.text.startswith(FALLBACK_LEAD)


HISTORY = Passage(
    "history", "Milestones", "Neural networks were slow to catch on. In 2016, the WaveNet "
    "model came out and made synthetic speech sound natural. Later models sped it up.", 1.0,
    True)


def test_a_question_after_a_date_is_answered_by_a_quote_stating_one(checker) -> None:
    a = compose("when did WaveNet first appear?", OFF, [HISTORY], checker)
    assert a.text.startswith(NOTES_LEAD) and "2016" in a.text


def test_a_question_after_a_date_keeps_the_caveat_when_no_year_is_quoted(checker) -> None:
    a = compose("what year did Imagen and Stable Diffusion come out?", OFF, [TOOLS], checker)
    assert a.text.startswith(FALLBACK_LEAD)


USES = [
    Passage("uses", "Everyday uses", "Generative tools now turn up everywhere. Images: "
            "photo editing and meme creation. Music: composing jingles and sound effects.",
            1.0, True),
    Passage("uses", "Applications by trade", "Teaching: quiz questions and lesson plans. "
            "Farming: forecasting harvests from drone images of the fields.", 1.0, True),
]


def test_a_fallback_quotes_retrievals_first_passage(checker) -> None:
    """The notes' words come from retrieval's best guess, even when a later passage has a line
    that scores higher on its own: the answer stays with one passage, cited [1]."""
    for question in ("how could AI help my farm?", "where do generative tools turn up?"):
        a = compose(question, OFF, USES, checker)
        assert "Farming" not in a.text.split("\n\n")[0]
        assert a.citations[0].section == "Everyday uses"


def test_the_quotes_under_a_fallback_do_not_repeat_its_sentences(checker) -> None:
    a = compose("when did WaveNet first appear?", OFF, [HISTORY, TOOLS], checker)
    assert "In 2016, the WaveNet model came out" in a.text
    shown = a.text.split("\n\n")[0]
    assert a.quotes and all(q.text not in shown for q in a.quotes)


def test_a_table_row_is_one_claim_whatever_stops_it_holds() -> None:
    from tutor.agent.faithfulness import split_sentences

    table = ("| Stage | What happens |\n|---|---|\n"
             "| **2. Tuning** | Labelled examples teach the model a task. |\n"
             "Prose follows the table. It has two sentences.")
    assert split_sentences(table) == [
        "Stage: What happens", "2. Tuning: Labelled examples teach the model a task.",
        "Prose follows the table.", "It has two sentences."]


def test_a_sentence_the_voice_repeats_is_shown_once(checker) -> None:
    said = "In 2016, the WaveNet model came out. [1]"
    a = compose("when did WaveNet first appear?", f"{said} {said}", [HISTORY, TOOLS], checker)
    assert a.text.partition("\n\n")[0].count("WaveNet model came out") == 1


def test_a_question_close_in_meaning_to_the_quoted_passage_is_answered_by_it(checker) -> None:
    """Few of the question's words, but its meaning is the passage's: no caveat. A question
    far from it keeps the caveat."""
    a = compose("what jobs can generative tools help with?", OFF, USES, checker)
    assert a.text.startswith(NOTES_LEAD)
    a = compose("how do I bake sourdough bread?", OFF, USES, checker)
    assert a.text.startswith(FALLBACK_LEAD)
