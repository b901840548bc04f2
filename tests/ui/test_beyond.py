"""/beyond on|off in the app: the setting is shown and switched, reaches the agent with each
question, and an answer beyond the notes is shown framed apart under its label."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZE, notices, send, tree_text, wait_until
from tests.ui.fakes import BEYOND_WORDS, ScriptedTutor
from tutor.ui.commands import BEYOND_OFF, BEYOND_ON
from tutor.ui.widgets.chat_log import AnswerView, BeyondBlock

pytestmark = pytest.mark.anyio


async def _ask_uncovered(pilot: Any) -> AnswerView:
    app = pilot.app
    before = len(app.chat.query(AnswerView))
    await send(pilot, "What is dropout?")
    await wait_until(pilot, lambda: len(app.chat.query(AnswerView)) > before
                     and not app.answering and bool(app.chat.query(AnswerView).last()
                                                    .query(".citations")))
    await pilot.pause()
    return app.chat.query(AnswerView).last()


async def test_beyond_on_shows_the_labelled_block_and_off_takes_it_away(make_app: Any) -> None:
    tutor = ScriptedTutor()
    app = make_app(tutor)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await pilot.click("#prompt")
        await send(pilot, "/beyond")
        await wait_until(pilot, lambda: BEYOND_OFF.split(".")[0] in notices(app))
        view = await _ask_uncovered(pilot)  # off by default: the refusal only
        assert not view.query(BeyondBlock) and "Beyond your notes" not in tree_text(view)

        await send(pilot, "/beyond on")
        await wait_until(pilot, lambda: BEYOND_ON.split(".")[0] in notices(app))
        assert app.beyond_notes
        view = await _ask_uncovered(pilot)
        block = view.query_one(BeyondBlock)
        assert str(block.border_title) == "Beyond your notes (unverified)"
        shown = tree_text(block)
        assert all(word in shown for word in ("Dropout switches off", "any one unit"))
        assert shown.count("•") == len(BEYOND_WORDS)  # every sentence marked in the block
        # the refusal above it stays as it was, and the model's words are not in it
        body = tree_text(view.query_one(".answer-body"))
        assert "don't cover" in body and "Dropout switches" not in body

        await send(pilot, "/Beyond OFF")
        await wait_until(pilot, lambda: not app.beyond_notes)
        view = await _ask_uncovered(pilot)
        assert not view.query(BeyondBlock)
        assert tutor.beyond_asked == [False, True, False]


async def test_beyond_with_a_wrong_word_says_how_and_changes_nothing(make_app: Any) -> None:
    app = make_app(ScriptedTutor())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await pilot.click("#prompt")
        await send(pilot, "/beyond maybe")
        await wait_until(pilot, lambda: "/beyond takes on or off" in notices(app))
        assert not app.beyond_notes


async def test_beyond_on_without_a_model_says_it_needs_one(make_app: Any) -> None:
    app = make_app(ScriptedTutor())  # the scripted runtime has no language model
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await pilot.click("#prompt")
        await send(pilot, "/beyond on")
        await wait_until(pilot, lambda: "needs the language model" in notices(app))
