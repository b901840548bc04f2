"""Shared real pieces for the VAE and tokenizer demo tests, built once per session."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

PLAIN_SCALARS = (str, int, float, bool, type(None))


def assert_plain(value: Any, where: str = "frame") -> None:
    """Frames hold only python data: exact str/int/float/bool/None, lists, tuples, dicts
    with str keys, and frame dataclasses (numpy's float64 subclasses float: refused)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, list | tuple):
        assert type(value) in (list, tuple), f"{where}: {type(value)}"
        for i, item in enumerate(value):
            assert_plain(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        assert type(value) is dict, f"{where}: {type(value)}"
        for key, item in value.items():
            assert type(key) is str, f"{where}: key {key!r} is {type(key)}"
            assert_plain(item, f"{where}[{key!r}]")
    else:
        assert type(value) in PLAIN_SCALARS, f"{where}: {type(value).__module__}.{type(value)}"


@pytest.fixture(scope="session")
def classifier():
    from demos.digit_classifier import DigitClassifier

    return DigitClassifier.fit_default()


@pytest.fixture(scope="session")
def llm_tok(session_home):
    """The tutor LLM's tokenizer as the runtime hands it to the demo (converting the GGUF
    once takes a few seconds); its converted copy goes under the session's TUTOR_HOME."""
    from tutor.runtime import Runtime
    from tutor.settings import Settings

    return Runtime(Settings(home=session_home), with_llm=False).llm_tokenizer()


@pytest.fixture(scope="session")
def wordpiece_tok():
    from demos.token_spans import wordpiece_tokenizer

    return wordpiece_tokenizer()
