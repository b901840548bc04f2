"""Pure parts of the runtime: stop strings over a stream, and tool calls out of model text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tutor.llm.gguf_cache import _safetensors_intact, is_valid_cache
from tutor.llm.stops import StopScanner
from tutor.llm.tool_calls import parse_tool_call

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "run_demo",
            "parameters": {"type": "object", "required": ["name"], "properties": {}},
        },
    },
    {"name": "search_notes", "parameters": {"type": "object"}},
]


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


def test_tool_call_variants() -> None:
    tagged = '<tool_call>\n{"name": "run_demo", "arguments": {"name": "gan"}}\n</tool_call>'
    assert parse_tool_call(tagged, TOOLS) == {"name": "run_demo", "arguments": {"name": "gan"}}
    openai = 'Sure! {"function": {"name": "search_notes", "arguments": "{\\"q\\": \\"vae\\"}"}}'
    assert parse_tool_call(openai, TOOLS) == {"name": "search_notes", "arguments": {"q": "vae"}}
    params = '{"name": "search_notes", "parameters": {"q": "x"}} trailing'
    assert parse_tool_call(params, TOOLS) == {"name": "search_notes", "arguments": {"q": "x"}}


def test_tool_calls_that_are_refused() -> None:
    assert parse_tool_call('{"name": "rm_rf", "arguments": {}}', TOOLS) is None  # unknown tool
    assert parse_tool_call('{"name": "run_demo", "arguments": {}}', TOOLS) is None  # missing key
    assert parse_tool_call('{"name": "run_demo", "arguments": [1]}', TOOLS) is None
    assert parse_tool_call("__import__('os').system('x')", TOOLS) is None
    assert parse_tool_call('{"name": "run_demo", "arguments": {"name": "g"}}', []) is None


@given(st.text(max_size=300))
def test_tool_call_parser_never_raises_on_junk(text: str) -> None:
    result = parse_tool_call(text, TOOLS)
    assert result is None or (
        result["name"] in {"run_demo", "search_notes"} and isinstance(result["arguments"], dict)
    )


@given(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4))
def test_tool_call_roundtrip(arguments: dict) -> None:
    text = "call: " + json.dumps({"name": "search_notes", "arguments": arguments})
    assert parse_tool_call(text, TOOLS) == {"name": "search_notes", "arguments": arguments}


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
