"""The chat log follows an answer to its end: the checked answer, its sources and quotes
included, though they make it longer than the words that streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.conftest import SIZE, wait_until
from tests.ui.fakes import ScriptedTutor
from tutor.agent.events import Answer, Citation, Quote
from tutor.ui.widgets.chat_log import ChatLog, QuoteBlock

pytestmark = pytest.mark.anyio

LONGER = " ".join(f"The checked answer's line {i} adds what the notes say." for i in range(40))


class GrowingTutor(ScriptedTutor):
    """Streams a short draft; the checked answer it ends with is many lines longer."""

    def respond(self, message: str, **kwargs: Any) -> Iterator[Any]:
        for event in super().respond(message, **kwargs):
            if isinstance(event, Answer):
                event = Answer(f"{event.text}\n\n{LONGER}",
                               [Citation(1, "generative-ai-models-explained", "GANs")],
                               [Quote("generative-ai-models-explained", "GANs", LONGER)],
                               [], {}, True)
            yield event


async def test_the_log_shows_the_end_of_an_answer_that_grew_when_checked(make_app: Any) -> None:
    app = make_app(GrowingTutor())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        for n in range(1, 3):
            await pilot.click("#prompt")
            app.chat.query_one("#prompt").value = f"What is a GAN, take {n}?"
            await pilot.press("enter")
            await wait_until(pilot, lambda n=n: not app.answering
                             and len(app.chat.query(QuoteBlock)) == n)
            await pilot.pause(0.2)
            log = app.chat.query_one(ChatLog)
            assert log.max_scroll_y > 0 and log.scroll_y >= log.max_scroll_y - 1
