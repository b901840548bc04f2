"""The live demo: losses and point clouds (plotext), D's surface and digit grids (half-block
pixels), a denoising field (arrows), token spans, BPE merges, metrics.

Frames arrive in coalesced batches (see `FrameBatch`); the panel only marks what changed
and redraws on a 10 Hz timer, so a fast demo never floods the event loop and input stays
responsive.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from demos.frames import (
    DISTANCE_SERIES,
    Heatmap,
    ImageGrid,
    Metrics,
    Points,
    TokenSpans,
    VectorField,
)
from tutor.ui.messages import FrameBatch
from tutor.ui.render import (
    SeriesStore,
    downsample,
    heatmap_pixels,
    image_grid,
    merges,
    metrics_table,
    safe,
    token_spans,
)
from tutor.ui.render_field import vector_field
from tutor.ui.render_inside import INSIDE_KINDS, inside

REDRAW_S = 0.1
MAX_PLOT_POINTS = 300  # per loss series; plotext maps them onto the canvas
LOG_LINES = 6
POINT_COLOURS = {"real": "green", "fake": "magenta"}
LINE_COLOURS = ("cyan", "orange", "green", "magenta", "yellow", "blue")  # fixed: no global cycle


class DemoPanel(VerticalScroll):
    """Renders the latest frames of the running demo."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = ""
        self.state = "idle"
        self.series = SeriesStore()
        self.latest: dict[str, Any] = {}
        self.merge_frames: list[Any] = []
        self.logs: list[str] = []
        self.step = 0
        self._dirty: set[str] = set()
        self.redraws = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("No demo running. Try /demo gan, /demo vae or /demo tokenize.",
                          style="dim"), id="demo-head")
        yield PlotextPlot(id="demo-losses")
        yield PlotextPlot(id="demo-points")
        yield Static(id="demo-map")
        yield Static(id="demo-images")
        yield Static(id="demo-field")
        yield Static(id="demo-tokens")
        yield Static(id="demo-inside")
        yield Static(id="demo-merges")
        yield Static(id="demo-metrics")
        yield Static(id="demo-log")

    def on_mount(self) -> None:
        for child in self.children[1:]:
            child.display = False
        self.set_interval(REDRAW_S, self.redraw)

    def on_resize(self) -> None:
        """Pixel maps are drawn to the panel's width: draw them again when it changes."""
        if self.latest:
            self._dirty |= {"heatmap", "images", "vectors"}

    def reset(self, title: str) -> None:
        """Forget the previous run and show `title` as starting."""
        self.title, self.state, self.step = title, "starting", 0
        self.series.clear()
        self.latest.clear()
        self.merge_frames.clear()
        self.logs.clear()
        for child in self.children[1:]:
            child.display = False
        self._dirty = {"head"}

    def set_state(self, state: str) -> None:
        self.state = state
        self._dirty.add("head")

    def add_log(self, text: str) -> None:
        self.logs = (self.logs + [safe(text)])[-LOG_LINES:]
        self._dirty.add("log")

    def apply(self, batch: FrameBatch) -> None:
        """Take a batch of frames; only what changed is redrawn on the next tick."""
        for frame in batch.scalars:
            self.series.add(frame.step, frame.values)
            self.step = max(self.step, frame.step)
            self._dirty.add("losses")
        if batch.merges:
            self.merge_frames = (self.merge_frames + batch.merges)[-50:]
            self._dirty.add("merges")
        for text in batch.logs:
            self.add_log(text)
        for key, frame in batch.latest.items():
            self.latest[key] = frame
            self.step = max(self.step, getattr(frame, "step", 0))
            self._dirty.add(frame.kind)
        self._dirty.add("head")

    def redraw(self) -> None:
        """Redraw the parts marked dirty (runs on the UI thread, ≤ 10 times a second)."""
        dirty, self._dirty = self._dirty, set()
        if not dirty:
            return
        self.redraws += 1
        if "head" in dirty:
            head = Text(f"{safe(self.title)}", style="bold")
            head.append(f"  {self.state}", style="italic")
            if self.step:
                head.append(f"  step {self.step}", style="dim")
            self.query_one("#demo-head", Static).update(head)
        if "losses" in dirty:
            self._draw_losses()
        if "points" in dirty:
            self._draw_points()
        if "points" in dirty or "heatmap" in dirty:
            self._draw_map()
        if "images" in dirty:
            grids = [f for f in self.latest.values() if isinstance(f, ImageGrid)]
            self._show("#demo-images", Group(*[image_grid(g, max(16, self.size.width - 2))
                                              for g in grids]))
        if "vectors" in dirty and (field := self._latest(VectorField)) is not None:
            self._show("#demo-field", vector_field(field, max(16, self.size.width - 2)))
        if "tokens" in dirty:
            spans = [f for f in self.latest.values() if isinstance(f, TokenSpans)]
            self._show("#demo-tokens", Group(*[token_spans(s) for s in spans]))
        if dirty & INSIDE_KINDS:
            width = max(30, self.size.width - 2)
            shown = [inside(f, width) for f in self.latest.values() if f.kind in INSIDE_KINDS]
            self._show("#demo-inside", Group(*[r for r in shown if r is not None]))
        if "merges" in dirty:
            self._show("#demo-merges", merges(self.merge_frames))
        if "metrics" in dirty:
            found = [f for f in self.latest.values() if isinstance(f, Metrics)]
            if found:
                self._show("#demo-metrics", metrics_table(found[-1]))
        if "log" in dirty and self.logs:
            self._show("#demo-log", Text("\n".join(self.logs), style="dim"))

    def _show(self, selector: str, renderable: Any) -> None:
        widget = self.query_one(selector, Static)
        widget.update(renderable)
        widget.display = True

    def _draw_losses(self) -> None:
        plot = self.query_one("#demo-losses", PlotextPlot)
        plot.display = True
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        width = MAX_PLOT_POINTS  # not the plot's width: it is 0 until first laid out
        distances = False
        for i, name in enumerate(self.series.values):
            xs, ys = downsample(self.series.steps[name], self.series.values[name], width)
            right = name in DISTANCE_SERIES  # another scale than the losses: its own axis
            distances |= right
            plt.plot(xs, ys, label=safe(name)[:20], color=LINE_COLOURS[i % len(LINE_COLOURS)],
                     yside="right" if right else "left")
        plt.title("losses (left), distance to the data (right)" if distances else "losses")
        plot.refresh()

    def _draw_points(self) -> None:
        pts = self._latest(Points)
        if pts is None:
            return
        plot = self.query_one("#demo-points", PlotextPlot)
        plot.display = True
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        for name, points in pts.sets.items():
            if points:
                xs, ys = zip(*points, strict=False)
                plt.scatter(list(xs), list(ys), label=safe(name)[:20], marker="dot",
                            color=POINT_COLOURS.get(name, "blue"))
        plt.title(f"samples @ step {pts.step}")
        plot.refresh()

    def _draw_map(self) -> None:
        heat = self._latest(Heatmap)
        if heat is None:
            return
        width = max(16, min(40, self.size.width - 4))
        pixels = heatmap_pixels(heat, self._latest(Points), width, max(6, width // 2))
        caption = Text(f"{safe(heat.label) or 'surface'}: purple = fake, green = real; "
                       "light points real, pink generated", style="dim")
        self._show("#demo-map", Group(pixels, caption))

    def _latest(self, cls: type) -> Any:
        found = [f for f in self.latest.values() if isinstance(f, cls)]
        return found[-1] if found else None
