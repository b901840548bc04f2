"""hypothesis fuzzing of the chunker: never crashes; every body line lands exactly once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.chunking import chunk_text

LINE_KINDS = st.sampled_from(["text", "text", "text", "blank", "heading", "fence", "numbered"])


@st.composite
def documents(draw) -> tuple[str, dict[int, str]]:
    """Lines that each carry a unique marker word, so we can find where each one went."""
    lines: list[str] = []
    markers: dict[int, str] = {}
    for i in range(draw(st.integers(0, 40))):
        kind = draw(LINE_KINDS)
        marker = f"m{i}x"
        words = draw(st.lists(st.sampled_from(["gan", "vae", "noise", "latent"]), max_size=8))
        body = " ".join([marker, *words])
        if kind == "blank":
            lines.append("")
            continue
        if kind == "heading":
            line = "#" * draw(st.integers(1, 6)) + " " + body
        elif kind == "fence":
            line = "```"
            lines.append(line)
            continue
        elif kind == "numbered":
            line = f"{draw(st.integers(1, 12))}. {body}"
        else:
            line = draw(st.sampled_from(["", "  ", "- ", "* "])) + body
        markers[len(lines) + 1] = marker
        lines.append(line)
    return "\n".join(lines), markers


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000), st.sampled_from([".md", ".txt"]))
def test_never_crashes_on_any_text(text: str, suffix: str) -> None:
    for chunk in chunk_text("n", text, suffix, max_chars=120):
        assert 1 <= chunk.line_start <= chunk.line_end
        assert len(chunk.text) <= 120 or "\n" not in chunk.text


@settings(max_examples=100, deadline=None)
@given(documents(), st.sampled_from([".md", ".txt"]), st.integers(40, 900))
def test_every_line_lands_in_exactly_one_chunk_or_heading(doc, suffix: str, size: int) -> None:
    text, markers = doc
    chunks = chunk_text("n", text, suffix, max_chars=size)
    for number, marker in markers.items():
        in_text = [c for c in chunks if marker in c.text.split()]
        as_heading = [
            c
            for c in chunks
            if c.path and marker in c.path[-1].split() and c.line_start == number and c.part == 0
        ]
        assert len(in_text) + len(as_heading) == 1, (number, marker, text)
        for chunk in in_text:
            assert chunk.line_start <= number <= chunk.line_end
