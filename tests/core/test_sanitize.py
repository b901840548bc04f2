"""One sanitiser for terminal output: no escape, control, bidi or zero-width character
survives it, whatever the text; the CLI's printing paths use it."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from demos.frames import Log, Token, TokenSpans
from tutor.commands.demo import show
from tutor.commands.io import print_json
from tutor.quiz.plain import _show
from tutor.text import safe_json, sanitize

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
NASTY = [
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x07",
    "\x9b2J",
    "\x1bc",
    "\x00",
    "\x7f",
    *BIDI,
    *ZERO_WIDTH,
]


def _unsafe(text: str) -> list[str]:
    return [
        c
        for c in text
        if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in BIDI + ZERO_WIDTH
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(NASTY)), max_size=12).map("".join))
def test_nothing_unsafe_survives(text: str) -> None:
    out = sanitize(text)
    assert _unsafe(out) == [] and "\x1b" not in out
    assert sanitize(out) == out
    assert json.loads(safe_json({"t": text}))["t"] == text  # JSON keeps the data exactly
    assert _unsafe(safe_json({"t": text})) == []


def test_plain_text_is_untouched() -> None:
    text = "A GAN's [bold]generator[/] — naïve 日本語 😀\n\tend"
    assert sanitize(text) == text


def test_cli_printing_paths_sanitise(capsys) -> None:
    evil = "x\x1b[31mred\x07\u202eevil\u200b"
    show(TokenSpans("llm", [Token(evil, 1, 3)]), [0.0], {})
    show(Log(evil), [0.0], {})
    print_json({"text": evil})

    class G:
        verdict, score, missing, quote, source = "incorrect", 0.0, [evil], evil, evil

    class It:
        answer, kind = evil, "free"

    _show(G(), It(), __import__("tutor.text", fromlist=["safe_print"]).safe_print)
    out = capsys.readouterr().out
    assert _unsafe(out) == [] and "red" in out and "evil" in out
