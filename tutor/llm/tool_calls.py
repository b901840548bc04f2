"""Read a tool call out of model text, defensively: the text is untrusted, so it is parsed as
JSON (never evaluated) and accepted only when it names a known tool with an object of
arguments that has every required key."""

from __future__ import annotations

import json
import re
from typing import Any

_TAGGED = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_MAX_TEXT = 20_000


def tool_specs(tools: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Tool name -> JSON-schema parameters (OpenAI-style or plain {"name", "parameters"} tools)."""
    specs: dict[str, dict[str, Any]] = {}
    for tool in tools:
        if not isinstance(tool, dict):
            continue
        fn = tool.get("function", tool)
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            params = fn.get("parameters")
            specs[fn["name"]] = params if isinstance(params, dict) else {}
    return specs


def parse_tool_call(text: str, tools: list[dict[str, Any]]) -> dict[str, Any] | None:
    """{"name", "arguments"} for the first valid call to one of `tools` in `text`, else None."""
    specs = tool_specs(tools)
    if not specs or not isinstance(text, str):
        return None
    text = text[:_MAX_TEXT]
    candidates = [m.group(1) for m in _TAGGED.finditer(text)] + _json_objects(text)
    for candidate in candidates:
        call = _as_call(candidate, specs)
        if call is not None:
            return call
    return None


def _json_objects(text: str) -> list[str]:
    """Every balanced top-level {...} span (a cheap scan that respects JSON strings)."""
    spans: list[str] = []
    depth, start, in_string, escaped = 0, -1, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"' and depth > 0:
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append(text[start : i + 1])
    return spans


def _as_call(candidate: str, specs: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    try:
        data = json.loads(candidate)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("function"), dict):
        data = data["function"]
    name = data.get("name")
    arguments = data.get("arguments", data.get("parameters", {}))
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except (ValueError, RecursionError):
            return None
    if not isinstance(name, str) or name not in specs or not isinstance(arguments, dict):
        return None
    required = specs[name].get("required", [])
    if isinstance(required, list) and any(key not in arguments for key in required):
        return None
    return {"name": name, "arguments": arguments}
