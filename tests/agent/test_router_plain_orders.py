"""Router, extractors and chat replies, classes found on landing 29's dev sets: tokens to
generate (the sampling demo, not the tokenizer), a word formula to work out, "do the X"
orders, asking to watch something happen, a test asked for by its kind, an explanation
asked for with "give me", questions about the learner's record, steering and hardware. Each
is tested with this file's own phrasings (never a set's rows), and a class of launch is
paired with a message of the same shape that must still be answered."""

from __future__ import annotations

import pytest

from tutor.agent.chat import HARDWARE, OFF_TOPIC, PROGRESS, STEER_HELP, reply
from tutor.agent.events import ABOUT_THE_TUTOR
from tutor.agent.extract import demo_args, demo_name

from .conftest import where


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("generate 25 tokens from 'the old lighthouse keeper' at temp 0.4",
         {"text": "the old lighthouse keeper", "steps": 25, "temperature": 0.4}),
        ("generate 12 more words from the prompt Once the rain stopped",
         {"text": "Once the rain stopped", "steps": 12}),
        ("let the model continue 'my grandmother always said' with top-p 0.8",
         {"text": "my grandmother always said", "top_p": 0.8}),
    ],
)
def test_tokens_to_generate_ask_for_the_sampling_demo(router, text, args) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", "sampling")
    assert args.items() <= route.args.items()


def test_a_text_to_split_into_tokens_is_still_the_tokenizer() -> None:
    assert demo_name("split 'lighthouse keeper' into tokens") == "tokenize"


@pytest.mark.parametrize(
    "text",
    ["what comes out of rome - italy + spain in the word vectors?",
     "do the analogy tokyo minus japan plus kenya"],
)
def test_a_word_formula_to_work_out_runs_the_embeddings(router, text) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", "embeddings")
    assert route.args.get("analogy")


@pytest.mark.parametrize(
    "text",
    ["why does rome - italy + spain land near madrid in word vectors?",
     "how do embeddings make rome - italy + spain = madrid work?",
     "what does it mean that rome - italy + spain gives madrid in embeddings?",
     "what is rome minus italy plus spain meant to illustrate?"],
)
def test_a_formula_explained_or_given_with_its_result_is_answered(router, text) -> None:
    assert router.route(text).intent == "answer"


def test_do_the_lora_orders_the_fine_tune(router) -> None:
    route = router.route("do the pirate lora with rank 8 for forty steps")
    assert (route.intent, route.tool) == ("demo", "finetune")
    assert route.args == {"rank": 8, "steps": 40}


@pytest.mark.parametrize(("text", "tool"), [
    ("could we watch denoising happen live?", "diffusion"),
    ("can I see a gan collapse as it trains?", "gan"),
])
def test_asking_to_watch_something_happen_launches(router, text, tool) -> None:
    assert where(router, text) == ("demo", tool)


def test_asking_to_see_an_example_is_answered(router) -> None:
    assert router.route("can I see an example of mode collapse in the notes?").intent == "answer"


@pytest.mark.parametrize("text", ["could we do a short test on diffusion?",
                                  "make me some practice questions about tokenizers",
                                  "do a short quiz on embeddings and attention"])
def test_a_test_asked_for_by_its_kind_starts_a_quiz(router, text) -> None:
    assert where(router, text) == ("quiz", "quiz")


@pytest.mark.parametrize("text", ["do quizzes help you remember what you read?",
                                  "do tests like FID measure image quality?"])
def test_a_question_opening_with_do_is_not_a_quiz(router, text) -> None:
    assert router.route(text).intent in ("answer", "chat")  # asked about, never started


def test_a_written_explanation_is_answered_not_launched(router) -> None:
    text = "give me a short explanation of the conditional vae, I will try the demo tomorrow"
    assert router.route(text).intent == "answer"


def test_diffusing_names_the_diffusion_demo() -> None:
    assert demo_name("diffuse the spiral and sample it back") == "diffusion"


def test_a_verb_inside_the_quoted_text_is_data(router) -> None:
    route = router.route('attention heads for "the dog was barking because it was hungry"')
    assert (route.intent, route.tool) == ("demo", "attention")
    assert demo_args('attention heads for "the dog was barking"', "attention")["text"] == (
        "the dog was barking")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("how's my progress looking?", PROGRESS),
        ("what topic should I review next", PROGRESS),
        ("did I pass the last quiz?", PROGRESS),
        ("how can I pause the demo while it's running?", STEER_HELP),
        ("is it possible to tweak settings on a running demo?", STEER_HELP),
        ("does the app need a GPU?", HARDWARE),
    ],
)
def test_questions_about_the_learner_or_the_app_get_their_reply(text, answer) -> None:
    assert reply(text) == answer


@pytest.mark.parametrize("text", ["how can we stop the generator collapsing?",
                                  "does a diffusion model need a GPU to train?"])
def test_domain_questions_of_the_same_shape_are_not_app_help(router, text) -> None:
    assert reply(text) == OFF_TOPIC  # small talk has no reply for them ...
    assert router.route(text).intent == "answer"  # ... and the router answers them


@pytest.mark.parametrize("text", ["what should I review next?", "how am i doing on the quizzes?"])
def test_a_question_about_the_learners_record_is_not_looked_up(real_runtime, embedder,
                                                               text) -> None:
    """With the shipped notes behind it, the router once sent "what should I review next?"
    to them ("review" is a notes word) and the voice answered about the last topic."""
    from tutor.agent.router import Router

    route = Router(embedder, knowledge=real_runtime.knowledge()).route(text)
    assert route.intent == "answer" and ABOUT_THE_TUTOR in route.notes  # from the record
    assert reply(text) == PROGRESS
