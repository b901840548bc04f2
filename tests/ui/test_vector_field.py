"""The demo panel draws a diffusion run's denoising field (a VectorField frame) as arrows,
and a live Fréchet distance on its own axis beside the losses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Static
from textual_plotext import PlotextPlot

from demos.frames import Metrics, Scalars, VectorField
from tests.ui.conftest import SIZE, rendered, wait_until

FIELD = VectorField(5, "Learned denoising direction",
                    origins=[(x / 2, y / 2) for x in range(-4, 5) for y in range(-4, 5)],
                    vectors=[(-x / 2, -y / 2) for x in range(-4, 5) for y in range(-4, 5)],
                    x_range=(-2.0, 2.0), y_range=(-2.0, 2.0), marks=[(0.1, 0.1)],
                    note="t=250 (sigma=0.4)")


def field_start(name: str, args: Any = None, control: Any = None):
    def frames() -> Iterator[Any]:
        for step in range(1, 6):
            yield Scalars(step, {"loss": 40.0 / step})
            yield Scalars(step, {"frechet_distance": 1.0 / step})
        yield from (FIELD, Metrics(5, {"seed": 0}, final=True))
    return frames(), []


@pytest.mark.anyio
async def test_the_panel_draws_the_denoising_field_and_the_distance(make_app: Any) -> None:
    app = make_app(demo_start=field_start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        app.chat.query_one("#prompt").value = "/demo diffusion"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.chat.demo.state == "finished")
        await pilot.pause(0.25)  # one redraw tick
        shown = app.chat.query_one("#demo-field", Static)
        assert shown.display
        text = rendered(shown)
        assert "Learned denoising direction" in text and "t=250" in text
        # points left of the centre are pushed right, those above pushed down
        assert "→" in text and "←" in text and "↓" in text and "↑" in text
        chart = rendered(app.chat.query_one("#demo-losses", PlotextPlot))
        assert "distance to the data (right)" in chart and "frechet_distance" in chart
