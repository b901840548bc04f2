"""Router and extractors, classes found on landing 28's dev sets: a demo named by its model
family or asked for politely, texts given to BLEU, asking to be tested, negated and grouped
settings, questions opened by "am I" or "around", who a tokenizer request is for. Each is
tested with this file's own phrasings (never a set's rows), and a class of launch is paired
with a question of the same shape that must still be answered."""

from __future__ import annotations

import pytest

from tutor.agent.extract import demo_args

from .conftest import where


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        # a GAN named by its family ("DCGAN", "WGAN"): a GAN demo, on digits when they are named
        ("let me watch a DCGAN learn handwritten numbers", "gan-digits"),
        ("train a wgan on the ring please", "gan"),
        # classifier-free guidance is the diffusion demo's setting alone, whatever it draws
        ("draw 3s with classifier-free guidance at 4", "diffusion"),
        # a polite request whose verb runs something, ending in a question mark
        ("could you launch the tokenizer for me?", "tokenize"),
        ("can you demo denoising for me?", "diffusion"),
    ],
)
def test_a_demo_named_by_its_family_or_asked_for_politely_launches(router, text, tool) -> None:
    assert where(router, text) == ("demo", tool)


@pytest.mark.parametrize("text", ["can you run through how denoising works?",
                                  "could you demo why a DCGAN collapses?"])
def test_a_polite_request_to_explain_is_still_answered(router, text) -> None:
    assert router.route(text).intent == "answer"


def test_two_texts_given_to_bleu_ask_for_the_score_even_as_a_question(router) -> None:
    route = router.route("How much BLEU does 'my aunt grows red tomatoes' earn when the "
                         "reference is 'my aunt grew some red tomatoes'?")
    assert (route.intent, route.tool) == ("demo", "bleu")
    assert route.args == {"text": "my aunt grows red tomatoes",
                          "reference": "my aunt grew some red tomatoes"}
    # single quoted words are examples in a question about the score, never run
    asked = "would it score lower with 'an' in place of 'the'?"
    assert router.route(asked, demo_running="bleu").intent == "answer"


@pytest.mark.parametrize("text", ["I want to get tested on diffusion", "can I be quizzed now?"])
def test_asking_to_be_tested_starts_a_quiz(router, text) -> None:
    assert where(router, text) == ("quiz", "quiz")


def test_negated_and_grouped_settings_are_read_as_stated() -> None:
    assert demo_args("sampling, non-interactive, temperature 0.7", "sampling")[
        "interactive"] is False
    assert demo_args("sampling, interactive please", "sampling")["interactive"] is True
    assert demo_args("gan on the grid in batches of 256", "gan")["batch_size"] == 256


@pytest.mark.parametrize("text", ["am I good enough at GANs to try the gan demo?",
                                  "am i done with the vae part"])
def test_a_question_opened_by_am_is_answered(router, text) -> None:
    assert router.route(text).intent == "answer"


def test_a_question_opened_by_around_is_answered(router) -> None:
    # "show up" is a demo's verb; "around when" still asks when
    assert router.route("around when did attention first show up").intent == "answer"


@pytest.mark.parametrize("text", ["could you start the tokenizer for me?",
                                  "tokenize for us please", "tokenize it"])
def test_who_a_tokenizer_request_is_for_is_not_its_text(text) -> None:
    # the demo then splits its default text, not the word "me"
    assert "text" not in demo_args(text, "tokenize")


def test_a_quoted_pronoun_is_a_text_to_split() -> None:
    assert demo_args('tokenize "me"', "tokenize") == {"text": "me"}
