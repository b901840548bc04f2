"""Slash commands the agent understands: `/demo NAME [--key value ...]`, `/quiz [topic]`,
`/tokens TEXT`, `/resample [T] [--top-p P]` (the last answer again at temperature T),
`/pause`, `/resume`, `/stop` for a running demo, and `/demo more` for one that has spent
its steps. Pure parsing: every input gives a checked Route or a clear InputError /
DemoError, never a traceback."""

from __future__ import annotations

import difflib
import re
import shlex
from typing import Any

from demos.registry import DEMOS, get_spec
from tutor.agent.events import Route
from tutor.agent.extract import power
from tutor.agent.spelling import correct_word
from tutor.agent.tools import control_route, demo_route, more_route, resample_route
from tutor.errors import InputError

AGENT_COMMANDS = ("demo", "quiz", "tokens", "resample", "pause", "resume", "stop")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_POWER = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:\^|\*\*)\s*(\d{1,3})$")


def is_slash(message: str) -> bool:
    return message.lstrip().startswith("/")


def coerce(value: str) -> Any:
    """'2000' -> 2000, '1e-4' -> 0.0001, '10^9' -> 1e9, 'true' -> True, 'nan' -> nan; else
    the text. Never raises: a number too big to hold comes back as inf (the bounds clamp it)."""
    text = value.strip()
    low = text.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if low in ("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"):
        return float(low)
    if pow_match := _POWER.match(text):
        return power(float(pow_match.group(1)), int(pow_match.group(2)))
    if _NUMBER.match(text.replace("_", "")):
        try:
            num = float(text.replace("_", ""))
        except (ValueError, OverflowError):
            return text
        if num.is_integer() and not re.search(r"[.eE]", text):
            return int(num)
        return num
    return text


def parse_flags(tokens: list[str]) -> tuple[dict[str, Any], list[str]]:
    """`--steps 2000 --conditional --lr=1e-4` -> ({steps: 2000, conditional: True,
    lr: 1e-4}, positionals)."""
    args: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.startswith("--") and len(tok) > 2:
            key, eq, val = tok[2:].partition("=")
            key = key.replace("-", "_").lower()
            if not key.isidentifier():
                raise InputError(
                    f"{tok!r} is not an option name.", "Options look like --steps 2000."
                )
            if eq:
                args[key] = coerce(val)
            elif i + 1 < len(tokens) and not tokens[i + 1].startswith("--"):
                args[key] = coerce(tokens[i + 1])
                i += 1
            else:
                args[key] = True
        else:
            positional.append(tok)
        i += 1
    return args, positional


def _split(rest: str) -> list[str]:
    try:
        return shlex.split(rest)
    except ValueError as exc:
        raise InputError(f"Cannot read the command: {exc}.", "Close any quote you opened.") from exc


def demo_named(name: str) -> str:
    """The demo `/demo NAME` means: NAME itself, or the one demo it misspells ("difusion",
    "tokanize", "vea"). Names under four letters are only read through a swap of two
    neighbouring letters; anything else unknown is returned as typed, for get_spec to
    refuse with the list of demos."""
    key = name.strip().lower()
    if key in DEMOS or len(key) < 3:
        return name
    if len(key) <= 4:
        fixed = correct_word(key)
        return fixed if fixed in DEMOS else name
    close = difflib.get_close_matches(key, DEMOS, n=2, cutoff=0.8)
    if len(close) == 1 or (close and difflib.SequenceMatcher(None, key, close[0]).ratio()
                           > difflib.SequenceMatcher(None, key, close[1]).ratio()):
        return close[0]
    return name


def parse_slash(message: str, demo_running: str | None = None) -> Route:
    """The Route for a slash command; InputError for an unknown or malformed one."""
    head, _, rest = message.strip()[1:].partition(" ")
    command = head.lower()
    rest = rest.strip()
    if command == "demo":
        tokens = _split(rest)
        if not tokens or tokens[0].startswith("--"):
            raise InputError("Which demo?", f"Try /demo NAME with NAME one of: {', '.join(DEMOS)}.")
        name, *more = tokens
        if name.lower() == "more" and not more:  # the offer made when a demo spent its steps
            return more_route()
        typed, name = name, get_spec(demo_named(name)).name  # unknown: refused before its args
        read_as = [f"/demo {typed}: read as {name}."] if typed.lower() != name else []
        args, positional = parse_flags(more)
        if positional and name.lower() == "tokenize" and "text" not in args:
            args["text"] = " ".join(positional)
        elif (
            positional and name.lower() == "vae" and "digit" not in args and positional[0].isdigit()
        ):
            args["digit"] = coerce(positional[0])
        elif positional:
            raise InputError(
                f"Unexpected {' '.join(positional)!r} after /demo {name}.",
                "Options look like --steps 2000 --lr 1e-4.",
            )
        return demo_route(name, args, read_as)
    if command == "tokens":
        if not rest:
            raise InputError("Nothing to tokenize.", 'Try /tokens "The cat sat on the mat".')
        text = rest[1:-1] if len(rest) >= 2 and rest[0] == rest[-1] and rest[0] in "\"'" else rest
        return demo_route("tokenize", {"text": text})
    if command == "resample":
        args, positional = parse_flags(_split(rest))
        if positional and "temperature" not in args:
            args["temperature"] = coerce(positional.pop(0))
        if positional:
            raise InputError(
                f"Unexpected {' '.join(positional)!r} after /resample.",
                "Try /resample 0.9 or /resample --temperature 1.2 --top-p 0.9.",
            )
        return resample_route(args)
    if command == "quiz":
        topic = " ".join(_split(rest)).strip()[:80] if rest else ""
        return Route("quiz", "quiz", {"topic": topic} if topic else {})
    if command in ("pause", "resume", "stop"):
        if not demo_running:
            raise InputError(f"No demo is running to {command}.", "Start one with /demo gan.")
        return control_route(demo_running, command)  # type: ignore[arg-type]
    raise InputError(
        f"Unknown command /{head}.",
        f"The tutor understands: {', '.join('/' + c for c in AGENT_COMMANDS)}.",
    )
