"""Pure parts of the runtime: stop strings over a stream, and the model cache's checks."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tutor.llm.gguf_cache import _safetensors_intact, is_valid_cache
from tutor.llm.stops import StopScanner


def _scan(pieces: list[str], stops: tuple[str, ...]) -> str:
    scanner = StopScanner(stops)
    out = []
    for piece in pieces:
        out.append(scanner.feed(piece))
        if scanner.stopped:
            break
    out.append(scanner.flush())
    return "".join(out)


@given(
    st.lists(st.text("abAB ", max_size=6), max_size=12),
    st.lists(st.text("abAB ", min_size=1, max_size=4), max_size=3),
)
def test_stop_scanner_emits_exactly_the_text_before_the_first_stop(pieces, stops) -> None:
    text = "".join(pieces)
    hits = [i for i in (text.find(s) for s in stops) if i >= 0]
    assert _scan(pieces, tuple(stops)) == (text[: min(hits)] if hits else text)


def test_stop_split_across_pieces() -> None:
    assert _scan(["Hello wor", "ld. User", ": more"], ("User:",)) == "Hello world. "


def test_truncated_safetensors_is_not_a_valid_cache(tmp_path) -> None:
    header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
    whole = len(header).to_bytes(8, "little") + header + b"\0" * 16
    good = tmp_path / "good.safetensors"
    good.write_bytes(whole)
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(whole[:-4])
    assert _safetensors_intact(good)
    assert not _safetensors_intact(bad)
    assert not is_valid_cache(tmp_path)  # no marker, no config
