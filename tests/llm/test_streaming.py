"""Streaming answers from the real bundled model: text, timings, cancellation, stop strings."""

from __future__ import annotations

import threading

import pytest

from tutor.errors import InputError
from tutor.llm import GenerationParams

QUESTION = [{"role": "user", "content": "What is a variational autoencoder?"}]


def test_stream_yields_text_and_fills_timings(chat) -> None:
    pieces = list(chat.stream(QUESTION, GenerationParams(max_new_tokens=24)))
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).strip()
    timings = chat.last_timings
    assert timings is not None
    assert timings.load_s == chat.load_s > 0
    assert timings.ttft_s > 0
    assert timings.decode_tok_s > 0
    assert 1 < timings.new_tokens <= 24


def test_greedy_is_deterministic(chat) -> None:
    params = GenerationParams(max_new_tokens=12, temperature=0.0)
    assert "".join(chat.stream(QUESTION, params)) == "".join(chat.stream(QUESTION, params))


def test_cancel_stops_generation_early(chat) -> None:
    cancel = threading.Event()
    received: list[str] = []
    for piece in chat.stream(QUESTION, GenerationParams(max_new_tokens=400), cancel=cancel):
        received.append(piece)
        cancel.set()
    assert received
    assert chat.last_timings is not None
    assert chat.last_timings.new_tokens < 40  # far short of the 400 asked for


def test_cancel_before_start_yields_nothing(chat) -> None:
    cancel = threading.Event()
    cancel.set()
    assert list(chat.stream(QUESTION, GenerationParams(max_new_tokens=400), cancel=cancel)) == []


def test_consumer_breaking_off_stops_generation_and_the_model_stays_usable(chat) -> None:
    stream = chat.stream(QUESTION, GenerationParams(max_new_tokens=400))
    next(stream)
    stream.close()
    assert chat.last_timings is not None and chat.last_timings.new_tokens < 40
    assert "".join(chat.stream(QUESTION, GenerationParams(max_new_tokens=8))).strip()


def test_stop_string_ends_the_answer_before_it(chat) -> None:
    full = "".join(chat.stream(QUESTION, GenerationParams(max_new_tokens=30)))
    words = full.split()
    assert len(words) > 6, full
    stop = words[5]
    cut = full.index(stop)
    stopped = "".join(chat.stream(QUESTION, GenerationParams(max_new_tokens=30, stop=(stop,))))
    assert stopped == full[:cut]
    assert chat.last_timings is not None and chat.last_timings.new_tokens < 30


def test_count_tokens(chat) -> None:
    short, long = (
        chat.count_tokens("attention"),
        chat.count_tokens("attention is all you need " * 5),
    )
    assert 0 < short < long
    assert chat.count_tokens("") == 0


@pytest.mark.parametrize(
    ("messages", "params"),
    [
        ([], GenerationParams()),
        ([{"role": "wizard", "content": "hi"}], GenerationParams()),
        ([{"role": "user", "content": None}], GenerationParams()),
        (QUESTION, GenerationParams(max_new_tokens=0)),
        (QUESTION, GenerationParams(temperature=-1.0)),
        (QUESTION, GenerationParams(top_p=0.0)),
    ],
)
def test_bad_messages_or_params_raise_input_error_at_once(chat, messages, params) -> None:
    with pytest.raises(InputError):
        chat.stream(messages, params)


def test_prompt_longer_than_the_context_is_an_input_error(chat) -> None:
    huge = [{"role": "user", "content": "token " * (chat.context_length + 10)}]
    with pytest.raises(InputError, match="tokens"):
        chat.stream(huge)


def test_sampling_with_temperature_produces_text(chat) -> None:
    params = GenerationParams(max_new_tokens=10, temperature=0.8, top_p=0.9)
    assert "".join(chat.stream(QUESTION, params)).strip()
