"""The app as one learner of a class (genai-tutor web): sign in first; the shared parts load
meanwhile, the learner's own only after; a wrong passphrase keeps the door shut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from tests.ui.conftest import SIZE, wait_until
from tests.ui.fakes import FakeRuntime, scripted_start
from tutor.settings import Settings
from tutor.ui.screens.learner import LearnerScreen
from tutor.ui.widgets.chat_log import NoticeLine

pytestmark = pytest.mark.anyio


def classroom_app(home: Path) -> Any:
    from tutor.ui.app import TutorApp

    settings = Settings(home=home, model="scripted", quant="auto", device="cpu")
    app = TutorApp(settings, FakeRuntime(), demo_start=scripted_start(), classroom=True)
    app.animation_level = "none"
    return app


async def sign_in(pilot: Any, name: str, passphrase: str) -> None:
    screen = pilot.app.screen
    await pilot.press(*name, "enter")
    await wait_until(pilot, lambda: screen.query_one("#learner-pass", Input).has_focus)
    # said once the focus has moved, so a browser test knows when to type the passphrase
    assert f"Signing in as {name}" in str(screen.query_one("#learner-error", Static).render())
    await pilot.press(*passphrase, "enter")


async def test_a_learner_signs_in_before_their_own_files_open(tmp_path: Path) -> None:
    app = classroom_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LearnerScreen))
        await wait_until(pilot, lambda: getattr(app.runtime, "shared_loaded", False))
        await pilot.pause(0.2)
        assert not app.ready and app.settings.learner is None  # nothing of theirs yet
        await sign_in(pilot, "Alice", "pass1234")
        await wait_until(pilot, lambda: app.ready)
        assert app.settings.learner == "alice" and app.sub_title == "alice"
        assert app.settings.sessions_db == tmp_path / "learners" / "alice" / "sessions.sqlite"
        assert not isinstance(app.screen, LearnerScreen)
        app.submit("/notes /etc")  # a server folder is no learner's to index
        await wait_until(pilot, lambda: any("off in the classroom" in str(n.render())
                                            for n in app.chat.query(NoticeLine)))
    again = classroom_app(tmp_path)  # another tab tries the same name
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, LearnerScreen))
        await sign_in(pilot, "alice", "guess")
        error = again.screen.query_one("#learner-error", Static)
        await wait_until(pilot, lambda: "passphrase is wrong" in str(error.render()))
        assert isinstance(again.screen, LearnerScreen) and again.settings.learner is None
        assert not again.ready


async def test_an_empty_name_asks_for_the_name_first(tmp_path: Path) -> None:
    app = classroom_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LearnerScreen))
        screen = app.screen
        await pilot.press("enter")
        error = screen.query_one("#learner-error", Static)
        await wait_until(pilot, lambda: "name first" in str(error.render()))
        assert screen.query_one("#learner-name", Input).has_focus
        assert app.settings.learner is None
