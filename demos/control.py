"""The control channel: how the UI or the chat steers a running demo from another thread.

A demo calls `checkpoint()` between steps. It blocks while paused, returns the changes
sent since the last call as (key, value) pairs in the order they were sent (never merged:
two quick "halve the learning rate" must halve it twice), and tells the demo to stop by
raising nothing: the demo checks `stopped` and returns. The demo applies each pair in
turn and yields a Log line saying what took effect ("learning rate 0.001 -> 0.0005"):
that line is the command's acknowledgement.
"""

from __future__ import annotations

import threading
import time
from typing import Any

Changes = list[tuple[str, Any]]  # steering changes in the order they were sent

MAX_LR = 0.1  # the most any demo's learning rate may be steered to


class Control:
    """Thread-safe steering: pause, resume, stop, and setting changes such as lr or loss."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changes: Changes = []
        self._running = threading.Event()
        self._running.set()
        self._stopped = threading.Event()
        self.paused_s = 0.0  # seconds spent waiting in checkpoint(): demos leave it out of wall
        # resume() while not paused: "continue" said to a demo that waits for the learner
        self.nudges = 0

    def send(self, **changes: Any) -> None:
        """Queue setting changes (e.g. lr_scale=0.5, loss="wgan-gp") for the next step,
        after any still pending: each is applied in turn, none overwrites another."""
        with self._lock:
            self._changes.extend(changes.items())

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        if self._running.is_set():
            self.nudges += 1
        self._running.set()

    def stop(self) -> None:
        self._stopped.set()
        self._running.set()  # wake a paused demo so it can return

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def checkpoint(self, poll_s: float = 0.1) -> Changes:
        """Wait while paused (waking to notice a stop), then hand over pending changes."""
        if not self._running.is_set():
            started = time.perf_counter()
            while not self._running.wait(poll_s):
                if self.stopped:
                    break
            self.paused_s += time.perf_counter() - started
        with self._lock:
            changes, self._changes = self._changes, []
        return changes


def change_lr(current: float, key: str, value: Any) -> tuple[float, str]:
    """The learning rate after a steering change (`lr` sets it, `lr_scale` multiplies it),
    and a line saying what happened; a bad value leaves it as it was."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return current, f"{key}={value!r} is not a number; the learning rate stays {current:g}."
    new = float(value) if key == "lr" else current * float(value)
    if not 0 < new <= MAX_LR:
        return current, (
            f"A learning rate of {new:g} is outside (0, {MAX_LR:g}]; it stays {current:g}."
        )
    return new, f"learning rate {current:g} -> {new:g}"
