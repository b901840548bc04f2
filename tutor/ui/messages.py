"""Typed messages that thread workers post to the app (never touching widgets themselves)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from demos.frames import Frame, Log, Merge, Scalars


class LoadProgress(Message):
    """A step of loading the runtime, for the status line."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Loaded(Message):
    """The runtime is ready: questions can be answered."""


class Failed(Message):
    """A worker failed: `message` and `hint` are shown as they are."""

    def __init__(self, message: str, hint: str = "", where: str = "") -> None:
        super().__init__()
        self.message = message
        self.hint = hint
        self.where = where


class Tokens(Message):
    """A batch of streamed words for answer `answer_id` (batched ~50 ms in the worker)."""

    def __init__(self, answer_id: int, text: str) -> None:
        super().__init__()
        self.answer_id = answer_id
        self.text = text


class AgentEventPosted(Message):
    """Any agent event other than a Token (Routed, Retrieved, Answer, DemoRequest, ...)."""

    def __init__(self, answer_id: int, event: Any) -> None:
        super().__init__()
        self.answer_id = answer_id
        self.event = event


class AnswerEnded(Message):
    """The answer worker finished; tok_s is the decode speed of the answer, if any."""

    def __init__(self, answer_id: int, cancelled: bool, tok_s: float | None) -> None:
        super().__init__()
        self.answer_id = answer_id
        self.cancelled = cancelled
        self.tok_s = tok_s


@dataclass
class FrameBatch:
    """Frames coalesced between two redraws: every Scalars/Merge/Log is kept (they form a
    history), but only the latest frame of each other kind (and label)."""

    scalars: list[Scalars] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    latest: dict[str, Frame] = field(default_factory=dict)
    count: int = 0

    def add(self, frame: Frame) -> None:
        self.count += 1
        if isinstance(frame, Scalars):
            self.scalars.append(frame)
        elif isinstance(frame, Merge):
            self.merges.append(frame)
        elif isinstance(frame, Log):
            self.logs.append(frame.text)
        else:
            self.latest[frame_key(frame)] = frame


def frame_key(frame: Frame) -> str:
    """Which slot a frame fills: its kind plus its title/label/tokenizer where it has one."""
    label = (getattr(frame, "title", "") or getattr(frame, "label", "")
             or getattr(frame, "tokenizer", ""))
    if frame.kind == "heatmap":
        label = ""  # one decision surface, whatever its label says
    return f"{frame.kind}:{label}"


class DemoStarted(Message):
    def __init__(self, run_id: int, name: str, notes: list[str]) -> None:
        super().__init__()
        self.run_id = run_id
        self.name = name
        self.notes = notes


class DemoFrames(Message):
    def __init__(self, run_id: int, batch: FrameBatch) -> None:
        super().__init__()
        self.run_id = run_id
        self.batch = batch


class DemoEnded(Message):
    """reason: "finished", "stopped" or "failed"."""

    def __init__(self, run_id: int, reason: str) -> None:
        super().__init__()
        self.run_id = run_id
        self.reason = reason


class NotesSynced(Message):
    def __init__(self, folder: str, skipped: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.folder = folder
        self.skipped = skipped  # one line per file left out, saying why
