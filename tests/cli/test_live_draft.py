"""The streamed draft on a real terminal screen (pyte emulates one): shown while the model
writes, then taken back, so the learner reads the checked answer once, and nothing printed
before the draft is lost."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyte
import pytest

from tutor.commands.chat import plain_chat
from tutor.commands.live_draft import LiveDraft, rows_used
from tutor.runtime import Runtime
from tutor.settings import Settings

COLUMNS, ROWS = 40, 120


class Screen(io.StringIO):
    """A terminal: what is written lands on an emulated screen (newline as the tty driver
    sends it, carriage return and line feed)."""

    def __init__(self) -> None:
        super().__init__()
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.feed = pyte.Stream(self.screen)

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.feed.feed(text.replace("\n", "\r\n"))
        return len(text)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Screen:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    monkeypatch.setenv("LINES", str(ROWS))
    monkeypatch.setenv("TERM", "xterm")
    return Screen()


def test_rows_count_wrapped_lines() -> None:
    assert rows_used("abc", 10) == 1
    assert rows_used("a" * 10, 10) == 1
    assert rows_used("a" * 11, 10) == 2
    assert rows_used("abc\n\n" + "b" * 25, 10) == 5


def test_a_wrapped_draft_is_taken_back_to_the_row_it_began_on(terminal: Screen) -> None:
    terminal.write("you> what is a VAE?\n")
    terminal.write("tutor> ")
    draft = LiveDraft(terminal, lead="tutor> ")
    for token in ["A VAE squeezes ", "each image to a short code ", "and rebuilds it.",
                  "\n\nIt is trained with a reconstruction loss and a KL term [1]."]:
        draft.write(token)
    assert any("squeezes" in line for line in terminal.lines())  # seen while written
    draft.take_back()
    terminal.write("tutor> the checked answer\n")
    lines = terminal.lines()
    assert lines[0] == "you> what is a VAE?"
    assert lines[1] == "tutor> the checked answer"
    assert not any(lines[2:])


def test_nothing_is_streamed_where_it_could_not_be_taken_back(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    out = Screen()
    draft = LiveDraft(out)
    draft.write("a draft")
    assert not draft.on and not any(out.lines())
    piped = io.StringIO()
    LiveDraft(piped).write("a draft")
    assert piped.getvalue() == ""


def test_plain_chat_shows_each_answer_once(home_with_index: Path, embedder: Any, terminal: Screen,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the draft went to stderr and the checked answer to stdout: on a terminal the
    learner read every answer twice."""
    settings = Settings(home=home_with_index, session="plain-once")
    monkeypatch.setattr("sys.stdin", io.StringIO("what is a VAE?\n"))
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("sys.stderr", terminal)
    runtime = Runtime(settings, with_llm=False, embedder=embedder)
    assert plain_chat(settings, runtime=runtime) == 0
    screen = "\n".join(terminal.lines())
    answer_start = screen.index("tutor> ") + len("tutor> ")
    opening = screen[answer_start:].split("\n")[0][:25]
    assert len(opening) > 10
    assert screen.count(opening) == 1, screen
    assert "Sources:" in screen
