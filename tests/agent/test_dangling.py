"""A sentence that stops on a word no sentence ends with ("The tool to use is. [1]") left its
claim out: it is never shown as an answer (tutor.language.dangles, compose.says_something)."""

from __future__ import annotations

import pytest

from knowledge.types import Passage
from tutor.agent.compose import compose
from tutor.agent.lead import FALLBACK_LEAD, NOTES_LEAD
from tutor.language import dangles

TOOLS = Passage(
    "tools", "Frameworks", "Diffusers is the library for running image diffusion models from "
    "Python. Keras wraps TensorFlow for quick experiments.", 1.0, True)


@pytest.mark.parametrize(("sentence", "stops_short"), [
    ("The library to install for image models is. [1][2]", True),
    ("Popular choices include the.", True),
    ("It was trained by.", True),
    ("Diffusers runs image diffusion models. [1]", False),
    ("Nobody can say what the best model is.", False),  # a clause ending on its verb
    ("That is the one I like", False),
])
def test_a_sentence_that_stops_on_a_function_word_dangles(sentence, stops_short) -> None:
    assert dangles(sentence) is stops_short


def test_a_draft_missing_its_answer_falls_back_to_the_notes(checker) -> None:
    draft = "[1] The library for running image diffusion models from Python is [2]."
    a = compose("What should I install to play with image diffusion in Python?", draft,
                [TOOLS], checker)
    assert a.text.startswith((NOTES_LEAD, FALLBACK_LEAD))
    assert "Diffusers is the library" in a.text
    assert "from Python is." not in a.text
