"""Frames: the plain data a demo yields. No torch types, so the UI only renders them
and tests compare values. Each frame turns into JSON with `to_json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scalars:
    """Named scalar series at one step (e.g. losses): one point per name for a line chart."""

    step: int
    values: dict[str, float]
    kind: str = "scalars"


@dataclass(frozen=True)
class Points:
    """Named 2-D point sets (e.g. "real" and "fake" samples) for a scatter plot."""

    step: int
    sets: dict[str, list[tuple[float, float]]]
    kind: str = "points"


@dataclass(frozen=True)
class Heatmap:
    """A grid of values over a rectangle; rows run from y_range[0] (first) to y_range[1]."""

    step: int
    grid: list[list[float]]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    label: str = ""
    kind: str = "heatmap"


@dataclass(frozen=True)
class ImageGrid:
    """Small grey-scale images (values in [0, 1], row-major) laid out `ncols` to a row."""

    step: int
    images: list[list[list[float]]]
    ncols: int
    title: str = ""
    labels: list[str] = field(default_factory=list)
    kind: str = "images"


@dataclass(frozen=True)
class Token:
    text: str
    id: int
    nbytes: int


@dataclass(frozen=True)
class TokenSpans:
    """A text split by one tokenizer."""

    tokenizer: str
    tokens: list[Token]
    kind: str = "tokens"


@dataclass(frozen=True)
class Merge:
    """One byte-pair-encoding merge learned by the live BPE trainer."""

    step: int
    pair: tuple[str, str]
    merged: str
    count: int
    vocab_size: int
    kind: str = "merge"


@dataclass(frozen=True)
class Metrics:
    """Named measurements; `final` marks the demo's closing figures."""

    step: int
    values: dict[str, Any]
    final: bool = False
    kind: str = "metrics"


@dataclass(frozen=True)
class Log:
    """A line of text for the learner (a setting changed, a phase began)."""

    text: str
    kind: str = "log"


Frame = Scalars | Points | Heatmap | ImageGrid | TokenSpans | Merge | Metrics | Log


def to_json(frame: Frame) -> dict[str, Any]:
    """A JSON-ready dict with a "kind" key naming the frame type."""
    return asdict(frame)
