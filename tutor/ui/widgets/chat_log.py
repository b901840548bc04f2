"""The conversation: user turns, streamed answers with citations and quoted notes, notices.

Every piece of text is untrusted (model output, notes, user input): it is stripped of
control sequences, and shown either as a Rich `Text` (no markup parsing) or as Markdown
whose inline text is never parsed for markup. Old turns are pruned so a day-long session
keeps its memory flat.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Markdown, Static

from tutor.ui.render import safe, steady_width

MAX_TURNS = 60  # widgets kept in the log; older ones are removed


class UserTurn(Static):
    """What the learner typed."""

    def __init__(self, text: str) -> None:
        body = Text("› ", style="bold cyan")
        body.append(safe(text))
        super().__init__(body, classes="user-turn")


class NoticeLine(Static):
    """A line from the app (loading, a demo change, an error with its hint)."""

    def __init__(self, text: str, level: str = "info", hint: str = "") -> None:
        body = Text(safe(text))
        if hint:
            body.append("\n" + safe(hint), style="italic")
        super().__init__(body, classes=f"notice {level}")


class QuoteBlock(Static):
    """An excerpt from the notes in their own words, framed and titled note › section.
    Emoji are evened out (render.steady_width) so the frame stays whole in any terminal."""

    def __init__(self, note: str, section: str, text: str) -> None:
        super().__init__(Text(steady_width(safe(text)).strip()), classes="quote")
        self.border_title = Content(steady_width(f"{safe(note)} › {safe(section)}")[:120])


class BeyondBlock(Static):
    """The model's own sentences for a question the notes don't cover (/beyond on): framed
    apart under `label`, each one marked, so none reads as coming from the notes."""

    def __init__(self, label: str, sentences: list[str]) -> None:
        body = Text()
        for i, sentence in enumerate(sentences):
            body.append(("\n" if i else "") + "• ", style="bold")
            body.append(safe(sentence))
        super().__init__(body, classes="beyond")
        self.border_title = Content(safe(label).rstrip(":"))


_MARKED = re.compile(r"⟦not in your notes: (.+?)⟧", re.S)


def mark_unsupported(text: str, unsupported: list[str]) -> tuple[str, list[str]]:
    """Show each sentence the check marked (⟦not in your notes: …⟧) struck through and
    labelled, in place; return the unsupported sentences the text does not show. Only the
    marks say what to strike: a left-out draft sentence may repeat words of the tutor's own
    (a small voice copied "Your notes may not answer this directly." from the last turn), and
    striking them there would disown the tutor's caveat."""
    shown = [m.group(1).strip() for m in _MARKED.finditer(text)]
    text = _MARKED.sub(lambda m: f"~~{m.group(1).strip()}~~ *(not in your notes)*", text)
    missing = [s.strip() for s in unsupported if s.strip() and s.strip() not in shown]
    return text, missing


class AnswerView(Vertical):
    """One answer: streamed into Markdown, then replaced by the checked answer with its
    numbered citations, quoted excerpts and unsupported sentences marked."""

    def __init__(self) -> None:
        super().__init__(classes="answer")
        self.text = ""
        self._md = Markdown("", classes="answer-body")
        self._stream: Any = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._md

    async def add_tokens(self, text: str) -> None:
        self.text += safe(text)
        if self._stream is None:
            self._stream = Markdown.get_stream(self._md)
        await self._stream.write(safe(text))

    async def _stop_stream(self) -> None:
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None

    async def finish(self, answer: Any) -> None:
        """Show the checked Answer (text, citations, quotes, unsupported)."""
        await self._stop_stream()
        beyond = list(getattr(answer, "beyond", []) or [])
        text = answer.text
        if beyond:  # the labelled block is shown framed apart (below), not in the answer text
            from tutor.agent.events import BEYOND_LABEL  # the agent package: only when needed

            text = text.partition(f"\n\n{BEYOND_LABEL}")[0]
        body, missing = mark_unsupported(safe(text), list(answer.unsupported))
        self.text = body
        await self._md.update(body or "_(no answer)_")
        extra: list[Any] = []
        if getattr(answer, "incomplete", False):  # cut off: said first, where it is seen
            extra.append(NoticeLine(getattr(answer, "notice", "") or "This answer is incomplete.",
                                    "error"))
        if answer.citations:
            refs = Text()
            for i, c in enumerate(answer.citations):
                refs.append(("\n" if i else "") + f"[{c.n}] ", style="bold")
                refs.append(f"{safe(c.note)} › {safe(c.section)}", style="italic")
            extra.append(Static(refs, classes="citations"))
        for q in answer.quotes:
            extra.append(QuoteBlock(q.note, q.section, q.text))
        if missing:  # left out of the shown text (echoes, or a draft replaced by the notes)
            n = len(missing)
            collapsed = Collapsible(
                *[Static(Text("• " + safe(s), style="italic")) for s in missing],
                title=f"{n} sentence{'s' * (n != 1)} of the draft not in your notes",
                collapsed=True,
                classes="unsupported",
            )
            extra.append(collapsed)
        # The model's own words that the notes don't back (never a refusal or a chat reply,
        # which say what they are themselves).
        if beyond:  # after the notes' part and its sources, never inside them
            extra.append(BeyondBlock(BEYOND_LABEL, beyond))
        elif not answer.grounded and not answer.quotes and getattr(answer, "draft", ""):
            extra.append(Static(Text("The notes do not back this answer.", style="italic"),
                                classes="unsupported"))
        if extra:
            await self.mount_all(extra)

    async def cancelled(self) -> None:
        await self._stop_stream()
        await self.mount(NoticeLine("(stopped)", "muted"))


class ChatLog(VerticalScroll):
    """The scrolling conversation, pruned to the last MAX_TURNS widgets."""

    max_widgets = MAX_TURNS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.can_focus = False

    async def _add(self, widget: Any) -> Any:
        await self.mount(widget)
        await self.prune()
        self.scroll_end(animate=False)
        return widget

    async def prune(self) -> None:
        extra = len(self.children) - self.max_widgets
        if extra > 0:
            await self.remove_children(list(self.children)[:extra])

    async def add_all(self, widgets: list[Any], first: bool = False) -> None:
        """Mount several widgets at once: after the rest, or before it with `first`."""
        if not widgets:
            return
        if first and self.children:
            await self.mount_all(widgets, before=0)
        else:
            await self.mount_all(widgets)
        await self.prune()
        self.scroll_end(animate=False)

    async def add_user(self, text: str) -> UserTurn:
        return await self._add(UserTurn(text))

    async def add_notice(self, text: str, level: str = "info", hint: str = "") -> NoticeLine:
        return await self._add(NoticeLine(text, level, hint))

    async def add_answer(self) -> AnswerView:
        return await self._add(AnswerView())

    async def add_quote(self, note: str, section: str, text: str) -> QuoteBlock:
        return await self._add(QuoteBlock(note, section, text))

    async def add_comparison(self, title: str, items: list[tuple[str, str]]) -> Static:
        """Labelled texts one under the other (an answer before and after re-sampling)."""
        body = Text(safe(title), style="bold")
        for label, text in items:
            body.append(f"\n{safe(label)}\n", style="italic")
            body.append(safe(text))
        return await self._add(Static(body, classes="comparison"))

    async def add_markdown(self, text: str) -> Markdown:
        return await self._add(Markdown(safe(text), classes="answer-body"))

    def at_end(self) -> bool:
        return self.max_scroll_y - self.scroll_y <= 3

    def follow(self, was_at_end: bool | None = None) -> None:
        """Keep the newest words in view while an answer streams (unless scrolled up).
        `was_at_end`: whether the view was at the end before a change that may already have
        grown the log (the checked answer, its sources and quotes)."""
        if self.at_end() if was_at_end is None else was_at_end:
            # after the next refresh: what was just mounted has no height before it
            self.call_after_refresh(self.scroll_end, animate=False)
