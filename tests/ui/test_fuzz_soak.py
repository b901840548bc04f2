"""Random key sequences never crash the app; 200 turns keep memory bounded; the UI module
imports none of the heavy libraries."""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widget import Widget

from tests.ui.conftest import SIZE, wait_until
from tests.ui.fakes import FakeQuiz, FakeRuntime, ScriptedTutor, scripted_start
from tutor.settings import Settings

KEYS = ["enter", "escape", "up", "down", "left", "right", "tab", "backspace", "f1", "f2", "f3",
        "f4", "ctrl+l", "ctrl+n", "ctrl+d", "ctrl+r", "space", "a", "z", "[", "]", "/", "\\"]
PHRASES = ["/demo gan --steps 30", "/help", "/clear", "/sessions", "/quiz", "/progress", "/model",
           "/export", "pause", "stop", "what is a GAN?", "/notes nowhere", "[bold]x[/]", "hello",
           "/demo nope"]
ACTIONS = st.lists(st.one_of(st.sampled_from(KEYS), st.sampled_from(PHRASES)), max_size=15)

pytestmark = pytest.mark.anyio


async def _drive(actions: list[str], home: str) -> None:
    from tutor.ui.app import TutorApp

    app = TutorApp(Settings(home=home, model="scripted"), FakeRuntime(quiz=FakeQuiz()),
                   demo_start=scripted_start(delay=0.002, steps=200))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        for action in actions:
            if action in KEYS:
                await pilot.press(action)
            else:  # a whole line typed at once, then sent
                app.screen.focus_next() if app.focused is None else None
                if app.screen is app.chat:
                    app.chat.query_one("#prompt").value = action
                await pilot.press("enter")
            await pilot.pause(0.01)
        await pilot.pause(0.1)
        assert app.is_running
        await app.action_quit()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_random_keys_never_crash(actions: list[str], tmp_path_factory: Any) -> None:
    home = str(tmp_path_factory.mktemp("fuzz"))
    asyncio.run(_drive(actions, home))


async def test_two_hundred_turns_keep_memory_bounded(make_app: Any) -> None:
    tutor = ScriptedTutor(answer="A GAN has a generator and a discriminator [1].")
    app = make_app(tutor=tutor)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.ready)
        log_view = app.chat.log_view
        log_view.max_widgets = 20  # the pruning is what is under test; fewer widgets is faster
        # widgets already alive (this app's own, and any an earlier test left for the
        # collector): only what the turns add is under test
        gc.collect()
        before = sum(isinstance(o, Widget) for o in gc.get_objects())

        async def turn(i: int) -> None:
            app.submit(f"question {i}")
            while not (len(tutor.asked) > i and not app.answering):
                await asyncio.sleep(0.005)

        counts: list[int] = []
        for i in range(200):
            await turn(i)
            if i in (99, 199):
                gc.collect()
                counts.append(len(gc.get_objects()))
        assert len(tutor.asked) == 200
        assert len(log_view.children) <= 20
        added = sum(isinstance(o, Widget) for o in gc.get_objects()) - before
        # The log is full after 10 turns: what stays alive is its last 20 widgets and their
        # render caches, so the second hundred turns add (almost) nothing.
        assert added < 200, added
        assert counts[1] < counts[0] * 1.1, counts


def test_ui_import_leaves_heavy_libraries_out() -> None:
    code = ("import sys, json; import tutor.ui.app; "
            "print(json.dumps([m for m in ('torch', 'transformers', 'chromadb', "
            "'sentence_transformers') if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
