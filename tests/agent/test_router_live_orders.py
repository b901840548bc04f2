"""Router, reply and answer-check classes found on landing 30's dev data: a quoted text given
to be continued, a polite request to watch a model at work, a message that ends by asking for
it live, a comparison of the two samplers (neither chosen), questions that borrow a launch
verb (a loss to write out, a topic in plain words, advice asked after an account), hedge
words and chat shorthand that are not what a question is about, a draft sentence that
describes the question instead of answering it, and which topics a learner has covered. Each
with this file's own phrasings (never a set's rows), and each class of launch paired with a
message of the same shape that must still be answered."""

from __future__ import annotations

import pytest

from knowledge.types import Passage
from tutor.agent.chat import HARDWARE, PROGRESS, reply
from tutor.agent.compose import compose
from tutor.agent.extract import demo_args, demo_name
from tutor.agent.faithfulness import FaithfulnessChecker
from tutor.language import content_words


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("continue 'a lighthouse keeper once' with top-k 5", {"text": "a lighthouse keeper once",
                                                             "top_k": 5}),
        ('finish "the lamp flickered twice and" at temperature 1.3',
         {"text": "the lamp flickered twice and", "temperature": 1.3}),
    ],
)
def test_a_quoted_text_to_continue_asks_for_the_sampling_demo(router, text, args) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", "sampling")
    assert args.items() <= route.args.items()


@pytest.mark.parametrize("text", [
    "why does the model continue a sentence the way it does?",
    "can I see an example of mode collapse?",
    "is the gan demo live?",
    "what does a diffusion model look like live?",
])
def test_the_same_shapes_asked_are_answered(router, text) -> None:
    assert router.route(text).intent in ("answer", "chat")


@pytest.mark.parametrize(("text", "tool"), [
    ("could I watch the generator and the discriminator fight it out?", "gan"),
    ("could we watch the model get taught a new style of speech", "finetune"),
    ("put ddpm and ddim side by side live for me", "diffusion"),
    ("put diffusion on the spiral live for me", "diffusion"),
    ("gan with the grid dataset, live please", "gan"),
])
def test_asking_to_watch_it_live_launches(router, text, tool) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", tool)


@pytest.mark.parametrize(("asked", "ordered", "tool"), [
    ("could you write down the diffusion objective for me", "run the vae and show me its loss",
     "vae"),
    ("write out the diffusion loss function for me", "run diffusion on the ring", "diffusion"),
    ("attention in simple words please", "show me attention for 'the fox jumped over the wall'",
     "attention"),
    ("my vae samples look blurry, anything worth trying?",
     "run the gan, any chance it collapses?", "gan"),
    ("my diffusion samples are noisy, anything i could try?",
     "train diffusion on the spiral, anything to watch for?", "diffusion"),
])
def test_questions_that_borrow_a_launch_verb_are_answered(router, asked, ordered, tool) -> None:
    assert router.route(asked).intent == "answer"
    route = router.route(ordered)
    assert (route.intent, route.tool) == ("demo", tool)


def test_both_samplers_named_for_a_comparison_choose_neither() -> None:
    assert "sampler" not in demo_args("diffusion with ddim versus ddpm", "diffusion")
    assert demo_args("diffusion, sample with ddim", "diffusion")["sampler"] == "ddim"


@pytest.mark.parametrize("question", [
    "what exactly is a discriminator",
    "how does attention actually work",
    "walk me thru training incl. the loss",
    "any recs on a transformers course btw?",
])
def test_hedges_and_shorthand_are_not_what_is_asked(question) -> None:
    said = set(content_words(question))
    assert not {"exactly", "actually", "thru", "incl", "recs", "btw"} & said


def test_a_question_with_a_hedge_finds_what_the_plain_one_finds(kb) -> None:
    """"what exactly is X" once needed a line naming "exactly" as well as X to be relevant."""
    plain, hedged = (kb.retrieve(q, k=3) for q in ("what is a GAN",
                                                          "what exactly is a GAN"))
    assert [p.section for p in hedged] == [p.section for p in plain]
    assert any(p.relevant for p in hedged)
    assert not kb.unknown_terms("walk me thru the pipeline incl. evaluation")
    assert not kb.unknown_terms("any recs for a course on the pipeline, btw?")


HISTORY = Passage("history", "Milestones", "In 2014, Generative Adversarial Networks (GANs) came "
                  "out and changed image generation.", 1.0, True)


@pytest.mark.parametrize("opening", [
    "The question asks about the year when Generative Adversarial Networks came out.",
    "You are asking when GANs were introduced.",
])
def test_a_sentence_about_the_question_is_not_shown(embedder, opening) -> None:
    draft = f"{opening} [1] GANs came out in 2014. [1]"
    a = compose("when did GANs first appear", draft, [HISTORY], FaithfulnessChecker(embedder))
    assert "2014" in a.text
    assert opening.split()[1] not in a.text.split()[:3]  # "question" / "are" no longer opens it
    assert opening.rstrip(".") not in a.text


def test_which_topics_a_learner_has_covered_gets_the_progress_reply() -> None:
    assert reply("which chapters have I studied so far?") == PROGRESS
    assert reply("which chapters does the course cover?") != PROGRESS


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("generate from 'once the storm passed' with top-k 3", "sampling",
     {"text": "once the storm passed", "top_k": 3}),
    ("do rome - italy + japan with the word vectors", "embeddings",
     {"analogy": "rome - italy + japan"}),
    ("map the words apple banana cherry grape", "embeddings",
     {"words": "apple,banana,cherry,grape"}),
])
def test_orders_that_hand_a_demo_its_data(router, text, tool, args) -> None:
    """A setting's number is no digit to draw ("top-k 3" once launched the VAE), a word
    formula after "do" is the order, and words listed after "map the words" are the list."""
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", tool)
    assert args.items() <= route.args.items()


def test_the_same_opening_asking_how_is_answered(router) -> None:
    assert router.route("map the words to their meanings, how does that work?").intent == "answer"
    assert demo_name("draw a 3 please") == "vae"


def test_quiz_results_and_this_thing_s_hardware_get_the_app_replies() -> None:
    assert reply("what are my quiz results so far?") == PROGRESS
    assert reply("will this program need a graphics card?") == HARDWARE
    assert reply("what is a good score for a GAN?") not in (PROGRESS, HARDWARE)
