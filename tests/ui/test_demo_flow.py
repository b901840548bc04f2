"""Demo flows with scripted frames: the panel draws every frame kind; steering, Esc, one at
a time, errors."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tests.ui.conftest import SIZE, notices, rendered, send, wait_until
from tests.ui.fakes import ScriptedTutor, scripted_start
from tutor.agent.chat import restart_text
from tutor.agent.events import DemoControl
from tutor.agent.router import control_decision
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
        await wait_until(pilot, lambda: "The gan demo failed at step 0." in notices(app))
        assert app.chat.demo.state == "failed"
        assert app.is_running


async def test_the_chat_tells_of_each_start_change_and_end(make_app: Any) -> None:
    app = make_app(demo_start=scripted_start(delay=0.01, steps=5000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan --steps 5000")
        await wait_until(pilot, lambda: app.chat.demo.step > 20)  # past a metrics frame
        assert "Started the gan demo: steps 5000 (defaults for the rest)." in notices(app)
        await send(pilot, "halve the learning rate")
        # the value that took effect, as the demo acknowledged it
        await wait_until(pilot, lambda: "The gan demo: learning rate 0.005 -> 0.0025."
                         in notices(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: "The gan demo stopped at step" in notices(app))
        line = notices(app).split("The gan demo stopped at step")[1]
        assert "figures at step" in line and "high quality 0.93, modes 8." in line


async def test_a_finished_demo_offers_to_train_more(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "train more")
        await wait_until(pilot, lambda: "No demo has finished its steps" in notices(app))
        await send(pilot, "/demo gan --steps 60")
        await wait_until(pilot, lambda: "Type 'train more'" in notices(app))
        assert ("The gan demo finished (60 steps); final figures: high quality 0.95, modes 8."
                in notices(app))
        assert ("Type 'train more' (or /demo more) to train it again for 120 steps (from "
                "scratch") in notices(app)
        await send(pilot, "train more")
        await wait_until(pilot, lambda: app.demo_run == 2 and app.chat.demo.state == "finished")
        assert app.chat.demo.step == 120
        assert "Started the gan demo: steps 120 (defaults for the rest)." in notices(app)
        assert "it again for 240 steps" in notices(app)  # and again, twice as long


async def test_train_more_while_a_demo_trains_resumes_or_waits(make_app: Any) -> None:
    app = make_app(demo_start=scripted_start(delay=0.01, steps=5000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: app.chat.demo.step > 0)
        await send(pilot, "train more")
        await wait_until(pilot, lambda: "The gan demo is still training" in notices(app))
        assert app.demo_run == 1  # not restarted
        await send(pilot, "pause")
        await wait_until(pilot, lambda: app.demo_control is not None and app.demo_control.paused)
        await send(pilot, "/demo more")
        await wait_until(pilot, lambda: "Resumed the gan demo." in notices(app))
        assert app.demo_control is not None and not app.demo_control.paused


async def test_the_tokenize_demo_is_handed_the_runtimes_tokenizer(make_app: Any) -> None:
    seen: list[tuple[str, dict]] = []

    def start(name: str, args: Any = None, control: Any = None, context: Any = None) -> Any:
        seen.append((name, dict(context or {})))
        return iter(()), []

    app = make_app(demo_start=start)
    app.runtime.llm_tokenizer = lambda: "the runtime's tokenizer"
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo tokenize")
        await wait_until(pilot, lambda: len(seen) == 1)
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: len(seen) == 2)
    assert seen == [("tokenize", {"llm_tokenizer": "the runtime's tokenizer"}), ("gan", {})]


class RoutingTutor(ScriptedTutor):
    """The scripted tutor, but a message sent while a demo runs goes through the real
    router's control decision and the agent's restart line, as the graph does."""

    def respond(self, message: str, *, session: str = "default",
                demo_running: str | None = None, cancel: Any = None,
                beyond_notes: bool = False) -> Any:
        route = control_decision(message, demo_running) if demo_running else None
        if route is None or message.startswith("/"):
            yield from super().respond(message, session=session, demo_running=demo_running,
                                       cancel=cancel, beyond_notes=beyond_notes)
            return
        self.asked.append((message, session, demo_running))
        action = route.args["action"]
        changes = {k: v for k, v in route.args.items() if k != "action"}
        line = (restart_text(demo_running, changes, route.notes) if action == "restart"
                else f"Changed {changes}.")
        yield DemoControl(action, changes, line)


def recording_start(delay: float, steps: int) -> tuple[list[tuple[str, dict]], Any]:
    """scripted_start, and the list of (demo, settings) it was started with, in order."""
    started: list[tuple[str, dict]] = []
    inner = scripted_start(delay=delay, steps=steps)

    def start(name: str, args: Any = None, control: Any = None) -> Any:
        started.append((name, dict(args or {})))
        return inner(name, args, control)

    return started, start


async def test_a_launch_setting_changed_in_chat_restarts_the_same_demo(make_app: Any) -> None:
    """"go with batches of 128" while the GAN trains: the run in progress is stopped and the
    GAN starts again with batch size 128, keeping its steps and a loss switched live."""
    started, start = recording_start(delay=0.01, steps=5000)
    app = make_app(tutor=RoutingTutor(), demo_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan --steps 5000")
        await wait_until(pilot, lambda: app.chat.demo.step > 0)
        first = app.demo_control
        await send(pilot, "switch to WGAN")  # live: the demo changes it without a restart
        await wait_until(pilot, lambda: not app.answering and app.demo_args.get("loss"))
        assert app.demo_run == 1
        await send(pilot, "go with batches of 128 now")
        await wait_until(pilot, lambda: app.demo_run == 2 and app.chat.demo.step > 0)
        assert first is not None and first.stopped
        assert app.demo_control is not first and not app.demo_control.stopped
        assert started[-1] == ("gan", {"steps": 5000, "loss": "wgan-gp", "batch_size": 128})
        said = notices(app)
        assert "Restarting the gan demo with batch size 128." in said
        assert "Stopped the gan demo." in said
        await wait_until(pilot, lambda: "Started the gan demo: steps 5000, loss wgan-gp, "
                         "batch size 128" in notices(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.demo_control is None)


async def test_a_change_after_the_demo_finished_starts_it_again_with_the_change(
    make_app: Any,
) -> None:
    """"now with batches of 64" once the GAN has spent its steps: the same demo starts again
    with the change and its other settings, instead of the message going to the chat."""
    started, start = recording_start(delay=0.0, steps=20)
    app = make_app(tutor=RoutingTutor(), demo_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan --steps 20")
        await wait_until(pilot, lambda: app.demo_control is None and app.demo_offer is not None)
        await send(pilot, "go with batches of 64 now")
        await wait_until(pilot, lambda: app.demo_run == 2)
        assert started[-1] == ("gan", {"steps": 20, "batch_size": 64})
        assert "Restarting the gan demo with batch size 64." in notices(app)


async def test_a_demo_that_ends_while_the_app_closes_is_let_go(make_app: Any) -> None:
    """A run's last messages can reach the app after its screens are gone (quitting while a
    demo finishes): they are dropped, never an error at exit."""
    from tutor.ui.messages import DemoEnded, DemoStarted

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo gan --steps 60")
        await wait_until(pilot, lambda: app.demo_run == 1 and app.chat.demo.state == "finished")
    assert not app.screen_stack
    await app.on_demo_started(DemoStarted(app.demo_run, "gan", []))
    await app.on_demo_ended(DemoEnded(app.demo_run, "finished"))
