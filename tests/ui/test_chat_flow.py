"""Chat flows with the scripted runtime: stream, cite, quote, queue, cancel, steer."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Markdown, OptionList, Static

from tests.ui.conftest import SIZE, wait_until
from tests.ui.fakes import ScriptedTutor
from tutor.ui.widgets.chat_log import AnswerView, NoticeLine, QuoteBlock, UserTurn

pytestmark = pytest.mark.anyio


def texts(app: Any, cls: type) -> list[str]:
    return [str(w.render()) for w in app.chat.query(cls)]


async def ask(pilot: Any, text: str) -> None:
    await pilot.click("#prompt")
    pilot.app.chat.query_one("#prompt").value = text
    await pilot.press("enter")


async def test_question_streams_a_cited_answer(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await ask(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: not app.answering and bool(app.chat.query(QuoteBlock)))
        assert texts(app, UserTurn) == ["› What is a GAN?"]
        view = app.chat.query_one(AnswerView)
        body = view.query_one(Markdown).source
        assert "A GAN trains two networks" in body
        # unsupported: shown in place, struck through and labelled
        assert "~~GANs were invented on the moon.~~ *(not in your notes)*" in body
        cites = [str(s.render()) for s in view.query(".citations")]
        assert cites == ["[1] generative-ai-models-explained › GANs"]
        quote = view.query_one(QuoteBlock)
        assert "generator makes samples" in str(quote.render())
        assert "GANs" in str(quote.border_title)
        assert app.chat.status.tok_s == 42.0
        # sources pane lists both passages; selecting one shows the whole section
        options = app.chat.query_one("#source-list", OptionList)
        assert options.option_count == 2
        options.highlighted = 1
        await pilot.pause()
        shown = str(app.chat.query_one("#source-text", Static).render())
        assert "WHOLE SECTION of intro-to-generative-ai › Mode collapse" in shown


async def test_an_incomplete_answer_is_marked_now_and_when_resumed(make_app: Any) -> None:
    from tutor.agent.events import INCOMPLETE_NOTICE
    from tutor.ui import commands

    app = make_app(ScriptedTutor(incomplete=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await ask(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: not app.answering and bool(app.chat.query(QuoteBlock)))
        view = app.chat.query_one(AnswerView)
        assert "A GAN trains two networks" in view.query_one(Markdown).source  # kept
        assert [str(n.render()) for n in view.query(NoticeLine)] == [INCOMPLETE_NOTICE]
        assert "error" in view.query_one(NoticeLine).classes
        await commands.resume(app, "default")  # the saved turn says so too
        await pilot.pause()
        assert INCOMPLETE_NOTICE in texts(app, NoticeLine)


async def test_question_typed_while_loading_is_answered_when_ready(make_app: Any) -> None:
    loaded = threading.Event()  # the load ends when the test says so, however busy the CPU
    app = make_app(hold=loaded)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.ready
        await ask(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: any("still loading" in t for t in texts(app, NoticeLine)))
        assert not app.ready
        loaded.set()
        await wait_until(pilot, lambda: bool(app.chat.query(QuoteBlock)))
        assert app.runtime.tutor().asked[0][0] == "What is a GAN?"


async def test_escape_cancels_a_streaming_answer(make_app: Any) -> None:
    tutor = ScriptedTutor(delay=0.05, answer=" ".join(["word"] * 200))
    app = make_app(tutor=tutor)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await ask(pilot, "Tell me everything")
        await wait_until(pilot, lambda: app.answer_view is not None)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not app.answering)
        assert any("(stopped)" in t for t in texts(app, NoticeLine))
        assert not app.chat.query(QuoteBlock)  # the final answer never came
        # the app still answers afterwards
        tutor.answer = "Short answer [1]."
        tutor.delay = 0.0
        await ask(pilot, "again")
        await wait_until(pilot, lambda: bool(app.chat.query(QuoteBlock)))


async def test_a_new_launch_shows_the_sessions_conversation_so_far(make_app: Any) -> None:
    tutor = ScriptedTutor()  # its saved sessions outlive each app, as the sessions file does
    first = make_app(tutor)
    async with first.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: first.ready)
        await ask(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: not first.answering and bool(first.chat.query(QuoteBlock)))
    again = make_app(tutor, load_delay=0.5)
    async with again.run_test(size=SIZE) as pilot:
        await ask(pilot, "hello")  # typed while it loads: it stays below the history
        await wait_until(pilot, lambda: again.ready and len(texts(again, UserTurn)) == 2)
        assert texts(again, UserTurn) == ["› What is a GAN?", "› hello"]
        # a Markdown widget holds its text only once mounted: wait for it, don't race it
        await wait_until(pilot, lambda: "A GAN trains two networks" in again.chat.query(
            ".answer-body").first(Markdown).source)
        assert texts(again, NoticeLine)[0] == "Session default: the conversation so far"
