"""`genai-tutor chat --plain`: a line-by-line chat for pipes, screen readers and plain
terminals; and the entry to the Textual app."""

from __future__ import annotations

import argparse
import sys

from tutor.commands.answer import _print_sources, answer_once
from tutor.commands.io import progress_to_stderr
from tutor.errors import TutorError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import clean_message, safe_print

HELP = "Ask about generative AI. /demo NAME to see how to run a demo, /quit to leave."


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        return open_app(settings)
    return plain_chat(settings, with_llm=not args.no_llm)


def plain_chat(settings: Settings, with_llm: bool = True) -> int:
    runtime = Runtime(settings, with_llm=with_llm)
    runtime.tutor(progress_to_stderr)
    interactive = sys.stdin.isatty()
    if interactive:
        safe_print(f"genai-tutor ({settings.session}). {HELP}")
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
        print("tutor> ", end="", flush=True)
        try:
            result = answer_once(runtime, message, settings.session, stream=True)
        except TutorError as exc:
            safe_print(f"\n! {exc}")
            continue
        print()
        _print_sources(result)
        print()
    return 0


def open_app(settings: Settings) -> int:
    """The Textual app; the plain chat where the app is not available or there is no terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return plain_chat(settings)
    try:
        from tutor.ui.launch import run_app
    except ImportError:
        return plain_chat(settings)
    return run_app(settings)
