"""The model's draft on a terminal: shown token by token while the model writes, then taken
back off the screen, so the checked answer printed next is the only copy a learner reads
(`ask` and `chat --plain`). Where the draft cannot be taken back (output to a file or a
pipe, a "dumb" terminal) it is not shown at all: the checked answer alone is printed."""

from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO

from tutor.text import safe_terminal


def erasable(stream: TextIO) -> bool:
    """Whether `stream` is a terminal that understands cursor movement."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM", "") not in ("", "dumb")


def rows_used(text: str, columns: int) -> int:
    """How many screen rows `text` fills when written from the start of a row on a terminal
    `columns` wide (long lines wrap)."""
    columns = max(1, columns)
    return sum(max(1, -(-len(line) // columns)) for line in text.split("\n"))


class LiveDraft:
    """Writes tokens to `stream` as they come, remembering what is on screen after `lead`
    (what the current row already held, e.g. "tutor> "), so `take_back` can remove it all."""

    def __init__(self, stream: TextIO | None = None, lead: str = "") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.on = erasable(self.stream)
        self.lead = lead
        self.shown = ""

    def write(self, text: str) -> None:
        if not self.on:
            return
        text = safe_terminal(text)
        self.shown += text
        self.stream.write(text)
        self.stream.flush()

    def take_back(self) -> None:
        """Move the cursor to the start of the row where the draft began and clear from there
        to the end of the screen; `lead` goes with it (the caller writes it again)."""
        if not self.on or not self.shown:
            return
        columns = shutil.get_terminal_size((80, 24)).columns
        up = rows_used(self.lead + self.shown, columns) - 1
        self.stream.write(("\r" if up == 0 else f"\x1b[{up}F") + "\x1b[J")
        self.stream.flush()
        self.shown = ""
