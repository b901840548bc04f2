"""The control channel: how the UI or the chat steers a running demo from another thread.

A demo calls `checkpoint()` between steps. It blocks while paused, returns the changes
sent since the last call (merged, later wins), and tells the demo to stop by raising
nothing: the demo checks `stopped` and returns.
"""

from __future__ import annotations

import threading
from typing import Any


class Control:
    """Thread-safe steering: pause, resume, stop, and setting changes such as lr or loss."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changes: dict[str, Any] = {}
        self._running = threading.Event()
        self._running.set()
        self._stopped = threading.Event()

    def send(self, **changes: Any) -> None:
        """Queue setting changes (e.g. lr_scale=0.5, loss="wgan-gp") for the next step."""
        with self._lock:
            self._changes.update(changes)

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
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

    def checkpoint(self, poll_s: float = 0.1) -> dict[str, Any]:
        """Wait while paused (waking to notice a stop), then hand over pending changes."""
        while not self._running.wait(poll_s):
            if self.stopped:
                break
        with self._lock:
            changes, self._changes = self._changes, {}
        return changes
