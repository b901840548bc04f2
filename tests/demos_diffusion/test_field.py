"""The learned denoising field: its sign and scale against an exact Gaussian, the frames a
ring run yields and t_shown steering them, and the arrows drawn from it."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from rich.console import Console

from demos import diffusion
from demos.control import Control
from demos.diffusion_field import denoising_field
from demos.frames import VectorField
from tests.demos_gan.conftest import collect
from tutor.ui.render_field import arrow_cells, glyph, plain_lines, vector_field


def test_field_is_tweedies_step_toward_the_data_for_an_exact_gaussian() -> None:
    """Data N(m, s^2 I): the exact eps is sigma (x - a m) / (a^2 s^2 + sigma^2), so every
    arrow must point at a*m with length sigma^2 |x - a m| / (a^2 s^2 + sigma^2)."""
    m, s, a, sigma, scale = np.array([0.5, -0.25]), 0.1, 0.8, 0.6, 2.0

    def eps(x: torch.Tensor, t: int) -> torch.Tensor:
        x = x.double()
        return sigma * (x - a * torch.tensor(m)) / (a**2 * s**2 + sigma**2)

    frame = denoising_field(eps, 300, sigma, scale, (-3.0, 3.0), np.zeros((5, 2)), 7, n=9)
    assert len(frame.origins) == len(frame.vectors) == 81 and frame.step == 7
    origins, vectors = np.array(frame.origins), np.array(frame.vectors)
    target = a * m * scale  # data units
    expected = sigma**2 * (target - origins) / (a**2 * s**2 + sigma**2)
    np.testing.assert_allclose(vectors, expected, atol=2e-4)
    assert "t=300" in frame.note and frame.x_range == (-3.0, 3.0)


def test_ring_run_yields_fields_and_t_shown_moves_them() -> None:
    control = Control()
    control.send(t_shown=10)
    frames = collect(diffusion.run(diffusion.Config.tiny(dataset="ring"), control))
    fields = [f for f in frames if f["kind"] == "vectors"]
    # one before training, one when t changes, one per preview, one at the end
    assert len(fields) >= 3 and fields[0]["note"].startswith("t=50 ")
    assert all(f["note"].startswith("t=10 ") for f in fields[1:])
    assert any("x_t, t=10" in f["sets"] for f in frames if f["kind"] == "points")
    assert all(len(f["origins"]) == len(f["vectors"]) > 100 for f in fields)
    logs = " ".join(f["text"] for f in frames if f["kind"] == "log")
    assert "showing t = 10" in logs and "denoising field" in logs


FIELD = VectorField(3, "Learned denoising direction",
                    origins=[(-1.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, -1.0)],
                    vectors=[(2.0, 0.0), (-0.5, 0.0), (0.0, -1.0), (1.0, 1.0)],
                    x_range=(-1.0, 1.0), y_range=(-1.0, 1.0), marks=[(0.0, 0.0)],
                    note="t=10 \x1b[31mnote")


@pytest.mark.parametrize("angle,arrow", [(0, "→"), (45, "↗"), (90, "↑"), (135, "↖"),
                                         (180, "←"), (-135, "↙"), (-90, "↓"), (-45, "↘")])
def test_glyph_points_the_way_the_vector_does(angle: float, arrow: str) -> None:
    r = math.radians(angle)
    assert glyph(math.cos(r), math.sin(r)) == arrow


def test_arrow_cells_place_arrows_and_marks_with_y_up() -> None:
    cells = arrow_cells(FIELD, 5, 5)
    assert cells[2][0] == ("→", 1.0)  # left middle: the longest arrow
    assert cells[2][4][0] == "←" and cells[2][4][1] == pytest.approx(0.25)
    assert cells[0][2][0] == "↓" and cells[4][2][0] == "↗"  # y = 1 is the top row
    assert cells[2][2] == ("·", -1.0)
    lines = plain_lines(FIELD, 5, 5)
    assert lines[0] == "Learned denoising direction" and lines[3] == "→ · ←"
    assert "\x1b" not in lines[-1]


def test_vector_field_renders_coloured_arrows() -> None:
    text = vector_field(FIELD, max_width=20)
    console = Console(width=40, record=True, color_system=None)
    console.print(text)
    out = console.export_text()
    assert "Learned denoising direction" in out and "→" in out and "↗" in out
    assert "\x1b" not in out
    styles = {str(span.style) for span in text.spans}
    assert len(styles) >= 3  # title, marks and arrows of different lengths
