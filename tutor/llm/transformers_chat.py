"""The transformers backend of ChatModel: chat template in, streamed text out.

`generate` runs in a thread and hands text to a `TextIteratorStreamer`; a stopping criterion
checks the cancel event after every token and records when tokens arrive, which gives the
time to first token and the decode rate of every answer. Only imported lazily (it pulls in
torch and transformers).
"""

from __future__ import annotations

import copy
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import torch
from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

from tutor.errors import InputError, ModelError
from tutor.llm.base import ChatMessage, GenerationParams, Timings
from tutor.llm.checks import check_messages as _check_messages
from tutor.llm.checks import check_params as _check_params
from tutor.llm.stops import StopScanner

POLL_S = 0.05  # how often the consumer looks at the cancel event while waiting for text
DEFAULT_PARAMS = GenerationParams()


class _Watch(StoppingCriteria):
    """Stops generation when asked, and notes when each token arrived."""

    def __init__(self, prompt_len: int, events: tuple[threading.Event, ...]) -> None:
        self.prompt_len = prompt_len
        self.events = events
        self.first: float | None = None
        self.last: float | None = None
        self.new_tokens = 0

    def __call__(
        self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **_: Any
    ) -> torch.BoolTensor:
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        self.last = now
        self.new_tokens = int(input_ids.shape[-1]) - self.prompt_len
        stop = any(event.is_set() for event in self.events)
        return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)

    def timings(self, started: float, load_s: float) -> Timings:
        if self.first is None or self.last is None:
            return Timings(load_s=load_s, ttft_s=0.0, decode_tok_s=0.0, new_tokens=0)
        span = self.last - self.first
        rate = (self.new_tokens - 1) / span if self.new_tokens > 1 and span > 0 else 0.0
        return Timings(
            load_s=load_s,
            ttft_s=self.first - started,
            decode_tok_s=rate,
            new_tokens=self.new_tokens,
        )


def model_thread() -> ThreadPoolExecutor:
    """The one thread that loads a model and runs all its generations."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-llm")


class TransformersChatModel:
    """A causal LM and its tokenizer behind the ChatModel protocol."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        name: str,
        quant: str,
        device: str,
        load_s: float,
        convert_s: float = 0.0,
        repetition_penalty: float = 1.15,
        worker: ThreadPoolExecutor | None = None,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.quant = quant
        self.device = device
        self.load_s = load_s
        self.convert_s = convert_s
        self.repetition_penalty = repetition_penalty
        self.last_timings: Timings | None = None
        self._generating = threading.Lock()  # one generate at a time per model
        # Generation runs on the thread that loaded the weights: on CPU, bitsandbytes models
        # decode ~1.7x slower on any other thread (measured: 19 vs 11 tok/s, nf4, 2 cores).
        self._worker = worker or model_thread()
        limit = getattr(model.config, "max_position_embeddings", None)
        self.context_length: int = int(limit) if isinstance(limit, int) and limit > 0 else 2048

    # -- ChatModel -------------------------------------------------------------------------

    def stream(
        self,
        messages: list[ChatMessage],
        params: GenerationParams = DEFAULT_PARAMS,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they are generated; stop within 0.5 s of `cancel` being set.

        Bad messages or parameters raise InputError here, before any text is generated.
        """
        _check_params(params)
        started = time.perf_counter()
        inputs = self._encode(messages)
        prompt_len = int(inputs["input_ids"].shape[-1])
        max_new = self._budget(prompt_len, params.max_new_tokens)
        return self._generate_stream(inputs, prompt_len, max_new, params, cancel, started)

    def _generate_stream(
        self,
        inputs: Any,
        prompt_len: int,
        max_new: int,
        params: GenerationParams,
        cancel: threading.Event | None,
        started: float,
    ) -> Iterator[str]:
        halt = threading.Event()
        watch = _Watch(prompt_len, (halt,) if cancel is None else (halt, cancel))
        streamer = TextIteratorStreamer(
            self.tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=POLL_S
        )
        errors: list[BaseException] = []

        def run() -> None:
            with self._generating:
                try:
                    if not halt.is_set():
                        self.model.generate(
                            **inputs,
                            streamer=streamer,
                            stopping_criteria=StoppingCriteriaList([watch]),
                            generation_config=self._generation_config(params, max_new),
                        )
                        return
                except BaseException as exc:  # surfaced to the consumer below
                    errors.append(exc)
                streamer.end()

        self._worker.submit(run)
        scanner = StopScanner(params.stop)
        try:
            for piece in _pieces(streamer, cancel):
                text = scanner.feed(piece)
                if text:
                    yield text
                if scanner.stopped:
                    break
            else:
                tail = scanner.flush()
                if tail and not (cancel is not None and cancel.is_set()):
                    yield tail
            if errors:
                raise ModelError(
                    f"Generation failed: {type(errors[0]).__name__}: {errors[0]}",
                    "See the log file; try a smaller --quant or a shorter question.",
                )
        finally:
            halt.set()  # also covers a consumer that stops iterating early
            self.last_timings = watch.timings(started, self.load_s)

    def count_tokens(self, text: str) -> int:
        """Tokens in `text` under this model's tokenizer (for context budgeting)."""
        return len(self.tokenizer.encode(text, add_special_tokens=False))

    # -- helpers ---------------------------------------------------------------------------

    @property
    def lock(self) -> threading.Lock:
        """Held while the model generates; a demo reading the shared model takes it while it
        changes the model's settings (the attention demo switches to eager attention)."""
        return self._generating

    def _encode(self, messages: list[ChatMessage]) -> Any:
        _check_messages(messages)
        plain = [{"role": m["role"], "content": m["content"]} for m in messages]
        if self.tokenizer.chat_template:
            encoded = self.tokenizer.apply_chat_template(
                plain,
                add_generation_prompt=True,
                return_tensors="pt",
                return_dict=True,
            )
        else:  # a base model without a template: a plain transcript still works
            text = "".join(f"{m['role']}: {m['content']}\n" for m in plain) + "assistant:"
            encoded = self.tokenizer(text, return_tensors="pt")
        return {key: value.to(self.model.device) for key, value in encoded.items()}

    def _budget(self, prompt_len: int, wanted: int) -> int:
        room = self.context_length - prompt_len
        if room < 1:
            raise InputError(
                f"The prompt is {prompt_len} tokens; the model takes {self.context_length}.",
                "Ask a shorter question or send less context.",
            )
        return min(wanted, room)

    def _generation_config(self, params: GenerationParams, max_new: int) -> Any:
        config = copy.deepcopy(self.model.generation_config)
        config.max_new_tokens = max_new
        config.max_length = None
        config.repetition_penalty = self.repetition_penalty
        if config.pad_token_id is None:
            config.pad_token_id = self.tokenizer.pad_token_id or self.tokenizer.eos_token_id
        if params.temperature > 0:
            config.do_sample = True
            config.temperature, config.top_p = params.temperature, params.top_p
        else:  # greedy; unset the sampling knobs so transformers does not warn about them
            config.do_sample = False
            config.temperature = config.top_p = config.top_k = None
        return config


def _pieces(streamer: TextIteratorStreamer, cancel: threading.Event | None) -> Iterator[str]:
    """Streamer output, polled so that a cancel is noticed even while no text arrives."""
    while not (cancel is not None and cancel.is_set()):
        try:
            piece = next(streamer)
        except queue.Empty:
            continue
        except StopIteration:
            return
        yield piece
