"""Arguments from outside reach the VAE and tokenizer demos only through the registry."""

from __future__ import annotations

import pytest

from demos.registry import start, validate_args
from tutor.errors import DemoError


@pytest.mark.parametrize("args", [{"beta": -1}, {"digit": 12}, {"digit": -1}, {"steps": 0},
                                  {"latent_dim": 1}, {"lr": 0}, {"colour": "red"}])
def test_vae_refuses_bad_arguments(args: dict) -> None:
    with pytest.raises(DemoError) as err:
        start("vae", args)
    assert err.value.hint  # says what the demo takes


def test_vae_clamps_huge_numbers_with_a_note() -> None:
    clean, notes = validate_args("vae", {"steps": 10**9, "beta": 1e6})
    assert clean == {"steps": 20_000, "beta": 20.0}
    assert any(n.startswith("steps=") and "20000" in n for n in notes)
    frames, notes = start("vae", {"steps": 10**9, "digit": 7})
    assert notes and "steps" in notes[0]
    frames.close()  # never started: nothing trained


@pytest.mark.parametrize("args", [{"text": ""}, {"text": "x" * 100_000}, {"merges": -1},
                                  {"merges": "many"}])
def test_tokenize_refuses_bad_arguments(args: dict) -> None:
    with pytest.raises(DemoError):
        start("tokenize", args)


def test_tokenize_clamps_merges() -> None:
    clean, notes = validate_args("tokenize", {"merges": 10**9, "text": "hello"})
    assert clean == {"merges": 2000, "text": "hello"} and len(notes) == 1
