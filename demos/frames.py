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


# Scalars names that measure how far samples are from the data rather than a loss: the UI
# draws them on their own axis and the command line prints each one.
DISTANCE_SERIES = frozenset({"frechet_distance"})


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


@dataclass(frozen=True)
class Candidate:
    """One possible next token: its probability under the model (temperature 1) and after
    the sampling filters (temperature, top-k, top-p, renormalised; 0.0 if filtered out)."""

    text: str
    id: int
    prob: float
    filtered: float


@dataclass(frozen=True)
class NextToken:
    """One step of generation: the top candidates, the settings used, and the token picked.
    With `waiting` the step is not taken yet: `picked` is the model's draw, offered, while
    the learner may choose another candidate."""

    step: int
    mode: str  # "greedy" or "sampled"
    context: str  # the continuation so far, before this token
    candidates: list[Candidate]
    picked: Candidate
    settings: dict[str, float]
    waiting: bool = False
    chosen_by: str = "model"  # "model" (greedy or its draw) or "learner"
    kind: str = "next_token"


@dataclass(frozen=True)
class Matrix:
    """A labelled grid of values (attention weights, a positional encoding): rows[i][j] is
    row_labels[i] against col_labels[j]."""

    step: int
    title: str
    rows: list[list[float]]
    row_labels: list[str]
    col_labels: list[str]
    note: str = ""
    kind: str = "matrix"


@dataclass(frozen=True)
class LabelledPoint:
    x: float
    y: float
    label: str
    group: str = ""


@dataclass(frozen=True)
class Scatter:
    """Labelled 2-D points (e.g. words after PCA), coloured by group."""

    step: int
    title: str
    points: list[LabelledPoint]
    kind: str = "scatter"


@dataclass(frozen=True)
class Ranking:
    """A query's nearest items by a score (cosine similarity), and where the expected
    answer ranked (1 = first; 0 = not in the vocabulary searched)."""

    title: str
    query: str
    items: list[tuple[str, float]]
    expected: str = ""
    expected_rank: int = 0
    kind: str = "ranking"


@dataclass(frozen=True)
class Texts:
    """Labelled texts side by side (greedy vs sampled, before vs after a fine-tune)."""

    title: str
    items: list[tuple[str, str]]
    kind: str = "texts"


@dataclass(frozen=True)
class VectorField:
    """Arrows on a 2-D grid: at each origin (data units) the vector a model would move a
    point by (e.g. a diffusion model's denoising step at one noise level); `marks` are
    points drawn under the arrows (e.g. real data)."""

    step: int
    title: str
    origins: list[tuple[float, float]]
    vectors: list[tuple[float, float]]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    marks: list[tuple[float, float]] = field(default_factory=list)
    note: str = ""
    kind: str = "vectors"


Frame = (Scalars | Points | Heatmap | ImageGrid | TokenSpans | Merge | Metrics | Log
         | NextToken | Matrix | Scatter | Ranking | Texts | VectorField)


def to_json(frame: Frame) -> dict[str, Any]:
    """A JSON-ready dict with a "kind" key naming the frame type."""
    return asdict(frame)
