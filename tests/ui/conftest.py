"""UI fixtures: a scripted runtime for fast flows, one real Runtime shared by the session."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.ui.fakes import FakeRuntime, ScriptedTutor, scripted_start
from tutor.settings import Settings

SIZE = (100, 32)


@pytest.fixture
def settings(tutor_home: Path) -> Settings:
    return Settings(home=tutor_home, model="scripted", quant="auto", device="cpu")


@pytest.fixture
def make_app(settings: Settings) -> Callable[..., Any]:
    """Build a TutorApp over a scripted runtime (and scripted demo frames unless told)."""
    from tutor.ui.app import TutorApp

    def build(tutor: ScriptedTutor | None = None, quiz: Any = None, load_delay: float = 0.0,
              demo_start: Any = None, hold: threading.Event | None = None) -> TutorApp:
        runtime = FakeRuntime(tutor, quiz, load_delay, hold)
        app = TutorApp(settings, runtime, demo_start=demo_start or scripted_start())
        app.animation_level = "none"  # no tab-underline slides: snapshots are deterministic
        return app

    return build


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout` seconds)."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.01)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin (no pytest-asyncio needed)."""
    return "asyncio"


def rendered(widget: Any) -> str:
    """The text a widget draws (its whole content region, line by line)."""
    from textual.geometry import Region

    size = widget.outer_size
    lines = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(strip.text.rstrip() for strip in lines)


def tree_text(widget: Any) -> str:
    """The text drawn by a widget and all its descendants (e.g. a Markdown's blocks)."""
    return "\n".join(rendered(w) for w in [widget, *widget.query("*")])


@pytest.fixture(scope="session")
def real_runtime(session_home: Path) -> Any:
    """The real Runtime (embedder, index, small LLM, agent, quiz), loaded once per session."""
    import os

    from tutor.runtime import Runtime

    os.environ["TUTOR_HOME"] = str(session_home)
    runtime = Runtime(Settings(home=session_home))
    runtime.load()
    return runtime


@pytest.fixture
def real_app(real_runtime: Any) -> Callable[..., Any]:
    from tutor.ui.app import TutorApp

    def build() -> TutorApp:
        return TutorApp(real_runtime.settings, real_runtime)

    return build


async def send(pilot: Any, text: str) -> None:
    """Type a message into the chat prompt and press Enter, as a learner does."""
    pilot.app.chat.query_one("#prompt").value = text
    await pilot.press("enter")


def notices(app: Any) -> str:
    """Every notice line in the chat, as text."""
    from tutor.ui.widgets.chat_log import NoticeLine

    return "\n".join(str(w.render()) for w in app.chat.query(NoticeLine))
