"""Stop strings over a stream: pass text through, but never past the first stop string.

A stop string can arrive split across pieces, so the scanner holds back just enough of the
tail to recognise it; everything before the first stop is emitted, the stop itself never.
"""

from __future__ import annotations


class StopScanner:
    """Feed streamed pieces in; get out the text that is safe to show and whether to stop."""

    def __init__(self, stops: tuple[str, ...] | list[str]) -> None:
        self.stops = tuple(s for s in stops if s)
        self._hold = max((len(s) for s in self.stops), default=1) - 1
        self._buffer = ""
        self.stopped = False

    def feed(self, piece: str) -> str:
        """Text from `piece` (and what was held back) that can be shown now."""
        if self.stopped:
            return ""
        self._buffer += piece
        first = self._first_stop()
        if first is not None:
            if self._could_start_before(first):
                return ""  # a longer stop string may still complete earlier in the text
            out, self._buffer, self.stopped = self._buffer[:first], "", True
            return out
        cut = len(self._buffer) - self._hold
        if cut <= 0:
            return ""
        out, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return out

    def flush(self) -> str:
        """The held-back tail once the stream has ended without a stop string."""
        if self.stopped:
            return ""
        first = self._first_stop()
        out = self._buffer if first is None else self._buffer[:first]
        self._buffer, self.stopped = "", first is not None
        return out

    def _first_stop(self) -> int | None:
        hits = [i for i in (self._buffer.find(s) for s in self.stops) if i >= 0]
        return min(hits) if hits else None

    def _could_start_before(self, index: int) -> bool:
        """Whether the buffer ends in an unfinished stop string that starts before `index`."""
        size = len(self._buffer)
        for start in range(max(0, size - self._hold), index):
            tail = self._buffer[start:]
            if any(len(s) > len(tail) and s.startswith(tail) for s in self.stops):
                return True
        return False
