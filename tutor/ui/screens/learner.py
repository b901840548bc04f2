"""Sign-in for one learner of a class (genai-tutor web): a name and a passphrase.

The first sign-in with a new name claims it; later ones must give the same passphrase. Each
wrong try waits a little longer, and after MAX_TRIES the tab's tutor closes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tutor.errors import TutorError
from tutor.learners import MAX_PASSPHRASE, NAME_RULE, SignIn, sign_in

MAX_TRIES = 5
INTRO = (
    "Your name keeps your conversations and quiz progress apart from the rest of the class.\n"
    f"New here? Pick a name ({NAME_RULE}) and a passphrase of 4 or more characters.\n"
    "Back again? Use the same two."
)


class LearnerScreen(ModalScreen[SignIn]):
    """Asks for a learner name and passphrase; dismisses with the SignIn."""

    def __init__(self, home: Path) -> None:
        super().__init__(id="learner-screen")
        self.home = home
        self.failures = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-box"):
            yield Static(Text("genai-tutor · sign in", style="bold"), id="learner-title")
            yield Static(INTRO, id="learner-intro")
            yield Input(placeholder="learner name", id="learner-name", max_length=32,
                        restrict=r"[A-Za-z0-9_-]*")
            yield Input(placeholder="passphrase", id="learner-pass", password=True,
                        max_length=MAX_PASSPHRASE)
            yield Static("", id="learner-error")

    def on_mount(self) -> None:
        self.query_one("#learner-name", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#learner-name", Input).value
        passphrase = self.query_one("#learner-pass", Input)
        error = self.query_one("#learner-error", Static)
        if not name:
            error.update(Text("Type your learner name first.", style="bold red"))
            self.query_one("#learner-name", Input).focus()
            return
        if event.input.id == "learner-name" or not passphrase.value:
            # Said once the passphrase field has the focus: what is typed from here on goes
            # there (keys typed ahead of the Enter would otherwise land in the name).
            error.update(Text(f"Signing in as {name}: now your passphrase.", style="dim"))
            passphrase.focus()
            return
        try:  # scrypt takes tens of milliseconds: off the UI thread
            signed = await asyncio.to_thread(sign_in, self.home, name, passphrase.value)
        except TutorError as exc:
            self.failures += 1
            passphrase.value = ""
            error.update(Text(f"{exc.message} {exc.hint}", style="bold red"))
            if self.failures >= MAX_TRIES:
                self.app.exit(1, message="Too many sign-in tries.")
                return
            passphrase.disabled = True
            await asyncio.sleep(0.5 * 2**self.failures)  # a guesser waits; a typo costs a second
            passphrase.disabled = False
            passphrase.focus()
            return
        self.dismiss(signed)
