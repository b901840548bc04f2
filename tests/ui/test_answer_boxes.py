"""The boxes under an answer: the sentences the check left out sit in a box that is
collapsed by default and counts them in its title; a quoted excerpt's frame stays whole
whatever emoji the note holds."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len, get_character_cell_size
from textual.geometry import Region
from textual.widgets import Collapsible

from tests.ui.conftest import SIZE, wait_until
from tests.ui.fakes import ScriptedTutor
from tutor.ui.widgets.chat_log import AnswerView, QuoteBlock

pytestmark = pytest.mark.anyio
LEFT_OUT = ("GANs were invented on the moon.", "The moon is made of GANs.", "Also cheese.")
EMOJI_QUOTE = ("Emoji 🙂 and ❤️ a heart, ⚠️ a warning, 👍🏽 thumbs up, 🇫🇷 a flag, 👩‍💻 a coder, "
               "1️⃣ a keycap, 漢字 wide letters, ☕ coffee; the generator makes samples.")


async def _answered(pilot: Any) -> AnswerView:
    app = pilot.app
    await wait_until(pilot, lambda: app.ready)
    await pilot.click("#prompt")
    app.chat.query_one("#prompt").value = "What is a GAN?"
    await pilot.press("enter")
    await wait_until(pilot, lambda: not app.answering and bool(app.chat.query(QuoteBlock)))
    await pilot.pause()
    return app.chat.query_one(AnswerView)


async def test_left_out_sentences_are_collapsed_with_a_count(make_app: Any) -> None:
    # none of them is in the answer's text, so none is shown in place
    app = make_app(ScriptedTutor(answer="A GAN trains two networks [1].", unsupported=LEFT_OUT))
    async with app.run_test(size=SIZE) as pilot:
        view = await _answered(pilot)
        box = view.query_one(Collapsible)
        assert box.collapsed
        assert box.title == "3 sentences of the draft not in your notes"
        assert not any(w.display and w.region.height for w in box.query("Static")
                       if "moon" in str(w.render()))  # the bullets stay hidden until opened
        box.collapsed = False
        await pilot.pause()
        assert sum("moon" in str(w.render()) for w in box.query("Static")) == 2


def _widths(line: str) -> tuple[int, int]:
    """A line's width as Rich counts it (grapheme clusters) and as a terminal that counts
    code points does."""
    return cell_len(line), sum(get_character_cell_size(c) for c in line)


async def test_emoji_in_a_quote_do_not_break_its_frame(make_app: Any) -> None:
    app = make_app(ScriptedTutor(quote=EMOJI_QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        view = await _answered(pilot)
        quote = view.query_one(QuoteBlock)
        size = quote.outer_size
        lines = [s.text for s in quote.render_lines(Region(0, 0, size.width, size.height))]
        assert len(lines) >= 3 and "samples" in "".join(lines)
        assert {_widths(line) for line in lines} == {(size.width, size.width)}, lines
        assert all(line[-1] in "╮│╯" for line in lines)


async def test_a_refusal_points_at_the_closest_section_without_calling_itself_unbacked(
    make_app: Any,
) -> None:
    """'The notes do not back this answer' is for the model's own words; under a refusal
    (the notes don't cover the question) it would contradict what was just said."""
    app = make_app(ScriptedTutor())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await pilot.click("#prompt")
        app.chat.query_one("#prompt").value = "What is dropout?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.answering and bool(app.chat.query(".citations")))
        await pilot.pause()
        view = app.chat.query(AnswerView).first()
        shown = " ".join(str(w.render()) for w in view.query("Static"))
        assert "GANs" in shown  # the closest section is cited
        assert "do not back" not in shown


def test_a_left_out_sentence_never_strikes_the_tutor_s_own_words() -> None:
    from tutor.ui.widgets.chat_log import mark_unsupported

    lead = "Your notes may not answer this directly. The closest they say: A GAN has two nets."
    copied = "Your notes may not answer this directly."  # a draft that copied the last turn
    body, missing = mark_unsupported(lead, [copied])
    assert body == lead and missing == [copied]
