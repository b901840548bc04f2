"""Conversations: list, resume, rename, delete."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.errors import TutorError
from tutor.ui.render import safe


class SessionsScreen(ModalScreen[str | None]):
    """Dismisses with the name of the session to resume, or None."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self, tutor: Any, current: str) -> None:
        super().__init__()
        self.tutor = tutor
        self.current = current
        self.names: list[str] = []
        self._confirm: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="sessions-box"):
            yield Static(Text("Sessions — Enter resumes, r renames, d deletes", style="bold"))
            yield OptionList(id="session-list")
            yield Input(placeholder="new name, then Enter", id="rename")
            yield Static(id="session-msg")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#rename", Input).display = False
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        try:
            infos = list(self.tutor.sessions())
        except TutorError as exc:
            self.say(f"{exc.message} {exc.hint}")
            infos = []
        details = {str(getattr(i, "name", i)): i for i in infos}
        self.names = list(details)
        if self.current not in self.names:
            self.names.insert(0, self.current)
        options = self.query_one(OptionList)
        options.clear_options()
        for name in self.names:
            label = Text(safe(name), style="bold")
            info = details.get(name)
            if info is not None and hasattr(info, "turns"):
                label.append(f"  {info.turns} turns", style="dim")
                if getattr(info, "last_time", ""):
                    label.append(f" · {safe(info.last_time)[:16]}", style="dim")
            if name == self.current:
                label.append("  (current)", style="italic")
            options.add_option(Option(label, id=f"s{len(options.options)}"))
        options.highlighted = 0 if self.names else None

    def say(self, text: str) -> None:
        self.query_one("#session-msg", Static).update(Text(safe(text), style="italic"))

    def _selected(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        return self.names[index] if index is not None and 0 <= index < len(self.names) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])

    def action_close(self) -> None:
        rename = self.query_one("#rename", Input)
        if rename.display:
            rename.display = False
            self.query_one(OptionList).focus()
        else:
            self.dismiss(None)

    def action_rename(self) -> None:
        if self._selected() is None:
            return
        rename = self.query_one("#rename", Input)
        rename.display = True
        rename.value = ""
        rename.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        old, new = self._selected(), event.value.strip()
        event.input.display = False
        self.query_one(OptionList).focus()
        if not old or not new:
            return
        try:
            self.tutor.rename_session(old, new)
        except TutorError as exc:
            self.say(f"{exc.message} {exc.hint}")
            return
        if old == self.current:
            self.current = new
        self.say(f"Renamed {old} to {new}.")
        self.reload()

    def action_delete(self) -> None:
        name = self._selected()
        if name is None:
            return
        if self._confirm != name:
            self._confirm = name
            self.say(f"Press d again to delete {name}.")
            return
        self._confirm = None
        try:
            self.tutor.delete_session(name)
        except TutorError as exc:
            self.say(f"{exc.message} {exc.hint}")
            return
        self.say(f"Deleted {name}.")
        self.reload()
