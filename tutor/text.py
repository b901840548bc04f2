"""Untrusted text at the edges: validate questions, strip terminal control sequences."""

from __future__ import annotations

import re

from tutor.errors import InputError

MAX_MESSAGE_CHARS = 4000

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character except \n and \t.
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Remove ANSI escape sequences and control characters; keep newlines and tabs."""
    return _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


# Bidi overrides/isolates and zero-width characters: invisible, and able to reorder what a
# terminal shows (the "Trojan Source" trick).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def safe_terminal(text: str) -> str:
    """Text from a model, a note or a user, safe to write to a terminal."""
    return _INVISIBLE.sub("", strip_control(text))


def clean_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A user's message made safe to process, or an InputError saying why it cannot be."""
    cleaned = strip_control(text).strip()
    if not cleaned:
        raise InputError("The message is empty.", "Type a question about generative AI.")
    if len(cleaned) > limit:
        raise InputError(
            f"The message is too long ({len(cleaned):,} characters; the limit is {limit:,}).",
            "Ask about one topic at a time, or add long material as a notes folder with --notes.",
        )
    return cleaned


def has_control(text: str) -> bool:
    """True when the text holds escape sequences or control characters (newline/tab aside)."""
    return bool(_ANSI.search(text) or _CONTROL.search(text))
