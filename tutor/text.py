"""Untrusted text at the edges: validate questions, and one sanitiser (`sanitize`) for
every path that shows text from a model, a note or a user on a terminal."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from tutor.errors import InputError

MAX_MESSAGE_CHARS = 4000

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character except \n and \t.
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings/overrides/isolates and marks (Trojan Source, CVE-2021-42574) and
# zero-width characters that hide or reorder what the learner reads.
_INVISIBLE = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]"
)


_UNSAFE_IN_JSON = re.compile(_INVISIBLE.pattern[:-1] + "\\x7f-\\x9f]")


def sanitize(text: str) -> str:
    """Text safe to show on a terminal: ANSI/CSI/OSC escape sequences, the bell and every
    other C0/C1 control character (newline and tab kept), bidi controls and zero-width
    characters removed. The one sanitiser for model, note and user text."""
    text = _ANSI.sub("", str(text).replace("\r\n", "\n"))
    return _INVISIBLE.sub("", _CONTROL.sub("", text))


strip_control = sanitize  # the older name, used by clean_message's callers


def safe_print(*parts: Any, file: TextIO | None = None, **kwargs: Any) -> None:
    """print(), with every part sanitised first."""
    print(*(sanitize(str(p)) for p in parts), file=file or sys.stdout, **kwargs)


def safe_json(obj: Any, indent: int | None = None) -> str:
    """JSON for a terminal: the data unchanged, but C1 controls, bidi and zero-width
    characters written as \\u escapes (json already escapes C0) so none acts on the screen."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


safe_terminal = sanitize  # for text written to a terminal


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
