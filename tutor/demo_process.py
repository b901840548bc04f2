"""Run a demo in its own process, so training never competes with the UI for the GIL.

A demo's step loop is CPU-bound Python: in a thread it holds the GIL for long stretches
and each turn of the UI's event loop waits for it (measured: ~2 s per keypress while the
GAN trained in a thread on 2 busy cores). In a spawned process the UI keeps its own
interpreter. Frames are plain picklable data (demos/frames.py); steering commands go the
other way over the same pipe and are applied to a real `Control` in the child.

Nothing here imports textual or torch; the child imports the demo (and torch) itself.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from demos.control import Control
from demos.registry import validate_args
from tutor.errors import DemoError

log = logging.getLogger(__name__)
START_TIMEOUT_S = 300.0  # spawning plus importing torch on a busy machine


class ForwardingControl(Control):
    """A Control that also forwards every command to a demo running in another process,
    and hands the GIL to the UI at each step when the demo runs in a thread instead."""

    def __init__(self) -> None:
        super().__init__()
        self._conn: Any = None
        self._send_lock = threading.Lock()

    def attach(self, conn: Any) -> None:
        """Connect to the child and replay anything said before it started."""
        self._conn = conn
        if self.stopped:
            self._forward("stop")
        elif self.paused:
            self._forward("pause")

    def _forward(self, command: str, payload: Any = None) -> None:
        if self._conn is None:
            return
        # OSError/ValueError: the child has gone, so there is nothing left to steer.
        with self._send_lock, contextlib.suppress(OSError, ValueError):
            self._conn.send((command, payload))

    def pause(self) -> None:
        super().pause()
        self._forward("pause")

    def resume(self) -> None:
        super().resume()
        self._forward("resume")

    def stop(self) -> None:
        super().stop()
        self._forward("stop")

    def send(self, **changes: Any) -> None:
        super().send(**changes)
        self._forward("send", changes)

    def checkpoint(self, poll_s: float = 0.1) -> list[tuple[str, Any]]:
        time.sleep(0)  # in a thread: let the UI thread take the GIL between steps
        return super().checkpoint(poll_s)


def _child(name: str, args: dict[str, Any], conn: Any, log_path: str,
           context: dict[str, Any] | None = None) -> None:
    """The demo process: apply commands from the pipe, send frames back."""
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(fd, 1)  # never write on the learner's terminal
    os.dup2(fd, 2)
    from demos.registry import start
    from tutor.errors import TutorError

    control = Control()

    def listen() -> None:
        while True:
            try:
                command, payload = conn.recv()
            except (EOFError, OSError):
                control.stop()
                return
            if command == "pause":
                control.pause()
            elif command == "resume":
                control.resume()
            elif command == "stop":
                control.stop()
            elif command == "send":
                control.send(**payload)

    threading.Thread(target=listen, daemon=True).start()
    try:
        frames, notes = start(name, args, control, context)
        conn.send(("notes", list(notes)))
        for frame in frames:
            conn.send(("frame", frame))
            if control.stopped:
                break
        conn.send(("done", None))
    except TutorError as exc:
        conn.send(("error", (exc.message, exc.hint)))
    except Exception:  # noqa: BLE001 - sent to the parent, which logs it
        conn.send(("bug", traceback.format_exc()))


def start_in_process(name: str, args: Mapping[str, Any] | None = None,
                     control: Control | None = None, *, log_path: str = os.devnull,
                     context: Mapping[str, Any] | None = None,
                     ) -> tuple[Iterator[Any], list[str]]:
    """Like `demos.registry.start`, but the demo runs in a spawned process. `context` is
    plain data (a model's name, TUTOR_HOME): a loaded model cannot cross into it.

    Arguments are validated here first, so bad ones fail at once without a process.
    """
    validate_args(name, dict(args or {}))
    control = control or ForwardingControl()
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(name, dict(args or {}), child, log_path,
                                            dict(context or {})),
                       name=f"demo-{name}", daemon=True)
    _spawn(proc, log_path)
    child.close()
    if isinstance(control, ForwardingControl):
        control.attach(parent)

    def finish() -> None:
        proc.join(1.0)
        if proc.is_alive():
            proc.terminate()
            proc.join(1.0)
        parent.close()

    notes: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:  # wait for the demo to start (or fail)
        if parent.poll(0.1):
            kind, payload = _recv(parent)
            break
        if control.stopped or not proc.is_alive() or time.monotonic() > deadline:
            finish()
            if control.stopped:
                return iter(()), []
            raise DemoError(f"The {name} demo did not start.", "See the log file for details.")
    if kind == "notes":
        notes = payload
    else:
        finish()
        _raise(name, kind, payload)

    def frames() -> Iterator[Any]:
        try:
            while True:
                if not parent.poll(0.1):
                    if not proc.is_alive():
                        return
                    continue
                kind, payload = _recv(parent)
                if kind == "frame":
                    yield payload
                elif kind == "done":
                    return
                else:
                    _raise(name, kind, payload)
        finally:
            finish()

    return frames(), notes


_SPAWN_LOCK = threading.Lock()


def _spawn(proc: Any, log_path: str) -> None:
    """Start the process with a real file as sys.stderr: multiprocessing hands stderr's file
    descriptor to its resource tracker, and a running Textual app has replaced stderr with
    an object that has none. The tracker's output then goes to the log, not the screen."""
    with _SPAWN_LOCK, open(log_path, "a", encoding="utf-8") as err:
        saved, sys.stderr = sys.stderr, err
        try:
            proc.start()
        finally:
            sys.stderr = saved


def _recv(conn: Any) -> tuple[str, Any]:
    try:
        return conn.recv()
    except (EOFError, OSError):
        return "done", None


def _raise(name: str, kind: str, payload: Any) -> None:
    if kind == "error":
        message, hint = payload
        raise DemoError(message, hint)
    log.error("the %s demo failed in its process:\n%s", name, payload)
    last = str(payload).strip().splitlines()[-1] if payload else "unknown error"
    raise RuntimeError(f"the {name} demo crashed: {last}")
