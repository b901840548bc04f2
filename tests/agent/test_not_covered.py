"""The 'not in your notes' answer (tutor/agent/compose.py::not_covered)."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.not_covered import not_covered

EMPTY = Passage("outline", "Basics › Beam Search", "", 0.9, True, empty=True)
DEFINES = Passage("glossary", "Decoding", "Beam search keeps the k best partial sentences at "
                  "each step instead of one.", 0.5, False)
ELSEWHERE = Passage("glossary", "Sampling", "Temperature reshapes the next-token "
                    "distribution before a token is drawn.", 0.5, False)


def test_an_outline_heading_nothing_else_speaks_of_is_named_but_empty() -> None:
    a = not_covered([EMPTY, ELSEWHERE], question="how wide should a beam be?")
    assert "say nothing about it" in a.text
    assert a.citations[0].section == EMPTY.section


def test_an_outline_heading_another_section_speaks_of_is_not_called_empty() -> None:
    # the notes do say what beam search is, only not what was asked: point there instead
    a = not_covered([EMPTY, DEFINES], question="how wide should a beam be?")
    assert "say nothing about it" not in a.text
    assert "closest they come is glossary › Decoding" in a.text
