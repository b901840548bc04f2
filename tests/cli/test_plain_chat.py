"""The plain chat at a prompt (`genai-tutor chat --plain`): what it has to say on start (a
damaged sessions file, the conversation so far) comes before the first question is read."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tutor.commands.chat import HISTORY_SHOWN, SHORTENED, plain_chat
from tutor.runtime import Runtime
from tutor.settings import Settings


class Terminal(io.StringIO):
    """stdin at a prompt: the lines typed, and what had been printed (stdout, stderr) by
    the time the first one was read."""

    def __init__(self, lines: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.capsys = capsys
        self.on_start: tuple[str, str] | None = None

    def isatty(self) -> bool:
        return True

    def readline(self, *args: Any) -> str:
        if self.on_start is None:
            out = self.capsys.readouterr()
            self.on_start = (out.out, out.err)
        return super().readline(*args)


def chat(home: Path, lines: list[str], embedder: Any, capsys: Any, monkeypatch: Any) -> Terminal:
    settings = Settings(home=home, session="plain")
    terminal = Terminal(lines, capsys)
    monkeypatch.setattr("sys.stdin", terminal)
    assert plain_chat(settings, runtime=Runtime(settings, with_llm=False, embedder=embedder)) == 0
    assert terminal.on_start is not None
    return terminal


def test_a_damaged_sessions_file_is_said_on_start(home_with_index, embedder, capsys,
                                                  monkeypatch) -> None:
    (home_with_index / "sessions.sqlite").write_bytes(b"this is not a database\x00" * 200)
    terminal = chat(home_with_index, ["what is a VAE?"], embedder, capsys, monkeypatch)
    assert terminal.on_start is not None and "damaged" in terminal.on_start[1]
    later = capsys.readouterr()
    assert "damaged" not in later.out + later.err  # said once
    assert "latent" in later.out  # and the question is answered
    assert list(home_with_index.glob("sessions.sqlite.corrupt-*"))


def test_the_session_so_far_is_shown_on_start(home_with_index, embedder, capsys,
                                              monkeypatch) -> None:
    asked = ["what is a VAE?", "what is a GAN?", "what is mode collapse?", "what is a token?"]
    chat(home_with_index, asked, embedder, capsys, monkeypatch)
    capsys.readouterr()
    out, _ = chat(home_with_index, [], embedder, capsys, monkeypatch).on_start or ("", "")
    replayed = out.rpartition("\n")[0]  # not the prompt now waiting
    shown = [line for line in replayed.splitlines() if line.startswith(("you> ", "tutor> "))]
    assert len(shown) == HISTORY_SHOWN  # the last few of the 8 messages
    assert [line for line in shown if line.startswith("you> ")] == [
        f"you> {q}" for q in asked[-HISTORY_SHOWN // 2:]]
    assert all(len(line) <= len("tutor> ") + SHORTENED for line in shown)
    assert any(line.endswith("…") for line in shown)  # the extractive answers are long
