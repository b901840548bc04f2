"""The inside-the-LLM frames as Rich renderables: next-token candidates (and the learner's
turn to pick one), labelled matrices (attention, positional encoding), word maps, rankings
and texts side by side. Pure functions of plain data, like render.py."""

from __future__ import annotations

import math
from typing import Any

from rich.color import Color
from rich.style import Style
from rich.table import Table
from rich.text import Text

from demos.frames import Frame, Matrix, NextToken, Ranking, Scatter, Texts
from tutor.ui.render import RGB, lerp, safe, visible

INSIDE_KINDS = frozenset({"next_token", "matrix", "scatter", "ranking", "texts"})
GROUP_COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_white", "orange3")
LOW: RGB = (20, 24, 60)  # dark blue: weight 0
HIGH: RGB = (255, 210, 80)  # amber: the row's or grid's largest value


def _bar(value: float, width: int) -> str:
    """A bar of `value` (0..1) in eighths of a cell."""
    eighths = max(0, round(min(1.0, value) * width * 8))
    return "█" * (eighths // 8) + ("▏▎▍▌▋▊▉"[eighths % 8 - 1] if eighths % 8 else "")


def next_token(frame: NextToken, bar: int = 24) -> Text:
    """One generation step: each candidate's probability as a bar, what the filters keep
    (renormalised) and the token picked; numbered, with how to pick, when the step waits
    for the learner."""
    out = Text()
    out.append(f"{frame.mode} step {frame.step}", style="bold")
    knobs = ", ".join(f"{k} {v:g}" for k, v in frame.settings.items())
    out.append(f"  ({knobs})", style="dim")
    if frame.chosen_by == "learner":
        out.append("  your pick", style="bold magenta")
    out.append("\n")
    out.append(visible(frame.context[-60:]), style="dim")
    out.append(visible(frame.picked.text) or "∅", style="bold reverse")
    if frame.waiting:
        out.append(" ?", style="bold magenta")
    out.append("\n")
    for n, c in enumerate(frame.candidates, 1):
        chosen = c.id == frame.picked.id
        out.append("▶ " if chosen else "  ", style="bold")
        out.append(f"{n:>2} ", style="dim")
        out.append(f"{visible(c.text)[:14] or '∅':<14} ", style="bold" if chosen else "")
        out.append(f"{c.prob:6.1%} ", style="dim")
        out.append(f"{_bar(c.prob, bar):<{bar}}", style="cyan")
        if c.filtered > 0:
            out.append(f" → {c.filtered:6.1%}\n", style="green")
        else:
            out.append(" filtered out\n", style="dim red")
    if frame.waiting:
        out.append(f"Your pick: pick 1-{len(frame.candidates)}, pick ' word', next (the model's "
                   "draw ▶), auto (let it finish)", style="bold magenta")
    return out


def matrix(frame: Matrix, max_width: int = 80, max_rows: int = 40) -> Text:
    """A labelled grid, one coloured cell per value (dark = low, amber = high, scaled to the
    grid's own range); labels down the left, a note under it."""
    label_w = min(12, max((len(visible(lab)) for lab in frame.row_labels), default=1))
    cols = max(1, min(len(frame.rows[0]) if frame.rows else 0, (max_width - label_w - 1) // 2))
    rows = [r[:cols] for r in frame.rows[:max_rows]]
    flat = [v for r in rows for v in r if not math.isnan(v)]
    lo, hi = (min(flat), max(flat)) if flat else (0.0, 1.0)
    span = hi - lo or 1.0
    out = Text()
    out.append(f"{safe(frame.title)}\n", style="bold")
    for label, row in zip(frame.row_labels, rows, strict=False):
        out.append(f"{visible(label)[:label_w]:>{label_w}} ", style="dim")
        for v in row:
            colour = lerp(LOW, HIGH, (v - lo) / span)
            out.append("  ", style=Style(bgcolor=Color.from_rgb(*colour)))
        out.append("\n")
    if frame.note:
        out.append(safe(frame.note), style="dim italic")
    return out


def scatter(frame: Scatter, width: int = 60, height: int = 16) -> Text:
    """Labelled points on a character canvas, coloured by group; a label that would
    overwrite another is shortened to a dot."""
    width, height = max(10, width), max(4, height)
    canvas = [[" "] * width for _ in range(height)]
    colours: list[list[str]] = [[""] * width for _ in range(height)]
    pts = frame.points
    if pts:
        xs, ys = [p.x for p in pts], [p.y for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        groups = list(dict.fromkeys(p.group for p in pts))
        for p in pts:
            cx = int((p.x - x0) / ((x1 - x0) or 1) * (width - 1))
            cy = int((y1 - p.y) / ((y1 - y0) or 1) * (height - 1))
            colour = GROUP_COLOURS[groups.index(p.group) % len(GROUP_COLOURS)]
            label = "•" + safe(p.label)
            cx = min(cx, max(0, width - len(label)))
            if any(canvas[cy][x] != " " for x in range(cx, min(width, cx + len(label)))):
                label = "•"
            for i, ch in enumerate(label[: width - cx]):
                canvas[cy][cx + i] = ch
                colours[cy][cx + i] = colour
    out = Text()
    out.append(f"{safe(frame.title)}\n", style="bold")
    for y in range(height):
        for x in range(width):
            out.append(canvas[y][x], style=colours[y][x] or None)
        out.append("\n")
    return out


def ranking(frame: Ranking, bar: int = 16) -> Text:
    """Items by score, best first, as bars; the expected answer's rank said plainly."""
    out = Text()
    out.append(f"{safe(frame.title)}\n", style="bold")
    for i, (item, score) in enumerate(frame.items, 1):
        hit = bool(frame.expected) and safe(item).strip().lower() == frame.expected.lower()
        out.append(f"{i:>3}. {visible(item)[:22]:<22} ", style="bold green" if hit else "")
        out.append(f"{score:6.3f} ", style="dim")
        out.append(_bar(max(0.0, score), bar) + "\n", style="cyan")
    if frame.expected:
        where = (f"rank {frame.expected_rank}" if frame.expected_rank
                 else "not in the vocabulary searched")
        out.append(f"expected {safe(frame.expected)!r}: {where}", style="italic")
    return out


def texts(frame: Texts) -> Table:
    """Labelled texts side by side, e.g. before/after."""
    table = Table(show_header=False, box=None, padding=(0, 1), title=safe(frame.title))
    table.add_column(style="bold", overflow="fold", max_width=24)
    table.add_column(overflow="fold")
    for label, text in frame.items:
        table.add_row(Text(safe(label)), Text(safe(text)))
    return table


def inside(frame: Frame, width: int = 80) -> Any:
    """The renderable of an inside-the-LLM frame (see INSIDE_KINDS), else None."""
    if isinstance(frame, NextToken):
        return next_token(frame, bar=max(8, min(30, width - 40)))
    if isinstance(frame, Matrix):
        return matrix(frame, max_width=width)
    if isinstance(frame, Scatter):
        return scatter(frame, width=max(20, width - 2), height=max(8, width // 4))
    if isinstance(frame, Ranking):
        return ranking(frame)
    if isinstance(frame, Texts):
        return texts(frame)
    return None
