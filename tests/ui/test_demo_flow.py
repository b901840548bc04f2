"""Demo flows with scripted frames: the panel draws every frame kind; steering, Esc, one at
a time, errors."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tests.ui.conftest import SIZE, notices, rendered, send, wait_until
from tests.ui.fakes import scripted_start
from tutor.errors import DemoError
from tutor.ui.widgets.demo_panel import DemoPanel

pytestmark = pytest.mark.anyio


async def test_demo_command_draws_every_frame_kind(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan --steps 60")
        await wait_until(pilot, lambda: app.demo_control is None and app.demo_run == 1
                         and app.chat.demo.state == "finished")
        await pilot.pause(0.25)  # one redraw tick
        panel = app.chat.query_one(DemoPanel)
        assert panel.step == 60
        assert app.chat.query_one("#demo-losses", PlotextPlot).display
        assert app.chat.query_one("#demo-points", PlotextPlot).display
        for wid in ("#demo-map", "#demo-images", "#demo-tokens", "#demo-merges", "#demo-metrics"):
            assert app.chat.query_one(wid, Static).display, wid
        assert "Hello·world⏎" in rendered(app.chat.query_one("#demo-tokens", Static))
        assert "final metrics" in rendered(app.chat.query_one("#demo-metrics", Static))
        assert "t + h → th" in rendered(app.chat.query_one("#demo-merges", Static))
        assert "▀" in rendered(app.chat.query_one("#demo-map", Static))
        assert "gan finished" in app.chat.status.demo
        assert app.runtime.tutor().asked[0][0] == "/demo gan --steps 60"


async def test_steering_and_escape_stop_the_running_demo(make_app: Any) -> None:
    app = make_app(demo_start=scripted_start(delay=0.01, steps=5000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: app.chat.demo.step > 0)
        await send(pilot, "pause")
        await wait_until(pilot, lambda: not app.answering)
        assert app.demo_control is not None and app.demo_control.paused
        assert app.runtime.tutor().asked[-1] == ("pause", "default", "gan")
        step = app.chat.demo.step
        await pilot.pause(0.3)
        assert app.chat.demo.step == step  # paused: no progress
        await send(pilot, "resume")
        await wait_until(pilot, lambda: app.chat.demo.step > step)
        await send(pilot, "halve the learning rate")
        await wait_until(pilot, lambda: "lr_scale=0.5" in "\n".join(app.chat.demo.logs))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.demo_control is None)
        assert app.chat.demo.state == "stopped"


async def test_a_second_demo_replaces_the_first(make_app: Any) -> None:
    app = make_app(demo_start=scripted_start(delay=0.01, steps=5000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: app.chat.demo.step > 0)
        first = app.demo_control
        await send(pilot, "/demo vae --steps 40")
        await wait_until(pilot, lambda: app.demo_run == 2)
        assert first is not None and first.stopped
        await wait_until(pilot, lambda: app.chat.demo.state == "finished")
        assert "Stopped the gan demo" in notices(app)


async def test_a_failing_demo_shows_its_message_and_the_app_stays_up(make_app: Any) -> None:
    def broken(name: str, args: Any = None, control: Any = None) -> Any:
        if name == "vae":
            raise DemoError("Invalid arguments for the vae demo.", "It takes: steps.")

        def frames() -> Any:
            yield from ()
            raise RuntimeError("boom")
        return frames(), []

    app = make_app(demo_start=broken)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo vae")
        await wait_until(pilot, lambda: "Invalid arguments" in notices(app))
        assert "It takes: steps." in notices(app)
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: "RuntimeError: boom" in notices(app))
        assert app.chat.demo.state == "failed"
        assert app.is_running
