"""The llama.cpp backend of ChatModel: a GGUF file run in-process by the `xllamacpp` wheel.

On a CPU this is the fast engine for the catalogue's GGUF models (measured on 2 cores,
bench/llm_speed.py: the 0.5B voice decodes ~3x faster than transformers in bf16, and reads
a 3-passage prompt in a few seconds instead of tens). It runs the file's own 4-bit
quantization (Q4_K_M for the Qwen models), so it is `--quant gguf`.

`Server.handle_chat_completions` blocks and calls back once per streamed chunk, so it runs in
a worker thread; the consumer polls a queue and notices `cancel` within relay.POLL_S. A callback
that returns True makes llama.cpp stop generating. The wheel also opens an HTTP listener on
127.0.0.1; it gets a random port and a random API key, so nothing else can use it.
"""

from __future__ import annotations

import math
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tutor.errors import InputError, ModelError
from tutor.llm.base import ChatMessage, GenerationParams, Timings
from tutor.llm.checks import check_messages, check_params, yes_share
from tutor.llm.relay import Relay

CONTEXT_TOKENS = 4096  # prompt + answer; the tutor's answer prompt is ~1,000 tokens
REPEAT_PENALTY = 1.05  # Qwen2.5's own generation config; higher makes quoting the notes harder
DEFAULT_PARAMS = GenerationParams()


def available() -> bool:
    """Whether the llama.cpp wheel is importable (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("xllamacpp") is not None


def cpu_threads() -> int:
    """Threads for llama.cpp: TUTOR_LLM_THREADS if set, else every CPU this process may run on.

    Measured on 2 cores (bench/llm_speed.py, 0.5B, answer prompt): 2 threads 23.5 tok/s and
    5.7 s to first token on an idle machine, 1 thread 13.9 tok/s and 10.4 s. But llama.cpp's
    threads meet at a barrier after every op, so on cores that are busy with other work one
    preempted thread stalls them all (135M on 2 busy cores: 2 threads 2-59 tok/s from run to
    run, 1 thread 19-45); on such a machine TUTOR_LLM_THREADS=1 is the steadier choice."""
    env = os.environ.get("TUTOR_LLM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class LlamaCppChatModel:
    """A GGUF model in llama.cpp behind the ChatModel protocol."""

    quant = "gguf"
    device = "cpu"

    def __init__(self, path: Path, *, name: str, context_tokens: int = CONTEXT_TOKENS) -> None:
        try:
            import xllamacpp
        except ImportError as exc:
            raise ModelError(
                "The llama.cpp engine (xllamacpp) is not installed.",
                "pip install xllamacpp==2026.10.11549, or pass --quant bf16.",
            ) from exc
        self.name = name
        self.path = path
        self.context_length = context_tokens
        self.last_timings: Timings | None = None
        # llama.cpp's own count for the last prompt: (tokens read, tokens reused from the
        # prompt cache); what bench/ttft.py reports, since count_tokens only estimates.
        self.last_prompt_tokens: tuple[int, int] | None = None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = context_tokens
        params.n_parallel = 1
        # llama.cpp's default polling (threads spin briefly between ops) is kept: with poll 0
        # they sleep instead, and on 2 busy cores decoding fell from ~4 to under 1 tok/s.
        # (Tried 2026-12-02; see cpu_threads for the thread count.)
        params.cpuparams.n_threads = params.cpuparams_batch.n_threads = cpu_threads()
        params.verbosity = -1
        params.warmup = False
        params.port = 0
        params.api_keys = [secrets.token_hex(16)]
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise ModelError(
                f"llama.cpp could not load {path.name}: {type(exc).__name__}: {str(exc)[:200]}",
                "Reinstall the model (`genai-tutor models pull NAME`) or pass --quant bf16.",
            ) from exc
        self.load_s = time.perf_counter() - started

    def stream(
        self,
        messages: list[ChatMessage],
        params: GenerationParams = DEFAULT_PARAMS,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they are generated; stop within 0.5 s of `cancel` being set.

        Bad messages or parameters raise InputError here, before any text is generated."""
        check_params(params)
        check_messages(messages)
        prompt_tokens = sum(self.count_tokens(m["content"]) + 4 for m in messages)
        room = self.context_length - prompt_tokens
        if room < 16:
            raise InputError(
                f"The prompt is about {prompt_tokens} tokens; the model takes "
                f"{self.context_length}.",
                "Ask a shorter question or send less context.",
            )
        request = {
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "max_tokens": min(params.max_new_tokens, room),
            "temperature": params.temperature,
            "top_p": params.top_p,
            "repeat_penalty": REPEAT_PENALTY,
            "stream": True,
        }
        if params.temperature == 0:
            request["top_k"] = 1  # greedy, whatever the sampler defaults are
        return self._stream(request, params, cancel)

    def _stream(
        self, request: dict[str, Any], params: GenerationParams, cancel: threading.Event | None
    ) -> Iterator[str]:
        relay = Relay(params.stop, cancel)
        self.last_prompt_tokens = None

        def on_chunk(chunk: Any) -> bool:
            if isinstance(chunk, dict) and "error" in chunk:
                relay.error(chunk["error"])
                return True
            if isinstance(chunk, dict) and isinstance(chunk.get("timings"), dict):
                read = chunk["timings"]
                self.last_prompt_tokens = (int(read.get("prompt_n", 0)),
                                           int(read.get("cache_n", 0)))
            for choice in (chunk or {}).get("choices", []):
                if text := (choice.get("delta") or {}).get("content"):
                    relay.text(text)
            return relay.cancelled  # True makes llama.cpp stop generating

        def run() -> None:
            try:
                result = self._server.handle_chat_completions(request, on_chunk)
                if isinstance(result, dict) and "error" in result:
                    relay.error(result["error"])
            except Exception as exc:  # surfaced to the consumer below
                relay.error(exc)
            relay.end()

        def on_error(value: Any, _so_far: int) -> None:
            raise ModelError(f"llama.cpp failed: {_error_text(value)}",
                             "See the log file; try a shorter question.")

        threading.Thread(target=run, daemon=True, name="tutor-llamacpp").start()
        try:
            yield from relay.drain(on_error)
        finally:
            self.last_timings = relay.timings(self.load_s)

    def prime(self, messages: list[ChatMessage]) -> None:
        """Read `messages` into the prompt cache now (one token generated, not kept): the
        next prompt that starts the same way, the answer prompt after its system prompt,
        reads only the rest. Saves the tutor's first answer ~75 tokens of prefill (0.3 s on 2
        idle cores, bench/ttft.py); later answers reuse the last prompt's prefix anyway."""
        for _ in self.stream(messages, GenerationParams(max_new_tokens=1)):
            pass

    def yes_probability(self, messages: list[ChatMessage]) -> float | None:
        """P(yes) / (P(yes) + P(no)) for the model's first reply token (greedy, one token):
        a yes/no question put to the model, read from its log-probabilities rather than from
        the word it happens to write. None when neither word is among its likely first tokens.

        The prompt cache makes this cheap when `messages` extend a prompt the model has just
        read, or is about to read (llama.cpp reuses the longest common prefix)."""
        check_messages(messages)
        request = {
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "max_tokens": 1,
            "temperature": 0,
            "top_k": 1,
            "logprobs": True,
            "top_logprobs": 20,
            "stream": False,
        }
        replies: list[Any] = []
        try:
            result = self._server.handle_chat_completions(request, replies.append)
        except Exception as exc:
            raise ModelError(f"llama.cpp failed: {_error_text(exc)}",
                             "See the log file; try a shorter question.") from exc
        reply = replies[-1] if replies else result
        if isinstance(reply, dict) and "error" in reply:
            raise ModelError(f"llama.cpp failed: {_error_text(reply['error'])}",
                             "See the log file; try a shorter question.")
        try:
            first = reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
        except (KeyError, IndexError, TypeError):
            return None
        return yes_share({c["token"]: c["logprob"] for c in first})

    def count_tokens(self, text: str) -> int:
        """An upper estimate (about 3 characters a token for English prose under the Qwen and
        SmolLM2 tokenizers); the wheel exposes no tokenizer call."""
        return math.ceil(len(text) / 3)


def _error_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("message") or value)[:300]
    return f"{type(value).__name__}: {value}"[:300] if isinstance(value, BaseException) else str(
        value
    )[:300]
