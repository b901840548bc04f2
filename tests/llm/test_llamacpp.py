"""The llama.cpp engine (`--quant gguf`, the CPU default for GGUF models) with the real
bundled SmolLM2-135M GGUF: streaming, stop strings, cancellation, bad input."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tutor.errors import InputError
from tutor.llm import GenerationParams, load_chat_model
from tutor.settings import Settings

pytestmark = pytest.mark.real

ASK = [{"role": "user", "content": "List the numbers from one to twenty, in words."}]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("xllamacpp")
    home = tmp_path_factory.mktemp("llamacpp-home")
    return load_chat_model(Settings(home=home, model="bundled", quant="auto", device="cpu"))


def test_auto_on_cpu_runs_a_gguf_model_in_llama_cpp_without_converting_it(engine) -> None:
    assert type(engine).__name__ == "LlamaCppChatModel"
    assert (engine.name, engine.quant, engine.device) == ("smollm2-135m", "gguf", "cpu")
    assert not any(Path(engine.path).parent.glob("*.safetensors"))


def test_streams_text_and_reports_timings(engine) -> None:
    pieces = list(engine.stream(ASK, GenerationParams(max_new_tokens=24)))
    assert len(pieces) > 3 and "".join(pieces).strip()
    timings = engine.last_timings
    assert timings is not None and 0 < timings.new_tokens <= 24
    assert timings.ttft_s > 0 and timings.decode_tok_s > 0


def test_greedy_is_repeatable_and_stop_strings_end_the_answer(engine) -> None:
    params = GenerationParams(max_new_tokens=30)
    first = "".join(engine.stream(ASK, params))
    assert first == "".join(engine.stream(ASK, params))
    word = next(w for w in first.split() if len(w) > 3)
    stopped = "".join(engine.stream(ASK, GenerationParams(max_new_tokens=30, stop=(word,))))
    assert word not in stopped and first.startswith(stopped.rstrip())


def test_cancel_stops_the_stream_within_half_a_second(engine) -> None:
    cancel = threading.Event()
    stream = engine.stream(
        [{"role": "user", "content": "Write a long story about a dragon."}],
        GenerationParams(max_new_tokens=400),
        cancel=cancel,
    )
    next(stream)
    cancel.set()
    started = time.perf_counter()
    rest = list(stream)
    assert time.perf_counter() - started < 0.5
    assert len(rest) < 5
    # The engine is free again: the next answer comes.
    assert "".join(engine.stream(ASK, GenerationParams(max_new_tokens=5))).strip()


@pytest.mark.parametrize(
    ("messages", "params", "says"),
    [
        ([], GenerationParams(), "No messages"),
        ([{"role": "robot", "content": "hi"}], GenerationParams(), "Bad chat message"),
        (ASK, GenerationParams(max_new_tokens=0), "max_new_tokens"),
        (ASK, GenerationParams(top_p=0), "top_p"),
        ([{"role": "user", "content": "word " * 9000}], GenerationParams(), "the model takes"),
    ],
)
def test_bad_requests_fail_at_once_with_a_clear_message(engine, messages, params, says) -> None:
    with pytest.raises(InputError, match=says):
        list(engine.stream(messages, params))


def test_quant_gguf_needs_a_gguf_model(tmp_path: Path) -> None:
    folder = tmp_path / "hf-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    with pytest.raises(InputError, match="runs a .gguf file"):
        load_chat_model(Settings(home=tmp_path, model=str(folder), quant="gguf", device="cpu"))


def test_yes_probability_reads_the_first_tokens_log_probabilities(engine) -> None:
    """A yes/no question answered from log-probabilities: a share in [0, 1] that follows
    what the prompt makes likely (bench/voice_judge.py measures it as a judge)."""
    def ask(fact: str) -> float:
        p = engine.yes_probability([{"role": "user", "content":
                                     f"{fact} Answer with yes or no: is the sky blue?"}])
        assert p is not None and 0.0 <= p <= 1.0
        return p

    assert ask("The sky is blue.") > ask("The sky is never blue; it is green.")


def test_yes_share_counts_every_spelling_and_ignores_other_tokens() -> None:
    from math import log

    from tutor.llm.checks import yes_share

    assert yes_share({"Yes": log(0.3), " yes": log(0.1), "No": log(0.2), "The": log(0.4)}) == (
        pytest.approx(0.4 / 0.6))
    assert yes_share({"The": log(0.9)}) is None


PRIMER = {
    "role": "system",
    "content": "You keep a greenhouse journal. Reply with one short sentence about seedlings, "
    "watering schedules, compost and the soil temperature of each raised bed.",
}


def test_a_primed_prefix_is_reused_by_the_first_prompt_and_counted(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    ask = [PRIMER, {"role": "user", "content": "What should I water first?"}]
    settings = Settings(home=tmp_path, model="bundled", quant="auto", device="cpu")
    cold = load_chat_model(settings)  # a fresh model: nothing in its prompt cache yet
    list(cold.stream(ask, GenerationParams(max_new_tokens=2)))
    assert cold.last_prompt_tokens is not None
    read, reused = cold.last_prompt_tokens  # llama.cpp's own count
    assert reused == 0 and read > 30

    primed = load_chat_model(settings)
    primed.prime([PRIMER])
    list(primed.stream(ask, GenerationParams(max_new_tokens=2)))
    assert primed.last_prompt_tokens is not None
    assert sum(primed.last_prompt_tokens) == read
    assert primed.last_prompt_tokens[1] >= 25  # the system prompt came from the cache
