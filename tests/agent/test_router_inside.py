"""Plain words to the "inside the language model" demos with the real router (real MiniLM):
which demo, with which arguments; questions on the same ideas are answered, never launched;
a token picked while the sampling demo runs; re-sampling the last answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from demos.registry import validate_args
from tutor.agent.events import TOOLS
from tutor.agent.extract import demo_args, demo_name
from tutor.agent.extract_inside import INSIDE, pick, resample_request
from tutor.agent.router import Router
from tutor.agent.slash import parse_slash
from tutor.agent.steer import steering
from tutor.errors import DemoError, TutorError


@pytest.mark.parametrize(
    "text,tool,args",
    [
        ("show me which token the model would pick next after 'Once upon a'", "sampling",
         {"text": "Once upon a"}),
        ("generate 12 tokens with temperature 0.2 and top-p 0.5", "sampling",
         {"steps": 12, "temperature": 0.2, "top_p": 0.5}),
        ("I want to pick the tokens myself", "sampling", {"interactive": True}),
        ("visualize the attention of head 3 in the 5th layer", "attention",
         {"head": 3, "layer": 4}),
        ("show what each word attends to in \"the dog chased the ball\"", "attention",
         {"text": "the dog chased the ball"}),
        ("which tokens is every token attending to for 'the owl left early'? show me",
         "attention", {"text": "the owl left early"}),
        ("plot embeddings of apple, banana, car and bus", "embeddings",
         {"words": "apple,banana,car,bus"}),
        ("show me man - boy + girl in embedding space", "embeddings",
         {"analogy": "man - boy + girl"}),
        ("fine-tune the tiny model with rank 2 for 5 steps", "finetune", {"rank": 2, "steps": 5}),
    ],
)
def test_requests_reach_the_demo_with_their_arguments(router: Router, text: str, tool: str,
                                                      args: dict) -> None:
    r = router.route(text)
    assert (r.intent, r.tool, r.args) == ("demo", tool, args), r


@pytest.mark.parametrize(
    "text",
    [
        "how does the model pick the next token?",
        "what does attention look at in a sentence?",
        "why is king - man + woman close to queen?",
        "what does fine-tuning change in the model?",
        "is a higher temperature more random?",
        "no need to run the attention demo, just explain heads",
    ],
)
def test_questions_on_the_same_ideas_are_answered(router: Router, text: str) -> None:
    assert router.route(text).intent == "answer"


def test_the_next_token_is_the_sampling_demos_not_the_tokenizers() -> None:
    assert demo_name("show me the next token") == "sampling"
    assert demo_name("show me the tokens of 'unbelievable'") == "tokenize"
    assert demo_name("tokenize the word attention") == "tokenize"
    assert demo_name("show a GAN sampling the ring") == "gan"  # the named model first
    assert demo_args("write a poem with top-p 0.9", "vae") == {}  # 0.9 holds no digit 0 or 9


@pytest.mark.parametrize(
    "text,choice",
    [("pick 2", 2), ("take the third one", 3), ("choose ' cat'", " cat"), ("pick cat", "cat"),
     ("next", "model"), ("let the model pick", "model"), ("auto", "auto"),
     ("take the top one", 1)],
)
def test_a_pick_while_sampling_runs(router: Router, text: str, choice: int | str) -> None:
    r = router.route(text, demo_running="sampling")
    assert (r.tool, r.args) == ("control", {"action": "set", "pick": choice})


def test_picks_and_knobs_only_where_the_demo_takes_them(router: Router) -> None:
    assert router.route("temperature 1.5", demo_running="sampling").args == {
        "action": "set", "temperature": 1.5}
    assert router.route("why did it pick that one?", demo_running="sampling").intent == "answer"
    assert router.route("next", demo_running="gan").tool != "control"  # the GAN picks nothing
    with pytest.raises(DemoError, match="cannot change temperature"):
        router.route("set the temperature to 2", demo_running="gan")


def test_resample_by_command_and_in_plain_words(router: Router) -> None:
    assert parse_slash("/resample 1.1 --top-p 0.8").args == {"temperature": 1.1, "top_p": 0.8}
    r = router.route("regenerate your answer with temperature 1.4")
    assert (r.intent, r.tool, r.args) == ("answer", "resample", {"temperature": 1.4,
                                                                 "top_p": 1.0})
    assert router.route("what happens if you answer at temperature 1.4?").tool is None
    assert router.route("don't resample it, explain temperature").tool is None
    assert router.route("/resample 9").notes == ["temperature=9 is above the limit; using 2."]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.sampled_from(INSIDE))
def test_extraction_never_crashes_and_stays_in_bounds(text: str, name: str) -> None:
    for found in (pick(text), resample_request(text), steering(text, ("pick",))):
        assert found is None or isinstance(found, int | str | dict | tuple)
    try:
        validate_args(name, demo_args(text, name))
    except TutorError as exc:  # refused with a message, never a crash
        assert isinstance(exc, DemoError) and exc.message
    assert "resample" in TOOLS
