"""The inside-the-LLM frames (next-token candidates, labelled matrices, word maps, rankings,
texts): their renderers, and the demo panel drawing them from scripted frames."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Static

from demos.frames import (
    Candidate,
    LabelledPoint,
    Matrix,
    Metrics,
    NextToken,
    Ranking,
    Scatter,
    Texts,
)
from tests.ui.conftest import SIZE, rendered, wait_until
from tutor.ui import render_inside as render

CANDS = [Candidate(" cat", 5, 0.6, 0.75), Candidate(" dog", 6, 0.2, 0.25),
         Candidate(" \x1b[31mcar", 7, 0.1, 0.0)]
STEP = NextToken(3, "sampled", "The", CANDS, CANDS[1], {"temperature": 0.8, "top_k": 2,
                                                         "top_p": 1.0})
ATTN = Matrix(0, "attention, layer 1 head 0", [[1.0, 0.0], [0.3, 0.7]], ["The", " cat"],
              ["The", " cat"], "causal")
MAP = Scatter(0, "MiniLM: 3 words", [LabelledPoint(0.0, 0.0, "cat", "cluster 1"),
                                      LabelledPoint(1.0, 1.0, "dog", "cluster 1"),
                                      LabelledPoint(0.5, -1.0, "king", "cluster 2")])
RANK = Ranking("king - man + woman", "king - man + woman", [(" queen", 0.7), (" prince", 0.5)],
               "queen", 1)
PAIR = Texts("before vs after", [("before", "A GAN is..."), ("after", "Arr, matey!")])


def text_of(renderable: Any, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_next_token_shows_each_candidate_and_what_the_filters_keep() -> None:
    out = text_of(render.next_token(STEP))
    assert "sampled step 3" in out and "temperature 0.8" in out
    assert "▶  2 ·dog" in out and "60.0%" in out and "→  75.0%" in out
    assert "Your pick" not in out
    assert "filtered out" in out and "\x1b" not in out  # model text is untrusted


def test_a_step_that_waits_numbers_the_candidates_and_says_how_to_pick() -> None:
    waiting = NextToken(3, "sampled", "The", CANDS, CANDS[0], {"temperature": 0.8},
                        waiting=True)
    out = text_of(render.next_token(waiting), width=100)
    assert "▶  1 ·cat" in out and "   2 ·dog" in out and "·cat ?" in out
    assert "Your pick: pick 1-3, pick ' word', next" in out
    mine = NextToken(4, "sampled", "The cat", CANDS, CANDS[1], {}, chosen_by="learner")
    assert "your pick" in text_of(render.next_token(mine))


def test_matrix_scatter_ranking_texts() -> None:
    out = text_of(render.matrix(ATTN))
    assert "attention, layer 1 head 0" in out and "·cat" in out and "causal" in out
    cells = render.matrix(ATTN)
    assert len({str(span.style) for span in cells.spans if "on #" in str(span.style)}) >= 3
    out = text_of(render.scatter(MAP, width=30, height=6))
    assert "•cat" in out and "•dog" in out and "•king" in out
    out = text_of(render.ranking(RANK))
    assert "1. ·queen" in out and "expected 'queen': rank 1" in out
    out = text_of(render.texts(PAIR))
    assert "Arr, matey!" in out and "before vs after" in out
    assert render.inside(Metrics(0, {})) is None


def inside_start(name: str, args: Any = None, control: Any = None):
    def frames() -> Iterator[Any]:
        yield from (STEP, ATTN, MAP, RANK, PAIR, Metrics(1, {"seed": 0}, final=True))
    return frames(), []


@pytest.mark.anyio
async def test_the_panel_draws_the_inside_frames(make_app: Any) -> None:
    app = make_app(demo_start=inside_start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        # Any registered name will do (the scripted start ignores it); the chat's tool list
        # does not know the new demos yet (tutor/agent/events.py TOOLS, the lead's).
        app.chat.query_one("#prompt").value = "/demo tokenize"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.chat.demo.state == "finished")
        await pilot.pause(0.25)  # one redraw tick
        shown = app.chat.query_one("#demo-inside", Static)
        assert shown.display
        text = rendered(shown)
        for part in ("sampled step 3", "attention, layer 1 head 0", "MiniLM: 3 words",
                     "king - man + woman"):
            assert part in text, part
