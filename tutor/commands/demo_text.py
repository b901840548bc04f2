"""Plain-text lines for the frames of the "inside the LLM" demos (sampling, attention,
embeddings, fine-tune), for `genai-tutor demo NAME` without --json or --frames."""

from __future__ import annotations

from demos.frames import Frame, Matrix, NextToken, Ranking, Scatter, Texts

SHADES = " ░▒▓█"
BAR = 20  # characters of a probability bar at p = 1


def _vis(text: str) -> str:
    return repr(text)[1:-1] if text else "∅"


def next_token(frame: NextToken) -> list[str]:
    """A step: each candidate's bar (model) and its share after the filters."""
    head = f"{frame.mode} step {frame.step}: picked {_vis(frame.picked.text)!s:<14}"
    out = [f"{head} p={frame.picked.prob:.3f} (after filters {frame.picked.filtered:.3f})"]
    for c in frame.candidates:
        bar = "█" * round(c.prob * BAR)
        kept = f"→ {c.filtered:.3f}" if c.filtered > 0 else "filtered out"
        mark = "*" if c.id == frame.picked.id else " "
        out.append(f"   {mark} {_vis(c.text)[:14]:<14} {c.prob:6.3f} {bar:<{BAR}} {kept}")
    return out


def matrix(frame: Matrix, max_rows: int = 24, max_cols: int = 48) -> list[str]:
    """A shaded grid, values scaled to the grid's own range; labels down the left."""
    rows = [r[:max_cols] for r in frame.rows[:max_rows]]
    flat = [v for r in rows for v in r]
    lo, hi = (min(flat), max(flat)) if flat else (0.0, 1.0)
    span = hi - lo or 1.0
    out = [f"{frame.title}"]
    for label, row in zip(frame.row_labels, rows, strict=False):
        cells = "".join(SHADES[min(len(SHADES) - 1, int((v - lo) / span * len(SHADES)))]
                        for v in row)
        out.append(f"  {_vis(label)[:12]:>12} {cells}")
    if frame.note:
        out.append(f"  {frame.note}")
    return out


def scatter(frame: Scatter) -> list[str]:
    out = [f"{frame.title}"]
    out += [f"  ({p.x:+.2f}, {p.y:+.2f}) {p.label}" + (f"  [{p.group}]" if p.group else "")
            for p in frame.points]
    return out


def ranking(frame: Ranking) -> list[str]:
    out = [f"{frame.title}: {frame.query}"]
    out += [f"  {i:>2}. {text:<20} {score:.3f}" for i, (text, score) in
            enumerate(frame.items, 1)]
    if frame.expected:
        where = f"rank {frame.expected_rank}" if frame.expected_rank else "not in the vocabulary"
        out.append(f"  expected {frame.expected!r}: {where}")
    return out


def texts(frame: Texts) -> list[str]:
    return [f"{frame.title}"] + [f"  {label:>10}: {text}" for label, text in frame.items]


def lines(frame: Frame) -> list[str] | None:
    """The frame's lines, or None if it is not one of these demos' frames."""
    if isinstance(frame, NextToken):
        return next_token(frame)
    if isinstance(frame, Matrix):
        return matrix(frame)
    if isinstance(frame, Scatter):
        return scatter(frame)
    if isinstance(frame, Ranking):
        return ranking(frame)
    if isinstance(frame, Texts):
        return texts(frame)
    return None
