"""UI fixtures: a scripted runtime for fast flows, one real Runtime shared by the session."""

from __future__ import annotations

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
              demo_start: Any = None) -> TutorApp:
        runtime = FakeRuntime(tutor, quiz, load_delay)
        return TutorApp(settings, runtime, demo_start=demo_start or scripted_start())

    return build


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout` seconds)."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin (no pytest-asyncio needed)."""
    return "asyncio"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every coroutine test in tests/ui runs under anyio."""
    import inspect

    for item in items:
        if isinstance(item, pytest.Function) and inspect.iscoroutinefunction(item.obj):
            item.add_marker(pytest.mark.anyio)
