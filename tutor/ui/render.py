"""Frames to Rich renderables: half-block pixel maps, digit grids, token spans, merges, metrics
(the inside-the-LLM frames are drawn by render_inside.py).

Pure functions of plain data (demos/frames.py), so they are tested without an app. A
terminal cell shows two vertical pixels: the upper half block "▀" painted with the top
pixel as foreground and the bottom pixel as background.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rich.color import Color
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from demos.frames import (
    Heatmap,
    ImageGrid,
    Merge,
    Metrics,
    Points,
    TokenSpans,
)
from tutor.text import strip_control

RGB = tuple[int, int, int]
FAKE: RGB = (122, 60, 160)  # purple: where the discriminator says "fake"
REAL: RGB = (40, 150, 90)  # green: where it says "real"
REAL_POINT: RGB = (190, 255, 200)
FAKE_POINT: RGB = (255, 120, 230)
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
SPAN_STYLES = ("on #1d3b5a", "on #5a3b1d", "on #1d5a3b", "on #4a1d5a")


def safe(text: object) -> str:
    """Any untrusted value as display text: ANSI and control characters removed."""
    return strip_control(str(text))


# Emoji parts whose width terminals disagree on: a variation selector (❤ vs ❤️, 1 or 2
# cells), a keycap, a skin tone (0 or 2 cells), a flag's regional letters. Rich counts the
# whole cluster, a terminal without grapheme clustering (tmux, many others) counts code
# points, so a framed line holding one ends off by a cell and its right border breaks.
_WIDTH_MODIFIERS = re.compile("[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")


def steady_width(text: str) -> str:
    """Text for a framed box: the same cell width by any count (modifiers dropped, so ❤️ ->
    ❤ and 👍🏽 -> 👍; a flag spelled as its letters, 🇫🇷 -> FR)."""
    text = _REGIONAL.sub(lambda m: chr(ord(m.group()) - 0x1F1E6 + ord("A")), text)
    return _WIDTH_MODIFIERS.sub("", text)


@lru_cache(maxsize=4096)
def _cell_style(top: RGB, bottom: RGB) -> Style:
    return Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom))


class Pixels:
    """A grid of RGB pixels drawn with half blocks; an odd last row gets a black partner."""

    def __init__(self, rows: Sequence[Sequence[RGB]]) -> None:
        self.rows = [list(r) for r in rows]
        self.width = max((len(r) for r in self.rows), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self.rows
        for y in range(0, len(rows), 2):
            top = rows[y]
            bottom = rows[y + 1] if y + 1 < len(rows) else [BLACK] * len(top)
            for x in range(len(top)):
                yield Segment("▀", _cell_style(top[x], bottom[x] if x < len(bottom) else BLACK))
            yield Segment.line()

    @property
    def height(self) -> int:
        return (len(self.rows) + 1) // 2


def lerp(a: RGB, b: RGB, t: float) -> RGB:
    t = 0.0 if math.isnan(t) else min(1.0, max(0.0, t))
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _normaliser(grid: Sequence[Sequence[float]]) -> tuple[float, float]:
    flat = [v for row in grid for v in row if not math.isnan(v)]
    if not flat:
        return 0.0, 1.0
    lo, hi = min(flat), max(flat)
    if lo >= 0.0 and hi <= 1.0:
        return 0.0, 1.0
    return lo, (hi if hi > lo else lo + 1.0)


def resample(grid: Sequence[Sequence[float]], width: int, height: int) -> list[list[float]]:
    """Nearest-neighbour resize of a value grid to `height` rows of `width` values."""
    if not grid or not grid[0] or width <= 0 or height <= 0:
        return []
    gh, gw = len(grid), len(grid[0])
    return [[grid[min(gh - 1, y * gh // height)][min(gw - 1, x * gw // width)]
             for x in range(width)] for y in range(height)]


def heatmap_pixels(frame: Heatmap, points: Points | None, width: int, height: int) -> Pixels:
    """The discriminator's surface (purple = fake, green = real) with the sample points on top.

    `width` is in cells and `height` in cells; the map has 2 * height pixel rows. Rows of a
    Heatmap run from y_range[0] upwards, so they are flipped to put high y at the top.
    """
    prows = max(2, 2 * height)
    values = resample(frame.grid[::-1], max(1, width), prows)
    lo, hi = _normaliser(values)
    pixels = [[lerp(FAKE, REAL, (v - lo) / (hi - lo)) for v in row] for row in values]
    if points is not None and pixels:
        (x0, x1), (y0, y1) = frame.x_range, frame.y_range
        for name, colour in (("real", REAL_POINT), ("fake", FAKE_POINT)):
            for x, y in points.sets.get(name, []):
                if x1 == x0 or y1 == y0:
                    continue
                px = int((x - x0) / (x1 - x0) * len(pixels[0]))
                py = int((y1 - y) / (y1 - y0) * len(pixels))
                if 0 <= px < len(pixels[0]) and 0 <= py < len(pixels):
                    pixels[py][px] = colour
    return Pixels(pixels)


def image_grid(frame: ImageGrid, max_width: int, scale: int = 1) -> Group:
    """Grey-scale images side by side, `ncols` to a row (fewer if the width is short)."""
    if not frame.images:
        return Group(Text("(no images)", style="dim"))
    ih, iw = len(frame.images[0]), len(frame.images[0][0]) if frame.images[0] else 0
    cell_w = iw * scale + 1
    ncols = max(1, min(frame.ncols or 1, max_width // max(cell_w, 1)))
    parts: list[Any] = []
    if frame.title:
        parts.append(Text(safe(frame.title), style="bold"))
    for start in range(0, len(frame.images), ncols):
        chunk = frame.images[start:start + ncols]
        rows: list[list[RGB]] = []
        for y in range(ih * scale):
            row: list[RGB] = []
            for img in chunk:
                for x in range(iw * scale):
                    v = img[y // scale][x // scale]
                    row.append(lerp(BLACK, WHITE, float(v)))
                row.append(BLACK)
            rows.append(row)
        parts.append(Pixels(rows))
        labels = frame.labels[start:start + ncols]
        if labels:
            parts.append(Text("".join(safe(lab)[: cell_w - 1].ljust(cell_w) for lab in labels),
                              style="dim"))
    return Group(*parts)


def visible(text: str) -> str:
    """Whitespace made visible: space ·, tab →, newline ⏎; control characters removed."""
    return safe(text).replace(" ", "·").replace("\t", "→").replace("\n", "⏎")


def token_spans(frame: TokenSpans, show_ids: bool = True) -> Text:
    """A tokenizer's split of a text: spans in alternating colours, ids listed under it."""
    out = Text()
    out.append(f"{safe(frame.tokenizer)}", style="bold")
    out.append(f"  {len(frame.tokens)} tokens\n", style="dim")
    for i, tok in enumerate(frame.tokens):
        out.append(visible(tok.text) or "∅", style=SPAN_STYLES[i % len(SPAN_STYLES)])
    if show_ids and frame.tokens:
        out.append("\nids: ", style="dim")
        out.append(" ".join(str(t.id) for t in frame.tokens[:64]), style="dim")
        if len(frame.tokens) > 64:
            out.append(" …", style="dim")
    return out


def merges(frames: Iterable[Merge], last: int = 12) -> Text:
    """The most recent BPE merges, newest last."""
    items = list(frames)[-last:]
    out = Text()
    if items:
        out.append(f"BPE merges (vocab {items[-1].vocab_size})\n", style="bold")
    for m in items:
        out.append(f"{m.step:>5} ", style="dim")
        out.append(visible(m.pair[0]), style=SPAN_STYLES[0])
        out.append(" + ")
        out.append(visible(m.pair[1]), style=SPAN_STYLES[1])
        out.append(" → ")
        out.append(visible(m.merged), style=SPAN_STYLES[2])
        out.append(f"  ×{m.count}\n", style="dim")
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{safe(k)}={_fmt(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return safe(value)


def metrics_table(frame: Metrics, limit: int = 14) -> Table:
    """Named measurements as a two-column table; nested settings are left out for room."""
    table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    title = "final metrics" if frame.final else f"metrics @ step {frame.step}"
    table.title = title
    shown = 0
    for key, value in frame.values.items():
        if key == "settings" or shown >= limit:
            continue
        table.add_row(Text(safe(key)), Text(_fmt(value)))
        shown += 1
    return table


def downsample(xs: Sequence[float], ys: Sequence[float], n: int) -> tuple[list[float], list[float]]:
    """At most `n` evenly spaced points of a series (always keeping the last)."""
    if len(xs) <= n or n < 2:
        return list(xs), list(ys)
    step = (len(xs) - 1) / (n - 1)
    idx = sorted({round(i * step) for i in range(n)})
    return [xs[i] for i in idx], [ys[i] for i in idx]


@dataclass
class SeriesStore:
    """Scalar series by name, bounded so a long run keeps its memory flat."""

    limit: int = 4000

    def __post_init__(self) -> None:
        self.steps: dict[str, list[float]] = {}
        self.values: dict[str, list[float]] = {}

    def add(self, step: int, values: dict[str, float]) -> None:
        for name, value in values.items():
            xs = self.steps.setdefault(name, [])
            ys = self.values.setdefault(name, [])
            xs.append(float(step))
            ys.append(float(value))
            if len(xs) > self.limit:  # keep every other point of the older half
                half = len(xs) // 2
                xs[:half] = xs[:half:2]
                ys[:half] = ys[:half:2]

    def clear(self) -> None:
        self.steps.clear()
        self.values.clear()
