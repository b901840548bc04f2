"""While a demo runs, only an instruction steers it: a question or a remark that names a
setting is answered, never executed. Pure (no embedder): `control_decision` is the whole of
how a plain-language message comes to act on a demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.agent.router import control_decision
from tutor.errors import TutorError

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "bench/sets/steering_b.jsonl"
# Dev rows only: the test split is scored by bench/steering.py, never asserted on here.
ROWS = [r for r in map(json.loads, SET.read_text().splitlines()) if r["split"] == "dev"]


@pytest.mark.parametrize(
    "text",
    [
        # asking for an explanation in the imperative
        "summarize the WGAN idea",
        "compare WGAN and the basic GAN",
        "give me an overview of wasserstein loss",
        "describe the Wasserstein distance",
        "define mode collapse",
        "explain the critic with a small example",
        "walk me through what the critic does with an example",
        "could you explain the critic in WGAN",
        # a remark that names a setting
        "I read that Wasserstein GANs are more stable",
        "Wasserstein GANs are more stable, I heard",
        "I read that halving the learning rate helps",
        "it won't stop oscillating",
        # an interjection, then a question
        "wait a second, why is the loss going up",
        "Hang on — what are the blue crosses?",
        "hang on, why did it collapse",
        "wait why is the generator stuck",
        "so the discriminator is winning?",
        # "end" the noun
        "go through one example till the end and tell me what changes",
    ],
)
def test_questions_and_remarks_never_steer(text: str) -> None:
    assert control_decision(text, "gan") is None


@pytest.mark.parametrize(
    "text,args",
    [
        ("hang on, stop the run", {"action": "stop"}),
        ("hang on — pause", {"action": "pause"}),
        ("hold on", {"action": "pause"}),
        ("wait a sec", {"action": "pause"}),
        ("switch to WGAN", {"action": "set", "loss": "wgan-gp"}),
        ("use wgan-gp instead", {"action": "set", "loss": "wgan-gp"}),
        ("wgan-gp please", {"action": "set", "loss": "wgan-gp"}),
        ("could you use the wasserstein loss?", {"action": "set", "loss": "wgan-gp"}),
        ("go back to the plain gan loss", {"action": "set", "loss": "gan"}),
        ("I have seen enough, please stop now", {"action": "stop"}),
        ("lower the lr, it's oscillating", {"action": "set", "lr_scale": 0.5}),
        ("ok, set lr to 0.001", {"action": "set", "lr": 0.001}),
    ],
)
def test_instructions_still_steer(text: str, args: dict) -> None:
    route = control_decision(text, "gan")
    assert route is not None and route.args == args


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["label"] == "question"], ids=lambda r: r["id"]
)
def test_no_question_of_the_outside_set_is_executed(row: dict) -> None:
    """Every question of the blind annotator's dev split: a regression guard, not a target
    to tune to (the rules are classes of phrasing, none is about one row)."""
    assert control_decision(row["text"], row["demo"]) is None


def test_instructions_of_the_outside_set_that_steer_do_what_was_asked() -> None:
    steered = 0
    for row in (r for r in ROWS if r["label"] == "instruction"):
        try:
            route = control_decision(row["text"], row["demo"])
        except TutorError:  # refused with a message: nothing was executed
            continue
        if route is not None:
            steered += 1
            # a launch setting (the GAN's r1, a digit) is carried out by a restart
            done = route.args["action"]
            assert done == row["action"] or (done, row["action"]) == ("restart", "set"), \
                row["text"]
    assert steered  # the gate has not simply turned steering off
