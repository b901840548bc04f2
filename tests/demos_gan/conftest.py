"""Helpers for the GAN demo tests: run a demo to the end, and check frames are plain data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from demos.frames import Frame, to_json

PLAIN = (str, int, float, bool, type(None))


def assert_plain(value: Any, where: str = "frame") -> None:
    """Fail unless `value` is built only from Python scalars, lists, tuples and str-keyed dicts."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{where}: key {key!r} is {type(key).__name__}"
            assert_plain(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            assert_plain(item, f"{where}[{i}]")
    else:
        assert type(value) in PLAIN, f"{where}: {type(value).__module__}.{type(value).__name__}"


def plain(frame: Frame) -> dict[str, Any]:
    """The frame as its JSON dict, checked to be plain data."""
    data = to_json(frame)
    assert_plain(data, data["kind"])
    return data


def collect(frames: Iterable[Frame]) -> list[dict[str, Any]]:
    """Every frame as a checked JSON dict (consumes the iterator)."""
    return [plain(frame) for frame in frames]
