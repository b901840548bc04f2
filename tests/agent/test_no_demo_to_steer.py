"""A change to a demo's settings typed while no demo runs (tutor/agent/router.py): one clear
message, not an answer from whatever passages the words happen to retrieve."""

from __future__ import annotations

import pytest

from tutor.agent.router import Router
from tutor.errors import InputError


@pytest.mark.parametrize("text", [
    "double the batch size",
    "take the learning rate down by half",
    "set the lr to 0.002",
    "go to the next layer",
])
def test_a_change_with_no_demo_running_says_no_demo_runs(router: Router, text: str) -> None:
    with pytest.raises(InputError, match="No demo is running"):
        router.route(text)


@pytest.mark.parametrize("text", [
    "what would doubling the batch size do?",
    "is a smaller learning rate always safer?",
    "launch the handwriting GAN at lr 0.002",
])
def test_questions_and_launches_with_settings_are_not_changes(router: Router, text: str) -> None:
    route = router.route(text)
    assert route.intent in ("answer", "demo")


def test_the_same_change_steers_a_running_demo(router: Router) -> None:
    route = router.route("double the batch size", demo_running="gan")
    assert route.intent == "demo" and route.tool == "control"


def test_a_question_that_states_a_setting_is_answered(router: Router) -> None:
    assert router.route("whats temperature = 0 the same as").intent == "answer"


def test_a_remark_about_a_setting_is_no_change(router: Router) -> None:
    assert router.route("my friend set the lr to 0.5 and it blew up").intent in ("answer", "chat")
