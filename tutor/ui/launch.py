"""Opening the app from the command line: logging to the file, and a fast exit."""

from __future__ import annotations

import logging
import os
import sys

from tutor.settings import Settings
from tutor.ui.app import TutorApp

log = logging.getLogger(__name__)


def setup_logging(settings: Settings) -> None:
    """Send warnings and bugs (with tracebacks) to the log file, never to the screen."""
    root = logging.getLogger()
    if any(isinstance(h, logging.FileHandler) for h in root.handlers):
        return  # the CLI already did
    settings.ensure_dirs()
    handler = logging.FileHandler(settings.log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run_app(settings: Settings | None = None, *, fast_exit: bool = True,
            classroom: bool = False) -> int:
    """Open the tutor in the terminal; returns the exit code.

    With `fast_exit` the process ends as soon as the app has closed: tearing down torch,
    Chroma and friends at interpreter exit took ~6 s (measured), and everything the tutor
    keeps (sessions, quiz progress, the index) is already committed to disk by then.
    """
    settings = settings or Settings()
    setup_logging(settings)
    app = TutorApp(settings, classroom=classroom)
    code = int(app.run() or 0)
    log.info("the app closed")
    if fast_exit:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
