"""The passages behind the current answer; selecting one shows its whole section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.render import safe

SectionLookup = Callable[[Any], str]


def passage_label(n: int, passage: Any) -> Text:
    """`n. note › section` then a one-line excerpt; irrelevant passages are dimmed."""
    label = Text()
    style = "bold" if getattr(passage, "relevant", True) else "dim"
    label.append(f"{n}. {safe(passage.note)} › {safe(passage.section)}", style=style)
    excerpt = " ".join(safe(passage.text).split())
    if getattr(passage, "empty", False) or not excerpt:
        excerpt = "(an outline heading: the notes say nothing under it)"
    label.append("\n   " + excerpt[:90] + ("…" if len(excerpt) > 90 else ""), style="dim")
    return label


class SourcesPane(Vertical):
    """A list of passages above a reader for the selected one's section."""

    def __init__(self, lookup: SectionLookup | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lookup = lookup
        self.passages: list[Any] = []

    def compose(self) -> ComposeResult:
        yield OptionList(id="source-list")
        with VerticalScroll(id="source-reader"):
            yield Static(Text("Passages behind the answer appear here; select one to read "
                              "its whole section.", style="dim"), id="source-text")

    def show(self, passages: list[Any]) -> None:
        self.passages = list(passages)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(passage_label(i + 1, p), id=str(i))
                             for i, p in enumerate(self.passages)])
        if not self.passages:
            self.query_one("#source-text", Static).update(Text("No passages.", style="dim"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._read(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._read(event.option_index)

    def _read(self, index: int) -> None:
        if not 0 <= index < len(self.passages):
            return
        p = self.passages[index]
        text = ""
        if self.lookup is not None:
            try:
                text = self.lookup(p)
            except Exception:  # noqa: BLE001 - fall back to the excerpt we have
                text = ""
        body = Text(f"{safe(p.note)} › {safe(p.section)}\n\n", style="bold")
        body.append(safe(text or p.text) or "(an outline heading: the notes say nothing under it)")
        self.query_one("#source-text", Static).update(body)
