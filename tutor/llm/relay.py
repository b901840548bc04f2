"""From a reader thread to the consumer: streamed text with stop strings applied, `cancel`
noticed within POLL_S, and the answer's timings counted. Shared by the backends whose
engine hands text over on another thread (llama.cpp in-process, an HTTP server)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from tutor.llm.base import Timings
from tutor.llm.stops import StopScanner

POLL_S = 0.05


class Relay:
    """The reader thread calls `text`, then `end` or `error`; the consumer iterates `drain`."""

    def __init__(self, stops: tuple[str, ...], cancel: threading.Event | None) -> None:
        self.started = time.perf_counter()
        self.halt = threading.Event()  # set once the consumer is done: the reader may stop
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._scanner = StopScanner(stops)
        self._cancel = cancel
        self._first: float | None = None
        self._last: float | None = None
        self.count = 0

    def text(self, piece: str) -> None:
        self._queue.put(("text", piece))

    def end(self) -> None:
        self._queue.put(("end", None))

    def error(self, value: Any) -> None:
        self._queue.put(("error", value))

    @property
    def cancelled(self) -> bool:
        return self.halt.is_set() or (self._cancel is not None and self._cancel.is_set())

    def drain(self, on_error: Callable[[Any, int], None]) -> Iterator[str]:
        """Yield the text that is safe to show. `on_error(value, pieces_so_far)` raises to
        fail the answer, or returns to end it with what came so far."""
        try:
            while not (self._cancel is not None and self._cancel.is_set()):
                try:
                    kind, value = self._queue.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if kind == "end":
                    if tail := self._scanner.flush():
                        yield tail
                    return
                if kind == "error":
                    on_error(value, self.count)
                    return
                self._last = time.perf_counter()
                self._first = self._first or self._last
                self.count += 1
                if text := self._scanner.feed(value):
                    yield text
                if self._scanner.stopped:
                    return
        finally:
            self.halt.set()

    def timings(self, load_s: float) -> Timings:
        first, last, count = self._first, self._last, self.count
        span = (last - first) if first and last else 0.0
        return Timings(
            load_s=load_s,
            ttft_s=(first - self.started) if first else 0.0,
            decode_tok_s=(count - 1) / span if count > 1 and span > 0 else 0.0,
            new_tokens=count,
        )
