"""Partly against incorrect below the partly band: a vague answer that reads as a reply to the
question is partly; a confident answer about something else stays incorrect."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutor.quiz.bank import key_facts
from tutor.quiz.grading import CORRECT_AT, PARTLY_AT, Evidence, free_verdict, grade_answer
from tutor.quiz.items import Item

_QUESTION = "What is Quantization used for?"
_ANSWER = "Storing model weights in fewer bits so the model uses less memory and runs faster."
_SIBLINGS = (
    "Removing weights that contribute little to the output.",
    "Training a small model to imitate a larger one.",
)


def _quantization() -> Item:
    return Item("q", "c", "free", _QUESTION, [], _ANSWER, key_facts(_ANSWER, _QUESTION), "n",
                "s", _ANSWER, _SIBLINGS)


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


_unit = st.floats(-1.0, 1.0, allow_nan=False)


@given(score=st.floats(0.0, 1.0, allow_nan=False), sim=_unit, sib=_unit, topic=_unit,
       framed=_unit, coef=st.lists(st.floats(-50, 50, allow_nan=False), min_size=4, max_size=4))
def test_partly_model_never_changes_correct_vs_not(score, sim, sib, topic, framed, coef) -> None:
    """Whatever its coefficients, the model only moves incorrect to partly: "correct" is
    decided by the score alone, so correct-vs-not agreement cannot change."""
    ev = Evidence([0.0], [0.0], [0.0], 0.0, sim, sib, 0.0, topic, framed)
    verdict = free_verdict(score, ev, coef)
    assert (verdict == "correct") == (score >= CORRECT_AT)
    if score >= PARTLY_AT:
        assert verdict != "incorrect"
    off = free_verdict(score, ev, (-1e9, 0.0, 0.0, 0.0))
    assert verdict == off or (off, verdict) == ("incorrect", "partly")
