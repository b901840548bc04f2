"""The input line: history on up/down, slash-command completion (→ or Tab accepts)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

from demos.registry import DEMOS

HISTORY_LIMIT = 500
UI_COMMANDS: dict[str, str] = {
    "/demo": "NAME [--arg value]  run a live demo",
    "/quiz": "[topic]  quiz yourself",
    "/tokens": "TEXT  see how the tokenizers split a text",
    "/resample": "[T] [--top-p P]  the last answer again at temperature T, beside the first",
    "/progress": "mastery per concept",
    "/model": "the model in use",
    "/notes": "DIR  add a folder of notes",
    "/beyond": "[on|off]  also answer what your notes don't cover from the model's own "
               "knowledge, labelled unverified (off by default)",
    "/sessions": "list, resume, rename, delete conversations",
    "/export": "write this conversation to Markdown",
    "/clear": "clear the chat",
    "/help": "keys and commands",
}


def completions() -> list[str]:
    """Every slash command, plus `/demo NAME` for each demo and `/quiz TOPIC` for common topics."""
    items = [f"/demo {name}" for name in DEMOS]
    items += [f"/quiz {t}" for t in ("gan", "vae", "diffusion", "transformer", "tokenization")]
    return items + list(UI_COMMANDS)


class PromptInput(Input):
    """An Input that remembers what was sent."""

    BINDINGS = [
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(suggester=SuggestFromList(completions(), case_sensitive=False), **kwargs)
        self.history: list[str] = []
        self._pos = 0
        self._draft = ""

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
            del self.history[:-HISTORY_LIMIT]
        self._pos = len(self.history)
        self._draft = ""

    def action_history(self, delta: int) -> None:
        if not self.history:
            return
        if self._pos == len(self.history):
            self._draft = self.value
        self._pos = max(0, min(len(self.history), self._pos + delta))
        self.value = self._draft if self._pos == len(self.history) else self.history[self._pos]
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        """Accept the suggestion if there is one; otherwise move focus on as Tab does."""
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
