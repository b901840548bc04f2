"""Bodies of the app's thread workers: loop over a core generator, post typed messages.

Each takes `post` (the app's thread-safe `post_message`) and `cancelled` (the worker's
`is_cancelled`), so the bodies run and are tested without a running app. A TutorError
is posted as it is; anything else is a bug: logged with its traceback, then posted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from textual.message import Message

from demos.control import Control
from tutor.errors import TutorError
from tutor.ui.messages import (
    AgentEventPosted,
    AnswerEnded,
    DemoEnded,
    DemoFrames,
    DemoStarted,
    Failed,
    FrameBatch,
    Loaded,
    LoadProgress,
    NotesSynced,
    Tokens,
)

log = logging.getLogger(__name__)
Post = Callable[[Message], Any]
Cancelled = Callable[[], bool]
TOKEN_BATCH_S = 0.05
FRAME_BATCH_S = 0.1
BUG_HINT = "This is a bug; the details are in the log file. The app is still running."


def report(exc: BaseException, post: Post, where: str) -> None:
    """Post a TutorError as it is; log anything else with its traceback and post a summary."""
    if isinstance(exc, TutorError):
        post(Failed(exc.message, exc.hint, where))
    else:
        log.error("%s failed", where, exc_info=exc)
        post(Failed(f"{where} failed: {type(exc).__name__}: {exc}", BUG_HINT, where))


def in_daemon(body: Callable[[], None], cancelled: Cancelled, on_cancel: Callable[[], None],
              name: str, grace_s: float = 1.0) -> None:
    """Run `body` in a daemon thread and wait for it, noticing cancellation.

    A worker's own thread belongs to asyncio's default executor, which the interpreter
    joins at exit; a demo step or a model load that takes long would then hold up quitting.
    A daemon thread does not: on cancel we ask it to stop, give it `grace_s`, and return.
    """
    thread = threading.Thread(target=body, name=name, daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.05)
        if cancelled():
            on_cancel()
            thread.join(grace_s)
            return


def load_runtime(runtime: Any, post: Post, cancelled: Cancelled,
                 signed_in: threading.Event | None = None) -> None:
    """Load the runtime (in a daemon thread, so quitting mid-load never waits for it). With
    `signed_in`, the shared parts load first and the learner's own once it is set. A model
    that fails to load does not fail the load: the app answers from the notes instead."""

    def body() -> None:
        def progress(text: str) -> None:
            post(LoadProgress(text))

        try:
            if signed_in is not None:
                runtime.load_shared(progress, llm_optional=True)
                while not signed_in.wait(0.1):
                    if cancelled():
                        return
            runtime.load(progress, llm_optional=True)
        except BaseException as exc:  # noqa: BLE001 - reported, the app stays up
            report(exc, post, "Loading the tutor")
        else:
            post(Loaded())

    in_daemon(body, cancelled, lambda: None, "tutor-load", grace_s=0.0)


def stream_answer(tutor: Any, text: str, *, answer_id: int, session: str, demo_running: str | None,
                  cancel: threading.Event, post: Post, cancelled: Cancelled,
                  beyond_notes: bool = False) -> None:
    """Run one turn of the agent; batch Token events so the UI redraws ~20 times a second.
    `beyond_notes`: the learner's /beyond setting, passed on to the agent."""
    from tutor.agent.events import Answer, Token

    buf: list[str] = []
    last = time.monotonic()
    first: float | None = None
    ended = last
    n_tokens = 0
    tok_s: float | None = None

    def flush() -> None:
        nonlocal last
        if buf:
            post(Tokens(answer_id, "".join(buf)))
            buf.clear()
        last = time.monotonic()

    stopped = False
    events: Iterator[Any] | None = None
    try:
        events = tutor.respond(text, session=session, demo_running=demo_running, cancel=cancel,
                               beyond_notes=beyond_notes)
        for event in events:
            if cancel.is_set() or cancelled():
                stopped = True
                break
            if isinstance(event, Token):
                now = time.monotonic()
                first = first if first is not None else now
                ended = now
                n_tokens += 1
                buf.append(event.text)
                if now - last >= TOKEN_BATCH_S:
                    flush()
                continue
            flush()
            if isinstance(event, Answer):
                tok_s = _tok_s(event.timings) or tok_s
            post(AgentEventPosted(answer_id, event))
        flush()
    except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
        flush()
        report(exc, post, "Answering")
    finally:
        if events is not None and hasattr(events, "close"):
            events.close()
        if tok_s is None and first is not None and n_tokens > 1 and ended > first:
            tok_s = (n_tokens - 1) / (ended - first)
        post(AnswerEnded(answer_id, stopped or cancel.is_set(), tok_s))


def _tok_s(timings: Mapping[str, Any]) -> float | None:
    for key in ("decode_tok_s", "tok_s", "tokens_per_s"):
        value = timings.get(key)
        if isinstance(value, int | float) and value > 0:
            return float(value)
    return None


Starter = Callable[..., tuple[Iterator[Any], list[str]]]


def run_demo(start: Starter, name: str, args: dict[str, Any], control: Control, *, run_id: int,
             post: Post, cancelled: Cancelled) -> None:
    """Run a demo, posting coalesced frame batches at most ~10 times a second."""
    frames: Iterator[Any] | None = None
    reason = "finished"
    try:
        frames, notes = start(name, args, control)
        post(DemoStarted(run_id, name, list(notes)))
        batch, last = FrameBatch(), time.monotonic()
        for frame in frames:
            if cancelled():
                control.stop()
            if control.stopped:
                break
            batch.add(frame)
            # A step that waits for the learner (a token to pick) is shown at once.
            if time.monotonic() - last >= FRAME_BATCH_S or getattr(frame, "waiting", False):
                post(DemoFrames(run_id, batch))
                batch, last = FrameBatch(), time.monotonic()
        if batch.count:
            post(DemoFrames(run_id, batch))
        if control.stopped:
            reason = "stopped"
    except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
        reason = "failed"
        report(exc, post, f"The {name} demo")
    finally:
        if frames is not None and hasattr(frames, "close"):
            frames.close()
        post(DemoEnded(run_id, reason))


def sync_notes(runtime: Any, folder: str, post: Post) -> None:
    """Re-index the notes after a folder was added to the settings."""
    try:
        report = runtime.add_notes(Path(folder), lambda text: post(LoadProgress(text)))
        post(NotesSynced(folder, tuple(getattr(report, "skip_reasons", ()) or ())))
    except Exception as exc:  # noqa: BLE001
        report(exc, post, "Adding the notes")
