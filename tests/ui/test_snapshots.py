"""SVG snapshots of the main screens with scripted, deterministic content.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.ui.conftest import wait_until
from tests.ui.fakes import FakeQuiz
from tutor.ui.screens.quiz import QuizScreen
from tutor.ui.widgets.chat_log import QuoteBlock


async def _steady(pilot: Any) -> None:
    """A cursor that blinks makes screenshots depend on timing: keep it on."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
    await pilot.pause(0.1)


async def _ask(pilot: Any, text: str) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.ready)
    app.chat.query_one("#prompt").value = text
    await pilot.press("enter")


async def _answered_gan_question(pilot: Any) -> None:
    """Ask the scripted tutor about GANs and wait until the quoted answer has settled."""
    await _ask(pilot, "What is a GAN?")
    await wait_until(pilot, lambda: bool(pilot.app.chat.query(QuoteBlock))
                     and not pilot.app.answering)
    await pilot.pause(0.2)
    await _steady(pilot)


def test_chat_answer_with_citations_and_quotes(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 32), run_before=_answered_gan_question)


def test_demo_panel_after_a_run(snap_compare: Any, make_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await _ask(pilot, "/demo gan --steps 60")
        await wait_until(pilot, lambda: pilot.app.chat.demo.state == "finished")
        await pilot.pause(0.3)
        await _steady(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=before)


def test_small_terminal_80x24(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_answered_gan_question)


def test_quiz_verdict(snap_compare: Any, make_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await _ask(pilot, "/quiz gan")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuizScreen)
                         and bool(pilot.app.screen.items))
        await pilot.press("down", "enter")  # the wrong choice
        await wait_until(pilot, lambda: pilot.app.screen.last_grade is not None)
        await pilot.pause(0.2)
        await _steady(pilot)

    assert snap_compare(make_app(quiz=FakeQuiz()), terminal_size=(100, 32), run_before=before)


def test_help_screen(snap_compare: Any, make_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await wait_until(pilot, lambda: pilot.app.ready)
        await pilot.press("f1")
        await pilot.pause(0.2)
        await _steady(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 32), run_before=before)
