"""Steering the running diffusion demo in plain words: the t shown, the sampler, its
steps and the guidance scale reach the demo's control channel within their bounds."""

from __future__ import annotations

import pytest

from tutor.agent.steer import steering
from tutor.agent.tools import control_route
from tutor.errors import DemoError


@pytest.mark.parametrize(
    "text,changes",
    [
        ("show t=200", {"t_shown": 200}),
        ("set t to 50", {"t_shown": 50}),
        ("go to timestep 900", {"t_shown": 900}),
        ("set the noise level to 100", {"t_shown": 100}),
        ("use ddpm", {"sampler": "ddpm"}),
        ("switch to ddim", {"sampler": "ddim"}),
        ("sample with 20 ddim steps", {"sampling_steps": 20}),
        ("use 10 sampling steps", {"sampling_steps": 10}),
        ("set guidance to 4", {"guidance": 4.0}),
    ],
)
def test_diffusion_knobs_in_plain_words(text: str, changes: dict) -> None:
    action, found = steering(text)
    route = control_route("diffusion", action, found)
    assert route.args == {"action": "set", **changes}


@pytest.mark.parametrize("text", ["what is the difference between ddpm and ddim?",
                                  "at t=5 what happens?", "I can't 5", "train for 3000 steps"])
def test_questions_and_other_words_are_not_diffusion_commands(text: str) -> None:
    assert steering(text) is None


def test_out_of_range_t_and_other_demos_are_refused() -> None:
    with pytest.raises(DemoError, match="t_shown"):
        control_route("diffusion", "set", {"t_shown": 1200})
    with pytest.raises(DemoError, match="cannot change t_shown"):
        control_route("gan", "set", {"t_shown": 5})
