"""A vector field (demos.frames.VectorField) as arrows on a character grid: one glyph per
cell pointing along the mean vector of the grid points in it, brighter for longer ones,
with the frame's marks (e.g. real data) as dots underneath.

Pure functions of plain data: `arrow_cells` is shared by the app's panel (coloured) and
the command line (plain text). A terminal cell is about twice as tall as it is wide, so
the canvas is twice as many cells across as down for a square view.
"""

from __future__ import annotations

import math

from rich.color import Color
from rich.style import Style
from rich.text import Text

from demos.frames import VectorField
from tutor.text import strip_control

ARROWS = "→↗↑↖←↙↓↘"  # counter-clockwise from east, 45 degrees apart
MARK = "·"
DIM = (70, 90, 130)
BRIGHT = (255, 220, 90)
MARK_COLOUR = (90, 200, 120)

Cell = tuple[str, float]  # glyph, and the arrow's length relative to the longest (-1: a mark)


def glyph(dx: float, dy: float) -> str:
    """The arrow nearest in direction to (dx, dy), y pointing up."""
    if dx == 0 and dy == 0:
        return "∘"
    return ARROWS[round(math.atan2(dy, dx) / (math.pi / 4)) % 8]


def arrow_cells(frame: VectorField, width: int, height: int) -> list[list[Cell]]:
    """`height` rows of `width` cells: blank, a mark, or the arrow of the vectors in it."""
    width, height = max(2, width), max(2, height)
    (x0, x1), (y0, y1) = frame.x_range, frame.y_range
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0

    def cell(x: float, y: float) -> tuple[int, int] | None:
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        cx, cy = round((x - x0) / sx * (width - 1)), round((y1 - y) / sy * (height - 1))
        return (cx, cy) if 0 <= cx < width and 0 <= cy < height else None

    grid: list[list[Cell]] = [[(" ", 0.0)] * width for _ in range(height)]
    for x, y in frame.marks:
        if (at := cell(x, y)) is not None:
            grid[at[1]][at[0]] = (MARK, -1.0)
    sums: dict[tuple[int, int], list[float]] = {}
    for (x, y), (dx, dy) in zip(frame.origins, frame.vectors, strict=False):
        at = cell(x, y)
        if at is None or not (math.isfinite(dx) and math.isfinite(dy)):
            continue
        acc = sums.setdefault(at, [0.0, 0.0, 0.0])
        acc[0], acc[1], acc[2] = acc[0] + dx, acc[1] + dy, acc[2] + 1
    means = {at: (a[0] / a[2], a[1] / a[2]) for at, a in sums.items()}
    longest = max((math.hypot(dx, dy) for dx, dy in means.values()), default=0.0) or 1.0
    for (cx, cy), (dx, dy) in means.items():
        grid[cy][cx] = (glyph(dx, dy), math.hypot(dx, dy) / longest)
    return grid


def plain_lines(frame: VectorField, width: int = 42, height: int = 21) -> list[str]:
    """The field as text lines (title, the grid, the note) for the command line."""
    rows = ["".join(g for g, _ in row).rstrip() for row in arrow_cells(frame, width, height)]
    return [strip_control(frame.title), *rows, strip_control(frame.note)]


def _colour(strength: float) -> Style:
    if strength < 0:
        return Style(color=Color.from_rgb(*MARK_COLOUR))
    t = min(1.0, max(0.0, strength)) ** 0.5  # short arrows stay visible
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(DIM, BRIGHT, strict=True))
    return Style(color=Color.from_rgb(*rgb))


def vector_field(frame: VectorField, max_width: int = 80) -> Text:
    """The field as coloured arrows (dim = short, amber = long) over green data dots."""
    width = max(16, min(64, max_width))
    out = Text()
    out.append(f"{strip_control(frame.title)}\n", style="bold")
    for row in arrow_cells(frame, width, max(8, width // 2)):
        for ch, strength in row:
            out.append(ch, style=None if ch == " " else _colour(strength))
        out.append("\n")
    if frame.note:
        out.append(strip_control(frame.note), style="dim italic")
    return out
