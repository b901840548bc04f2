"""`genai-tutor web`: the app for a class, in browsers; `web-session` is one tab's tutor."""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys

from tutor.errors import InputError, TutorError
from tutor.settings import Settings

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def session_command(settings: Settings) -> str:
    """The command textual-serve runs for each tab: this tutor's settings, one learner's app."""
    cmd = [sys.executable, "-m", "tutor", "--model", settings.model, "--quant", settings.quant]
    for folder in settings.notes_dirs:
        cmd += ["--notes", str(folder)]
    if not settings.default_notes:
        cmd.append("--no-default-notes")
    return shlex.join([*cmd, "web-session"])


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.port <= 65535:
        raise InputError(f"Bad port {args.port}.", "Pass a port between 1 and 65535.")
    if not 1 <= args.max_tabs <= 500:
        raise InputError(f"Bad --max-tabs {args.max_tabs}.", "Pass 1 to 500.")
    try:
        from tutor.ui.classroom import ClassroomServer
    except ImportError as exc:
        raise TutorError("textual-serve is not installed.", "pip install textual-serve==1.1.3") \
            from exc
    settings.ensure_dirs()
    # Every tab's tutor writes under this same TUTOR_HOME (learners/NAME/ for its own files).
    os.environ["TUTOR_HOME"] = str(settings.home)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    banner = (f"genai-tutor web: open http://{shown}:{args.port} (one learner per browser tab, "
              f"at most {args.max_tabs}; Ctrl+C to stop)")
    if not is_loopback(args.host):
        print(f"genai-tutor: warning: listening on {args.host}: anyone who can reach this "
              "machine can open the tutor, and names, passphrases and answers travel "
              "unencrypted (see README, Serving a class).", file=sys.stderr)
    server = ClassroomServer(session_command(settings), args.host, args.port, args.max_tabs,
                             banner)
    server.serve()
    return 0


def cmd_web_session(args: argparse.Namespace, settings: Settings) -> int:
    """One browser tab's tutor (started by `genai-tutor web`): sign-in, then the app."""
    from tutor.ui.launch import run_app

    return run_app(settings, classroom=True)
