"""Moving through the attention demo's heads from the chat, in the real app with scripted
frames: "the next head" starts the demo again on the run's head plus one, and a head past
the model's last is the demo's own error, shown as a message while the app stays up."""

from __future__ import annotations

from typing import Any

import pytest

from demos.frames import Log
from tests.ui.conftest import SIZE, notices, send, wait_until
from tests.ui.test_demo_flow import RoutingTutor, recording_start
from tutor.agent.events import DemoRequest, Routed
from tutor.agent.slash import parse_slash
from tutor.errors import DemoError

pytestmark = pytest.mark.anyio
HEADS = 4  # the scripted model's heads per layer


class SlashTutor(RoutingTutor):
    """RoutingTutor, with "/demo" read by the real slash parser (the fake reads only
    --steps)."""

    def respond(self, message: str, **kwargs: Any) -> Any:
        if not message.startswith("/demo"):
            yield from super().respond(message, **kwargs)
            return
        route = parse_slash(message, kwargs.get("demo_running"))
        yield Routed(route)
        yield DemoRequest(route.tool or "", dict(route.args), [])


def with_heads(start: Any) -> Any:
    """The scripted demo, but refusing a head the model lacks as demos/attention.py does
    (a DemoError from inside the run)."""
    def checked(name: str, args: Any = None, control: Any = None) -> Any:
        head = (args or {}).get("head", -1)
        if head < HEADS:
            return start(name, args, control)

        def refused() -> Any:
            yield Log("loading")
            raise DemoError(f"head {head} is out of range: the model has {HEADS} heads per "
                            "layer.", f"Pick a head from 0 to {HEADS - 1}.")
        return refused(), []
    return checked


async def test_the_next_head_moves_from_the_runs_head(make_app: Any) -> None:
    started, start = recording_start(delay=0.01, steps=5000)
    app = make_app(tutor=SlashTutor(), demo_start=with_heads(start))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo attention --head 2")
        await wait_until(pilot, lambda: app.chat.demo.step > 0)
        await send(pilot, "alright, on to the next head")
        await wait_until(pilot, lambda: app.demo_run == 2 and app.chat.demo.step > 0)
        assert started[-1] == ("attention", {"head": 3}), (started, notices(app))
        assert "Restarting the attention demo, moving to the next head." in notices(app)
        await send(pilot, "next head please")  # past the last head: the demo says so
        await wait_until(pilot, lambda: "head 4 is out of range" in notices(app))
        assert "Pick a head from 0 to 3." in notices(app)
        await wait_until(pilot, lambda: app.chat.demo.state == "failed")
        assert app.is_running


async def change_after_finish(make_app: Any, demo_start: Any, launch: str,
                               change: str) -> str:
    """Launch a demo, let it spend its steps, send `change`; once the demo has started
    again, the chat's notices."""
    app = make_app(tutor=SlashTutor(), demo_start=demo_start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, launch)
        await wait_until(pilot, lambda: app.chat.demo.state == "finished")
        await send(pilot, change)
        await wait_until(pilot, lambda: app.demo_run == 2)
        return notices(app)


async def test_a_finished_demo_still_takes_the_next_head(make_app: Any) -> None:
    """The attention demo shows its matrices and finishes within seconds; "next head" read
    after that still moves it, rather than chatting."""
    started, start = recording_start(delay=0.01, steps=3)
    said = await change_after_finish(make_app, with_heads(start), "/demo attention --head 1",
                                     "next head please")
    assert started[-1] == ("attention", {"head": 2}), (started, said)


async def test_a_finished_training_demo_takes_a_scaled_learning_rate(make_app: Any) -> None:
    """"triple the learning rate" after the GAN spent its steps starts it again at three times
    the rate it ran with, instead of handing the demo a scale it does not take."""
    started, start = recording_start(delay=0.01, steps=3)
    said = await change_after_finish(make_app, start, "/demo gan --lr 0.001 --steps 3",
                                     "triple the learning rate")
    name, args = started[-1]
    assert name == "gan" and args["lr"] == pytest.approx(0.003), (started, said)
    assert "lr_scale" not in args
    assert "The gan demo had finished: starting it again with that change" in said
