"""Shared CLI plumbing: reading questions (one, or a batch), printing JSON, progress lines."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tutor.errors import InputError, TutorError
from tutor.text import clean_message, has_control, safe_json, sanitize


def progress_to_stderr(text: str) -> None:
    print(sanitize(text), file=sys.stderr, flush=True)


def checked_question(text: str | None) -> str:
    """A question from the command line: refused (exit 2) when empty, huge or full of escapes."""
    if text is None:
        raise InputError("No question given.", "Pass the question in quotes, or use --batch FILE.")
    if has_control(text):
        raise InputError(
            "The question contains terminal control characters or escape sequences.",
            "Type the question as plain text.",
        )
    return clean_message(text)


def check_batch_source(source: str) -> None:
    """Fail before loading any model when the batch file is missing."""
    if source != "-" and not Path(source).is_file():
        raise InputError(
            f"The batch file {source} does not exist.", "Give a text file, one question per line."
        )


def batch_lines(source: str) -> Iterator[str]:
    """Non-blank lines of FILE, or of stdin for '-'."""
    check_batch_source(source)
    if source == "-":
        yield from _non_blank(sys.stdin)
        return
    with Path(source).open(encoding="utf-8", errors="replace") as stream:
        yield from _non_blank(stream)


def _non_blank(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.strip():
            yield line.rstrip("\n")


def print_json(obj: Any, indent: int | None = None) -> None:
    print(safe_json(obj, indent), flush=True)


def run_batch(source: str, handle: Callable[[str], dict[str, Any]]) -> int:
    """One JSON object per input line; a bad line gets {"question", "error"}, the rest go on."""
    for line in batch_lines(source):
        try:
            print_json(handle(checked_question(line)))
        except TutorError as exc:
            print_json({"question": line, "error": exc.message, "hint": exc.hint})
    return 0
