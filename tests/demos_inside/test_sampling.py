"""The sampling demo: its filters equal transformers' logits processors, greedy equals
`generate`, a seed repeats a run, and the knobs can be steered while it runs."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from transformers import (
    LogitsProcessorList,
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)

from demos import sampling
from demos.control import Control
from demos.frames import Metrics, NextToken, Texts
from demos.lm import prompt_ids
from demos.registry import start, validate_args
from tutor.errors import DemoError

from .conftest import assert_plain


def reference(logits: torch.Tensor, temperature: float, top_k: int, top_p: float) -> torch.Tensor:
    """What `generate` samples from: its own warpers, in its order."""
    warpers = LogitsProcessorList([TemperatureLogitsWarper(temperature)])
    if top_k > 0:
        warpers.append(TopKLogitsWarper(top_k))
    if top_p < 1.0:
        warpers.append(TopPLogitsWarper(top_p))
    return warpers(torch.zeros(1, 1, dtype=torch.long), logits[None].clone())[0].softmax(-1)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(0.05, 5.0), st.integers(0, 60),
       st.floats(0.01, 1.0), st.booleans())
def test_filters_match_transformers(seed: int, temperature: float, top_k: int, top_p: float,
                                    ties: bool) -> None:
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(50, generator=gen) * 3
    if ties:  # equal logits, where top-k and top-p must break ties the same way
        logits = logits.round()
    ours = sampling.filter_logits(logits, temperature, top_k, top_p).softmax(-1)
    assert torch.allclose(ours, reference(logits, temperature, top_k, top_p), atol=1e-6)
    assert math.isclose(float(ours.sum()), 1.0, rel_tol=1e-5)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(0, 60), st.floats(0.01, 1.0))
def test_temperature_zero_leaves_only_the_likeliest_token(seed: int, top_k: int,
                                                          top_p: float) -> None:
    logits = torch.randn(50, generator=torch.Generator().manual_seed(seed)) * 3
    probs = sampling.filter_logits(logits, 0.0, top_k, top_p).softmax(-1)
    assert int(probs.argmax()) == int(logits.argmax()) and float(probs.max()) == 1.0


def test_a_learner_may_ask_for_temperature_zero() -> None:
    args, notes = validate_args("sampling", {"temperature": 0})
    assert args["temperature"] == 0 and notes == []


def frames_of(config: sampling.Config, control: Control | None = None) -> list:
    return list(sampling.run(config, control))


@pytest.mark.real
def test_shown_probabilities_are_the_models_own(lm) -> None:
    config = sampling.Config.tiny(lm=lm, temperature=0.7, top_k=3, top_p=0.9)
    frames = frames_of(config)
    for frame in frames:
        assert_plain(frame)
    steps = [f for f in frames if isinstance(f, NextToken)]
    assert [f.mode for f in steps] == ["greedy"] * 4 + ["sampled"] * 4
    ids = prompt_ids(lm, config.text, chat=False)
    for frame in [s for s in steps if s.mode == "sampled"]:
        so_far = ids + [s.picked.id for s in steps if s.mode == "sampled" and s.step < frame.step]
        with torch.inference_mode():
            logits = lm.model(input_ids=torch.tensor([so_far])).logits[0, -1].float()
        raw = logits.softmax(-1)
        want = reference(logits, 0.7, 3, 0.9)
        assert [c.id for c in frame.candidates] == torch.topk(raw, 5).indices.tolist()
        for c in frame.candidates + [frame.picked]:
            assert math.isclose(c.prob, float(raw[c.id]), abs_tol=1e-4)
            assert math.isclose(c.filtered, float(want[c.id]), abs_tol=1e-4)
        assert frame.picked.filtered > 0  # only a survivor can be drawn
        assert sum(c.filtered > 0 for c in frame.candidates) <= 3  # top-k 3
    final = frames[-1]
    assert isinstance(final, Metrics) and final.final
    sampled = [s for s in steps if s.mode == "sampled"]
    assert math.isclose(final.values["sampled_logprob"],
                        sum(math.log(s.picked.prob) for s in sampled), rel_tol=1e-6)
    assert final.values["seed"] == 0


@pytest.mark.real
def test_greedy_is_generate_and_a_seed_repeats(lm) -> None:
    config = sampling.Config.tiny(lm=lm, steps=6, temperature=1.5, top_k=0, top_p=1.0)
    first = frames_of(config)
    greedy = [f.picked.id for f in first if isinstance(f, NextToken) and f.mode == "greedy"]
    ids = torch.tensor([prompt_ids(lm, config.text, chat=False)])
    with torch.inference_mode():
        out = lm.model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                max_new_tokens=6, repetition_penalty=1.0, top_k=None,
                                top_p=None, temperature=None)
    assert greedy == out[0, ids.shape[1]:].tolist()
    texts = next(f for f in first if isinstance(f, Texts))
    assert [label for label, _ in texts.items] == ["greedy", "sampled"]
    assert first[-1].values == frames_of(config)[-1].values | {
        "wall_s": first[-1].values["wall_s"]}
    other = frames_of(sampling.Config.tiny(lm=lm, steps=6, temperature=1.5, top_k=0,
                                           top_p=1.0, seed=1))
    assert other[-1].values["seed"] == 1


@pytest.mark.real
def test_steering_takes_effect_between_steps(lm) -> None:
    control = Control()
    control.send(temperature=0.3, top_k=2, colour="red")
    control.send(top_p=7)  # out of range: refused, the run goes on
    frames = frames_of(sampling.Config.tiny(lm=lm, steps=2), control)
    logs = [f.text for f in frames if f.kind == "log"]
    assert "temperature 0.8 -> 0.3" in logs and "top_k 40 -> 2" in logs
    assert any("colour" in t for t in logs) and any("top_p=7" in t for t in logs)
    sampled = [f for f in frames if isinstance(f, NextToken) and f.mode == "sampled"]
    assert sampled[0].settings == {"temperature": 0.3, "top_k": 2, "top_p": 0.95}
    assert frames[-1].values["top_k"] == 2


@pytest.mark.real
def test_stop_ends_the_run_early(lm) -> None:
    control = Control()
    control.stop()
    frames = frames_of(sampling.Config.tiny(lm=lm), control)
    assert not any(isinstance(f, NextToken) for f in frames)
    assert not any(isinstance(f, Metrics) for f in frames)


@pytest.mark.parametrize("args", [{"temperature": -1}, {"top_p": 0}, {"top_k": -1},
                                  {"text": ""}, {"steps": 0}, {"lm": "x"}])
def test_sampling_refuses_bad_arguments(args: dict) -> None:
    with pytest.raises(DemoError):
        start("sampling", args)


@pytest.mark.real
def test_sampling_clamps_and_takes_trusted_context(lm) -> None:
    clean, notes = validate_args("sampling", {"temperature": 50, "steps": 10**6})
    assert clean == {"temperature": 5.0, "steps": 200} and len(notes) == 2
    frames, _ = start("sampling", {"steps": 1, "text": "Hi", "chat": False},
                      context={"lm": lm, "unknown": 1})
    final = list(frames)[-1]
    assert final.values["greedy_tokens"] == 1 and final.values["sampled_tokens"] == 1


def picked_run(config: sampling.Config, answers: list, control: Control | None = None) -> list:
    """Run the demo, answering each step that waits with the next of `answers` (a pick, or
    "resume" for the chat's "continue")."""
    control = control or Control()
    replies = iter(answers)
    frames = []
    for frame in sampling.run(config, control):
        frames.append(frame)
        if isinstance(frame, NextToken) and frame.waiting:
            reply = next(replies, None)  # None: nobody answers
            if reply == "resume":
                control.resume()
            elif reply is not None:
                control.send(pick=reply)
    return frames


@pytest.mark.real
def test_the_learner_picks_each_token_and_the_run_goes_on_from_it(lm) -> None:
    config = sampling.Config.tiny(lm=lm, interactive=True, steps=5, seed=3)
    frames = picked_run(config, [2, 99, " banana", "resume", "auto"])
    for frame in frames:
        assert_plain(frame)
    waiting = [f for f in frames if isinstance(f, NextToken) and f.waiting]
    taken = [f for f in frames if isinstance(f, NextToken) and f.mode == "sampled"
             and not f.waiting]
    assert [w.step for w in waiting] == [1, 2, 2, 3, 4]  # 99 was refused: step 2 asked again
    assert len(taken) == 5
    assert taken[0].picked == waiting[0].candidates[1] and taken[0].chosen_by == "learner"
    assert taken[1].picked.text == " banana" and taken[1].chosen_by == "learner"
    assert taken[1].picked.id not in [c.id for c in taken[1].candidates]  # off the list
    assert taken[2].chosen_by == "model" and taken[2].picked == waiting[3].picked  # "continue"
    assert taken[3].chosen_by == taken[4].chosen_by == "model"  # "auto": step 5 never waited
    logs = [f.text for f in frames if f.kind == "log"]
    assert any("There are 5 candidates" in t for t in logs)
    assert any(t.startswith("Your turn") for t in logs)
    # The run goes on from the learner's tokens: step 3's candidates are the model's own
    # given the prompt plus both picks.
    ids = prompt_ids(lm, config.text, chat=False) + [taken[0].picked.id, taken[1].picked.id]
    with torch.inference_mode():
        probs = lm.model(input_ids=torch.tensor([ids])).logits[0, -1].float().softmax(-1)
    assert [c.id for c in taken[2].candidates] == torch.topk(probs, 5).indices.tolist()
    assert taken[2].context.endswith(" banana")
    final = frames[-1]
    assert final.values["learner_picks"] == 2
    assert final.values["sampled_text"].startswith(taken[0].picked.text + " banana")
    texts = next(f for f in frames if isinstance(f, Texts))
    assert texts.items[1][0] == "sampled, 2 picked by you"


@pytest.mark.real
def test_a_pick_takes_over_a_running_demo_and_silence_hands_it_back(lm) -> None:
    control = Control()
    control.send(pick=1)  # said while the model draws on its own
    config = sampling.Config.tiny(lm=lm, steps=3, wait_s=0.2)
    frames = picked_run(config, [], control)  # nobody answers the next step
    taken = [f for f in frames if isinstance(f, NextToken) and f.mode == "sampled"
             and not f.waiting]
    assert taken[0].chosen_by == "learner" and taken[0].picked == taken[0].candidates[0]
    assert sum(isinstance(f, NextToken) and f.waiting for f in frames) == 1  # then it waited
    assert any("No pick in 0.2 s" in f.text for f in frames if f.kind == "log")
    assert [f.chosen_by for f in taken[1:]] == ["model", "model"]
    assert frames[-1].values["wall_s"] < 30  # the wait is left out of the figure


def test_picks_from_the_chat_are_bounded() -> None:
    clean, _ = validate_args("sampling", {"interactive": True})
    assert clean == {"interactive": True}
    from tutor.agent.tools import control_route

    assert control_route("sampling", "set", {"pick": " cat"}).args == {"action": "set",
                                                                       "pick": " cat"}
    for bad in (0, 21, "x" * 41, ""):
        with pytest.raises(DemoError):
            control_route("sampling", "set", {"pick": bad})
    with pytest.raises(DemoError, match="cannot change pick"):
        control_route("gan", "set", {"pick": 2})
