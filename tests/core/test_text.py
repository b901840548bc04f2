"""Untrusted text at the edges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.errors import InputError
from tutor.text import MAX_MESSAGE_CHARS, clean_message, has_control, strip_control


def test_strip_control_removes_ansi_and_c0_but_keeps_newlines() -> None:
    text = "\x1b[31mred\x1b[0m\tand\nnext\x07\x1b]0;title\x07 line"
    assert strip_control(text) == "red\tand\nnext line"


def test_markup_is_left_alone_for_the_renderer_to_escape() -> None:
    assert strip_control("[bold]x[/]") == "[bold]x[/]"


@pytest.mark.parametrize("text", ["", "   ", "\x1b[2J", "\x00\x01"])
def test_clean_message_refuses_empty(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        clean_message(text)


def test_clean_message_refuses_huge() -> None:
    with pytest.raises(InputError, match="too long"):
        clean_message("a" * (MAX_MESSAGE_CHARS + 1))


def test_has_control() -> None:
    assert has_control("hi\x1b[1m")
    assert not has_control("what is a GAN?\n")


@given(st.text())
def test_strip_control_leaves_no_control(text: str) -> None:
    cleaned = strip_control(text)
    assert not has_control(cleaned)
    assert "\x1b" not in cleaned
