"""A ChatModel that talks to any OpenAI-compatible server (llama.cpp, vLLM, Ollama, LM Studio).

`--model openai:MODEL@http://HOST:PORT/v1`. The stream is read in a thread so that a cancel is
noticed within relay.POLL_S and the HTTP stream closed at once. A server that dies mid-answer keeps
the text so far: the iterator ends and `last_incomplete` is set (with `last_error`).
The API key comes from TUTOR_API_KEY or OPENAI_API_KEY and is never logged. A server that sends
no word for `timeout_s` (60 s) is "busy": a clear ModelError, and the request is not retried.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from tutor.errors import InputError, ModelError
from tutor.llm.base import ChatMessage, GenerationParams, Timings
from tutor.llm.relay import Relay

PREFIX = "openai:"
KEY_ENV = ("TUTOR_API_KEY", "OPENAI_API_KEY")
DEFAULT_PARAMS = GenerationParams()


def parse_spec(spec: str) -> tuple[str, str]:
    """`openai:MODEL@URL` -> (MODEL, URL); InputError when malformed."""
    body = spec.strip()[len(PREFIX):]
    model, sep, url = body.rpartition("@")
    if not sep or not model or not url.startswith(("http://", "https://")):
        raise InputError(
            f"Bad model spec {spec!r}.", "Use openai:MODEL@http://HOST:PORT/v1."
        )
    return model, url.rstrip("/")


class OpenAIChatModel:
    """An OpenAI-compatible chat server behind the ChatModel protocol."""

    def __init__(
        self, model: str, base_url: str, *, timeout_s: float = 60.0, max_retries: int = 2
    ) -> None:
        import openai

        self.name, self.base_url = model, base_url
        self.quant, self.device = "server", base_url
        self.load_s = 0.0
        self.last_timings: Timings | None = None
        self.last_incomplete = False
        self.last_error = ""
        self.timeout_s = timeout_s
        key = next((os.environ[k] for k in KEY_ENV if os.environ.get(k)), "no-key")
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=key,
            timeout=openai.Timeout(timeout_s, connect=min(5.0, timeout_s)),
            max_retries=max_retries,
        )

    def connect(self) -> OpenAIChatModel:
        """Check the server answers and serves this model; ModelError otherwise."""
        started = time.perf_counter()
        ids = self.models(retries=0)  # asked once: a wrong address is said at once
        if self.name not in ids:
            raise ModelError(
                f"The server at {self.base_url} has no model {self.name!r}.",
                f"It serves: {', '.join(ids) or 'nothing'}.",
            )
        self.load_s = time.perf_counter() - started
        return self

    def models(self, retries: int | None = None) -> list[str]:
        client = self._client if retries is None else self._client.with_options(
            max_retries=retries
        )
        try:
            return [m.id for m in client.models.list()]
        except Exception as exc:
            raise self._error(exc) from exc

    def _error(self, exc: BaseException) -> ModelError:
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return ModelError(
                f"The model server at {self.base_url} is busy: no reply in {self.timeout_s} s.",
                "Try again in a moment.",
            )
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(
                f"Cannot reach the model server at {self.base_url} (down or refused).",
                "Start it with `genai-tutor serve-model`, or check the address.",
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelError(
                f"The model server returned HTTP {exc.status_code}: {str(exc)[:200]}",
                "Check the model name and the API key (TUTOR_API_KEY).",
            )
        return ModelError(f"Model server error: {type(exc).__name__}: {str(exc)[:200]}")

    def stream(
        self,
        messages: list[ChatMessage],
        params: GenerationParams = DEFAULT_PARAMS,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        """Yield text pieces; stop within 0.5 s of `cancel`; keep partial text on a dying server."""
        if not messages:
            raise InputError("No messages to answer.", "Send at least one user message.")
        return self._stream(messages, params, cancel)

    def _stream(
        self, messages: list[ChatMessage], params: GenerationParams, cancel: threading.Event | None
    ) -> Iterator[str]:
        relay = Relay(params.stop, cancel)
        holder: list[Any] = []

        def read() -> None:
            try:
                # Never sent twice: a request that timed out may still be queued or running on
                # the server, and sending it again would only lengthen a busy server's queue.
                client = self._client.with_options(max_retries=0)
                response = client.chat.completions.create(
                    model=self.name,
                    messages=[{"role": m["role"], "content": m["content"]} for m in messages],
                    max_tokens=params.max_new_tokens,
                    temperature=params.temperature,
                    top_p=params.top_p,
                    stream=True,
                )
                holder.append(response)
                for chunk in response:
                    if relay.halt.is_set():
                        break
                    for choice in chunk.choices:
                        if choice.delta and choice.delta.content:
                            relay.text(choice.delta.content)
                relay.end()
            except BaseException as exc:
                relay.error(exc)

        def on_error(exc: Any, so_far: int) -> None:
            if so_far == 0:
                raise self._error(exc) from exc
            self.last_incomplete, self.last_error = True, str(self._error(exc))

        threading.Thread(target=read, daemon=True, name="tutor-openai").start()
        self.last_incomplete, self.last_error = False, ""
        try:
            yield from relay.drain(on_error)
        finally:
            for response in holder:
                with contextlib.suppress(Exception):
                    response.close()
            self.last_timings = relay.timings(self.load_s)

    def count_tokens(self, text: str) -> int:
        """An approximation (about 3 characters a token, on the high side): the OpenAI API has
        no tokenizer endpoint."""
        return math.ceil(len(text) / 3)
