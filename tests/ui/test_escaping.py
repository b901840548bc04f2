"""Untrusted text renders literally: markup, ANSI escapes and control characters in model
output, notes and user input never style the screen or reach the terminal."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Markdown

from tests.ui.conftest import SIZE, rendered, tree_text, wait_until
from tests.ui.fakes import ScriptedTutor
from tutor.ui.widgets.chat_log import QuoteBlock, UserTurn

NASTY = "Use [bold red]this[/] and [/] or [link=x]y[/link] \x1b[31mred\x1b[0m \x1b]0;title\x07 ok"

pytestmark = pytest.mark.anyio


async def test_markup_and_ansi_render_as_text(make_app: Any) -> None:
    app = make_app(tutor=ScriptedTutor(answer=NASTY))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        app.chat.query_one("#prompt").value = "Say [bold]hi[/bold] \x1b[2J now [/]"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.chat.query(QuoteBlock)))
        user = rendered(app.chat.query_one(UserTurn))
        assert "Say [bold]hi[/bold]  now [/]" in user
        answer = tree_text(app.chat.query_one(".answer-body", Markdown))
        assert "[bold red]this[/]" in answer
        assert "[link=x]y[/link]" in answer
        assert "red" in answer and "\x1b" not in answer and "31m" not in answer
        assert "title" not in answer.replace("title\x07", "")  # OSC title sequence removed
        screen = app.export_screenshot()
        assert "\x1b" not in screen


async def test_escaped_text_in_sources_and_quotes(make_app: Any) -> None:
    from knowledge.types import Passage
    from tests.ui import fakes

    evil = Passage("note[/]", "sec [b]x[/b]", "text [red]r[/red] \x1b[1mB", 0.5, True)
    original = fakes.PASSAGES
    fakes.PASSAGES = [evil]
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.ready)
            app.chat.query_one("#prompt").value = "q"
            await pilot.press("enter")
            await wait_until(pilot, lambda: not app.answering and app.chat.sources.passages)
            app.chat.show_tab("tab-sources")
            await pilot.pause(0.1)
            listing = rendered(app.chat.query_one("#source-list"))
            assert "note[/] › sec [b]x[/b]" in listing
            assert "text [red]r[/red] B" in listing
    finally:
        fakes.PASSAGES = original
