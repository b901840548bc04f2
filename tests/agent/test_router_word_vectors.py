"""Word-vector work asked for as a question: a formula whose result is asked ("= ?", "what's
A - B + C?") and a quoted word whose nearest neighbours are asked for start the embeddings
demo; the same words about the idea, or why, are answered (tutor/agent/router.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "args"), [
    ("tokyo - japan + kenya = ?", {"analogy": "tokyo - japan + kenya"}),
    ("what's madrid - spain + chile?", {"analogy": "madrid - spain + chile"}),
    ("which words are nearest to 'harbour' in the vectors?", {"query": "harbour"}),
    ("what are the neighbours of \"violin\"?", {"query": "violin"}),
])
def test_word_vector_work_asked_as_a_question_runs_the_demo(router, text, args) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", "embeddings")
    assert {k: route.args.get(k) for k in args} == args


@pytest.mark.parametrize("text", [
    "why does tokyo - japan + kenya land near nairobi?",
    "what are nearest neighbours in an embedding space?",
    "why is 'harbour' closest to 'port'?",
])
def test_the_same_words_about_the_idea_are_answered(router, text) -> None:
    assert router.route(text).intent == "answer"
