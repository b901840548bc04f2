"""The main paths with the real pieces: the small LLM, MiniLM, the notes index, the agent
graph, the GAN demo and the quiz engine (one Runtime shared by the session)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Markdown

from tests.ui.conftest import SIZE, rendered, send, tree_text, wait_until
from tutor.ui.screens.quiz import QuizScreen
from tutor.ui.widgets.chat_log import AnswerView, QuoteBlock

pytestmark = [pytest.mark.real, pytest.mark.anyio]


async def test_real_question_gets_a_cited_quoted_answer(real_app: Any) -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready, 60)
        await send(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: not app.answering and bool(app.chat.query(AnswerView)),
                         180)
        view = app.chat.query_one(AnswerView)
        await wait_until(pilot, lambda: bool(view.query(QuoteBlock)), 10)
        quote = view.query_one(QuoteBlock)
        # from a section on GANs (a quote never repeats a sentence the answer shows, so it
        # may be the section's second sentence)
        assert "GAN" in str(quote.border_title) or "GAN" in rendered(quote)
        assert "›" in str(quote.border_title)
        assert tree_text(view.query_one(Markdown)).strip()
        cites = " ".join(rendered(c) for c in view.query(".citations"))
        assert "[1]" in cites
        assert app.chat.sources.passages  # the sources pane lists what was retrieved
        assert "[1]" in cites and "›" in cites


async def test_real_gan_demo_shows_frames(real_app: Any) -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready, 60)
        await send(pilot, "/demo gan --steps 60")
        await wait_until(pilot, lambda: app.demo_run == 1, 60)
        await wait_until(pilot, lambda: app.chat.demo.state in ("finished", "failed"), 180)
        assert app.chat.demo.state == "finished"
        await pilot.pause(0.3)
        assert app.chat.demo.step == 60
        assert app.chat.demo.series.values  # loss curves
        assert "▀" in rendered(app.chat.query_one("#demo-map"))  # D's surface as pixels
        assert "final metrics" in rendered(app.chat.query_one("#demo-metrics"))


async def test_real_quiz_answer_is_graded(real_app: Any) -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready, 60)
        await send(pilot, "/quiz gan")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen)
                         and (bool(app.screen.items) or "Nothing" in
                              rendered(app.screen.query_one("#quiz-head"))), 120)
        screen = app.screen
        assert screen.items, "the notes should yield GAN items"
        item = screen.items[0]
        if item.kind == "mcq":
            await pilot.press("enter")
        else:
            await pilot.press(*"a generator and a discriminator")
            await pilot.press("enter")
        await wait_until(pilot, lambda: screen.last_grade is not None, 60)
        verdict = rendered(screen.query_one("#quiz-verdict"))
        assert any(v in verdict for v in ("CORRECT", "PARTLY", "INCORRECT"))
        assert screen.last_grade.source
