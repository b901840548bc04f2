"""The free-text verdict models: a half answer (one part of the key, or a hedged guess at
it) is partly; a confident answer about something else stays incorrect; a full answer in
other words is correct. Own phrasings, never rows of the evaluation sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutor.quiz.bank import key_facts
from tutor.quiz.grading import (
    CORRECT_AT,
    CORRECT_COEF,
    CORRECT_FLOOR,
    PARTLY_AT,
    Evidence,
    free_verdict,
    grade_answer,
    nothing_said,
)
from tutor.quiz.items import Item

_QUESTION = "What is Quantization used for?"
_ANSWER = "Storing model weights in fewer bits so the model uses less memory and runs faster."
_SIBLINGS = (
    "Removing weights that contribute little to the output.",
    "Training a small model to imitate a larger one.",
)
_DROPOUT_Q = "What is Dropout used for?"
_DROPOUT_A = "Randomly switching off neurons during training so the network does not overfit."
_DROPOUT_SIBLINGS = (
    "Scaling each layer's activations to a standard range.",
    "Stopping training when validation loss stops improving.",
)


def _quantization() -> Item:
    return Item("q", "c", "free", _QUESTION, [], _ANSWER, key_facts(_ANSWER, _QUESTION), "n",
                "s", _ANSWER, _SIBLINGS)


def _dropout() -> Item:
    return Item("d", "c", "free", _DROPOUT_Q, [], _DROPOUT_A, key_facts(_DROPOUT_A, _DROPOUT_Q),
                "n", "s", _DROPOUT_A, _DROPOUT_SIBLINGS)


def test_vague_but_right_answer_is_partly(embedder) -> None:
    """Names the purpose in a word or two, none of the reference's key words: partly, with a
    score in the partly band and the facts it left out named."""
    got = grade_answer(_quantization(), "to save memory", embedder.embed)
    assert got.verdict == "partly"
    assert PARTLY_AT <= got.score < CORRECT_AT


def test_confidently_wrong_answers_stay_incorrect(embedder) -> None:
    item = _quantization()
    for wrong in (
        "measuring physics at the quantum level",
        "to split text into tokens",
        "making the model more accurate by training longer",
    ):
        assert grade_answer(item, wrong, embedder.embed).verdict == "incorrect", wrong


def test_half_answers_are_partly_not_incorrect(embedder) -> None:
    """One part of the key in few words, or a hedged guess at it, is half right: partly, with
    a score shown in the partly band (the score thresholds alone called these incorrect)."""
    for item, half in (
        (_dropout(), "randomly dropping units"),
        (_dropout(), "i think it helps against overfitting"),
        (_quantization(), "saving memory i think"),
        (_quantization(), "maybe it compresses the model somehow"),
    ):
        got = grade_answer(item, half, embedder.embed)
        assert got.verdict == "partly", half
        assert PARTLY_AT <= got.score < CORRECT_AT, half


def test_full_answers_in_other_words_are_correct_and_wrong_ones_incorrect(embedder) -> None:
    item = _dropout()
    for full in (
        "turning off random neurons while training to stop overfitting",
        "during training some neurons are zeroed at random, which keeps the net from "
        "memorising the training set",
    ):
        got = grade_answer(item, full, embedder.embed)
        assert got.verdict == "correct" and got.score >= CORRECT_AT, full
    for wrong in ("it normalises the activations of each layer", "makes training faster on gpus"):
        got = grade_answer(item, wrong, embedder.embed)
        assert got.verdict == "incorrect" and got.score < PARTLY_AT, wrong


def test_saying_one_does_not_know_is_incorrect(embedder) -> None:
    """However it is put, "I don't know" is no answer: incorrect with nothing credited (it
    read as a hedged guess and came out partly); a guess after it is still graded."""
    item = _quantization()
    for blank in ("idk", "i don't know", "Dunno.", "no clue", "I do not know"):
        assert nothing_said(blank, item.question), blank
        got = grade_answer(item, blank, embedder.embed)
        assert (got.verdict, got.score) == ("incorrect", 0.0), blank
    assert not nothing_said("not sure, maybe it saves memory", item.question)
    assert grade_answer(item, "not sure, maybe it saves memory", embedder.embed).verdict != (
        "incorrect"
    )


_unit = st.floats(-1.0, 1.0, allow_nan=False)
_coef = st.lists(st.floats(-50, 50, allow_nan=False), min_size=len(CORRECT_COEF),
                 max_size=len(CORRECT_COEF))


@given(score=st.floats(0.0, 1.0, allow_nan=False), sim=_unit, sib=_unit, topic=_unit,
       framed=_unit, asked=_unit, length=st.integers(0, 400), hedged=st.booleans(),
       sib_cover=st.floats(0.0, 1.0), correct=_coef, partly=_coef)
def test_guards_hold_whatever_the_coefficients(score, sim, sib, topic, framed, asked, length,
                                               hedged, sib_cover, correct, partly) -> None:
    """Whatever the models' coefficients: an answer that names next to none of the key is
    never correct, and one that describes a sibling better than the asked term, in meaning
    and in its words, is incorrect."""
    ev = Evidence([0.5], [0.0], [0.0], 0.0, sim, sib, sib_cover, topic, framed, asked, length,
                  hedged)
    verdict = free_verdict(score, ev, correct, partly)
    assert verdict in ("correct", "partly", "incorrect")
    if score < CORRECT_FLOOR:
        assert verdict != "correct"
    if sib > sim + 0.05 and sib_cover >= 0.5:
        assert verdict == "incorrect"
