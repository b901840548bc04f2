"""The learned part of the router (intent_model.py over the annotated examples): a plain-word
request that names no demo still launches the right one, a question that borrows a launch
verb is answered, "drill me" quizzes, and a quiz keeps the topic in the learner's words.
Phrasings written for these tests, not taken from any evaluation set."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.agent.intent_model import fit, top
from tutor.agent.router import Router


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("I'd like to see which words sit closest to volcano", "embeddings"),
    ],
)
def test_a_plain_word_request_launches_the_demo_it_describes(
    router: Router, text: str, tool: str
) -> None:
    r = router.route(text)
    assert (r.intent, r.tool) == ("demo", tool), r


@pytest.mark.parametrize(
    "text",
    [
        "could you show why the generator stops improving once the discriminator wins?",
        "how would you demonstrate that word vectors capture analogies?",
        "should I run the tokenizer on lowercase text or keep the capitals?",
    ],
)
def test_a_question_with_a_launch_verb_is_answered(router: Router, text: str) -> None:
    assert router.route(text).intent == "answer"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("drill me on tokenization", "tokenization"),
        ("drill me on the attention mechanism", "attention mechanism"),
        ("quiz time! positional encodings", "positional encodings"),
        ("check my understanding of LoRA with a quiz", "lora"),
        ("quiz me on attention heads", "attention heads"),  # not the broader "transformer"
    ],
)
def test_quiz_requests_keep_the_learners_topic(router: Router, text: str, topic: str) -> None:
    r = router.route(text)
    assert r.intent == "quiz" and r.args == {"topic": topic}, r


def test_the_classifier_separates_its_training_labels() -> None:
    """Two clusters, two labels: each point scores highest for its own, with a clear lead."""
    rng = np.random.default_rng(0)
    a = rng.normal(0, 0.1, (20, 8)) + np.eye(8)[0]
    b = rng.normal(0, 0.1, (20, 8)) + np.eye(8)[1]
    model = fit(np.vstack([a, b]), [("answer", None)] * 20 + [("demo", "gan")] * 20)
    assert top(model.scores(np.eye(8)[0]))[0] == ("answer", None)
    label, margin = top(model.scores(np.eye(8)[1]))
    assert label == ("demo", "gan") and margin > 1.0
