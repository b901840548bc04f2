"""`genai-tutor chat --plain`: a line-by-line chat for pipes, screen readers and plain
terminals; and the entry to the Textual app."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.commands.answer import _print_sources, answer_once
from tutor.commands.io import progress_to_stderr
from tutor.commands.live_draft import LiveDraft
from tutor.errors import TutorError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import clean_message, safe_print

HELP = "Ask about generative AI. /demo NAME to see how to run a demo, /quit to leave."
PROMPT = "tutor> "
HISTORY_SHOWN = 6  # messages of the session replayed at a prompt, as the app shows them
SHORTENED = 200  # characters of each replayed message


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        return open_app(settings)
    return plain_chat(settings, with_llm=not args.no_llm)


def plain_chat(settings: Settings, with_llm: bool = True, runtime: Runtime | None = None) -> int:
    runtime = runtime or Runtime(settings, with_llm=with_llm)
    tutor = runtime.tutor(progress_to_stderr)
    notice = tutor.take_notice()
    if notice:  # on start, not after the first answer's draft
        safe_print(f"notice: {notice}", file=sys.stderr)
    interactive = sys.stdin.isatty()
    if interactive:
        safe_print(f"genai-tutor ({settings.session}). {HELP}")
        replay(tutor.history(settings.session))
    while True:
        try:
            line = input("you> " if interactive else "")
        except EOFError:
            break
        if line.strip() in {"/quit", "/exit", "quit", "exit"}:
            break
        if not line.strip():
            continue
        try:
            message = clean_message(line)
        except TutorError as exc:
            safe_print(f"! {exc}")
            continue
        print(PROMPT, end="", flush=True)
        draft = LiveDraft(lead=PROMPT)
        try:
            result = answer_once(runtime, message, settings.session, draft)
        except TutorError as exc:
            safe_print(f"\n! {exc}")
            continue
        if draft.on:  # the draft went, and "tutor> " with it
            print(PROMPT, end="")
        _print_sources(result)
        print()
    return 0


def replay(history: list[dict[str, Any]]) -> None:
    """The session's last few messages, shortened, so a learner at a prompt sees where the
    conversation was (the app shows it on start too)."""
    shown = history[-HISTORY_SHOWN:]
    if not shown:
        return
    safe_print(f"The conversation so far (the last {len(shown)} messages):")
    for m in shown:
        text = " ".join(str(m.get("content", "")).split())
        if len(text) > SHORTENED:
            text = text[: SHORTENED - 1].rstrip() + "…"
        safe_print(f"{'you' if m.get('role') == 'user' else 'tutor'}> {text}")
    safe_print()


def open_app(settings: Settings) -> int:
    """The Textual app; the plain chat where the app is not available or there is no terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return plain_chat(settings)
    try:
        from tutor.ui.launch import run_app
    except ImportError:
        return plain_chat(settings)
    return run_app(settings)
