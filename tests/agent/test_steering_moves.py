"""Two kinds of order to a running demo: a relative move through the attention demo's heads
and layers ("the next head", "one layer back"), sent as a step that the app adds to the run's
current value; and a launch of the demo already running with settings ("find the nearest
words to violin" while the embeddings demo runs), which changes that run instead of
starting a fresh one. Questions naming the same things are answered, never executed. The
phrasings are this file's own."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.agent.chat import restart_text
from tutor.agent.retune import apply_steps
from tutor.agent.router import Router, control_decision
from tutor.agent.tools import control_route
from tutor.errors import DemoError


@pytest.mark.parametrize(
    "text,args",
    [
        ("alright, let's go to the next head", {"head_step": 1}),
        ("show the previous layer please", {"layer_step": -1}),
        ("move on to the following head", {"head_step": 1}),
        ("one layer back", {"layer_step": -1}),
        ("could we step back two heads", {"head_step": -2}),
        ("next layer, and head 3", {"layer_step": 1, "head": 3}),
        # a value stated outright wins over a step for the same setting
        ("the next head, I mean head 5", {"head": 5}),
    ],
)
def test_a_move_through_heads_or_layers_restarts_the_attention_demo(
    router: Router, text: str, args: dict[str, Any]
) -> None:
    route = router.route(text, demo_running="attention")
    assert (route.intent, route.tool, route.args) == ("demo", "control",
                                                      {"action": "restart", **args})


@pytest.mark.parametrize(
    "text",
    [
        "what does the next head attend to?",
        "would the previous layer look any different?",
        "is the next layer more diagonal?",
        "I wonder if the next head is the one that looks at verbs",
    ],
)
def test_a_question_about_the_next_head_or_layer_never_steers(router: Router, text: str) -> None:
    assert control_decision(text, "attention") is None
    assert router.route(text, demo_running="attention").intent != "demo"


def test_a_move_needs_a_demo_with_heads_or_layers(router: Router) -> None:
    """The GAN has no heads: "next head" while it trains is not a change of it."""
    assert control_decision("go to the next head", "gan") is None
    assert router.route("go to the next head", demo_running="gan").tool != "control"


def test_a_step_is_checked_before_it_reaches_the_app() -> None:
    with pytest.raises(DemoError, match="head_step"):
        control_route("attention", "set", {"head_step": 1000})
    with pytest.raises(DemoError, match="changes nothing"):
        control_route("attention", "set", {"layer_step": 0})
    with pytest.raises(DemoError, match="cannot change head_step"):
        control_route("gan", "set", {"head_step": 1})


def test_the_step_is_added_to_the_runs_current_value() -> None:
    # the value the run was started with
    assert apply_steps("attention", {"head_step": 1}, {"head": 4}) == {"head": 5}
    assert apply_steps("attention", {"layer_step": -2}, {"layer": 7}) == {"layer": 5}
    # started without a head: the demo's default, the mean over heads (-1), so the next is 0
    assert apply_steps("attention", {"head_step": 1}, {}) == {"head": 0}
    # never below 0 going down
    assert apply_steps("attention", {"head_step": -1}, {"head": 0}) == {"head": 0}
    assert apply_steps("attention", {"layer_step": -3}, {"layer": 1}) == {"layer": 0}
    # started without a layer: the middle one, known from what the run reported
    assert apply_steps("attention", {"layer_step": 1}, {}, {"layer": 15, "head": "mean"}) == \
        {"layer": 16}
    assert apply_steps("attention", {"head_step": 2}, {}, {"head": "mean"}) == {"head": 1}
    # other changes pass through; a value stated outright is not moved
    assert apply_steps("attention", {"head_step": 1, "text": "Birds fly."}, {"head": 2}) == \
        {"head": 3, "text": "Birds fly."}
    assert apply_steps("attention", {"head_step": 1, "head": 6}, {"head": 2}) == {"head": 6}


def test_a_layer_step_before_the_run_showed_its_layer_says_what_to_do() -> None:
    with pytest.raises(DemoError, match="has not shown its layer yet") as caught:
        apply_steps("attention", {"layer_step": 1}, {})
    assert "'layer 3'" in caught.value.hint


def test_a_finished_runs_learning_rate_is_scaled_from_what_it_used() -> None:
    """The GAN picks its learning rate by its loss when none is given and lists it in its
    closing figures: "triple the learning rate" after the run starts it again at three times
    that, or at three times the one it was started with."""
    assert apply_steps("gan", {"lr_scale": 3.0}, {"steps": 40}, {"settings": {"lr": 0.001}}) \
        == {"lr": pytest.approx(0.003)}
    assert apply_steps("gan", {"lr_scale": 0.5}, {"lr": 0.002}, {}) == {"lr": pytest.approx(0.001)}


def test_the_chat_says_the_move_in_words() -> None:
    line = restart_text("attention", {"head_step": 1}, [])
    assert line.startswith("Restarting the attention demo, moving to the next head.")
    assert "step" not in line.split(".")[0]
    assert "moving to the previous layer" in restart_text("attention", {"layer_step": -1}, [])
    assert "with text 'Dogs bark.', moving 2 heads back" in restart_text(
        "attention", {"text": "Dogs bark.", "head_step": -2}, [])


@pytest.mark.parametrize(
    "running,text,args",
    [
        ("embeddings", "look up the nearest neighbours of violin", {"query": "violin"}),
        ("embeddings", "look up the closest words to ocean", {"query": "ocean"}),
        ("embeddings", "check the neighbours of 'mountain'", {"query": "mountain"}),
        ("tokenize", "show me how the tokenizer splits 'strawberry'", {"text": "strawberry"}),
    ],
)
def test_a_launch_of_the_running_demo_with_settings_changes_it(
    router: Router, running: str, text: str, args: dict[str, Any]
) -> None:
    route = router.route(text, demo_running=running)
    assert (route.intent, route.tool, route.args) == ("demo", "control",
                                                      {"action": "restart", **args})
    # with no demo running, the same words launch it
    launched = router.route(text)
    assert (launched.tool, launched.args) == (running, args)


def test_other_launches_and_questions_stay_what_they_were(router: Router) -> None:
    other = router.route("start the vae at beta 3", demo_running="embeddings")
    assert (other.tool, other.args) == ("vae", {"beta": 3.0})
    again = router.route("show me the embeddings demo", demo_running="embeddings")
    assert (again.tool, again.args) == ("embeddings", {})
    for question in ("what are the neighbours of violin?", "which words are closest to piano?"):
        assert router.route(question, demo_running="embeddings").intent != "demo"


def _bench_steering() -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench/steering.py"
    spec = importlib.util.spec_from_file_location("bench_steering", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_reads_a_move_as_a_step_and_only_more_steps_as_more_training() -> None:
    carried_out = _bench_steering().carried_out
    assert carried_out({"action": "restart", "head_step": 1}, "head+=1")
    assert carried_out({"action": "set", "layer_step": -1}, "layer-=1")
    assert not carried_out({"action": "restart", "layer_step": 1}, "layer-=1")
    assert not carried_out({"action": "more"}, "head+=1")
    assert carried_out({"action": "more"}, "steps+=300")
    assert carried_out({"action": "more"}, "lr=0.01, steps+=300")
    assert not carried_out({"action": "restart", "steps": 300}, "steps+=300")
    assert carried_out({"action": "restart", "words": "owl,hawk,crow"}, "words+=hawk,crow")
    assert not carried_out({"action": "more"}, "words+=hawk,crow")


def test_the_bench_reads_a_word_list_regardless_of_the_spaces_after_its_commas() -> None:
    carried_out = _bench_steering().carried_out
    assert carried_out({"action": "restart", "words": "oak,pine,elm"}, 'words="oak, pine, elm"')
    assert carried_out({"action": "restart", "words": "oak, pine"}, 'words="oak,pine"')
    assert not carried_out({"action": "restart", "words": "oak,pine"}, 'words="oak, elm"')


@pytest.mark.parametrize(
    "running,text,args",
    [
        # a factor in one word, for the learning rate (live) and a launch setting (restart)
        ("gan", "ok now quadruple the lr", {"action": "set", "lr_scale": 4.0}),
        ("vae", "please triple the learning rate", {"action": "set", "lr_scale": 3.0}),
        ("gan-digits", "halve the batch size", {"action": "restart", "batch_size_scale": 0.5}),
        # a change wins over carrying on in the same message
        ("gan", "triple the batch size, then carry on",
         {"action": "restart", "batch_size_scale": 3.0}),
        # an amount for a float setting, up or down
        ("diffusion", "bump the guidance up by 1.5", {"action": "restart", "guidance_step": 1.5}),
        ("diffusion", "turn the cfg scale down by 3", {"action": "restart", "guidance_step": -3.0}),
        # more of the sampling demo's tokens: its steps, not more training
        ("sampling", "write 15 extra tokens", {"action": "restart", "steps_step": 15}),
        ("sampling", "now 5 fewer tokens", {"action": "restart", "steps_step": -5}),
    ],
)
def test_a_relative_change_is_sent_as_a_scale_or_a_step(running: str, text: str,
                                                        args: dict[str, Any]) -> None:
    route = control_decision(text, running)
    assert route is not None and route.args == args


def test_a_relative_change_applies_to_the_runs_current_value() -> None:
    assert apply_steps("gan-digits", {"batch_size_scale": 2.0}, {"batch_size": 96}) == {
        "batch_size": 192}
    assert apply_steps("sampling", {"steps_step": 15}, {"steps": 50}) == {"steps": 65}
    # nothing started or reported: the demo's own default
    from demos.diffusion import Config

    assert apply_steps("diffusion", {"guidance_step": 1.5}, {}) == {
        "guidance": Config.guidance + 1.5}
    assert "batch size times 2" in restart_text("gan", {"batch_size_scale": 2.0}, [])


def test_more_steps_of_a_training_demo_is_still_more_training() -> None:
    route = control_decision("run 800 more steps", "gan")
    assert route is not None and route.args == {"action": "more"}


def test_the_bench_reads_a_scale_or_a_step_of_any_setting() -> None:
    carried_out = _bench_steering().carried_out
    assert carried_out({"action": "restart", "batch_size_scale": 2.0}, "batch_size*=2")
    assert carried_out({"action": "restart", "guidance_step": 1.5}, "guidance+=1.5")
    assert carried_out({"action": "restart", "steps_step": 15}, "steps+=15")
    assert not carried_out({"action": "restart", "steps": 15}, "steps+=15")
