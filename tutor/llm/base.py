"""The ChatModel protocol: stream tokens for a list of chat messages, and say how fast."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, TypedDict


class ChatMessage(TypedDict):
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class GenerationParams:
    max_new_tokens: int = 256
    temperature: float = 0.0  # 0 means greedy
    top_p: float = 1.0
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timings:
    """Figures for one answer; load_s is the model's own load time."""

    load_s: float
    ttft_s: float
    decode_tok_s: float
    new_tokens: int


class ChatModel(Protocol):
    """What the agent needs from a language model. Larger models plug in unchanged."""

    name: str
    quant: str
    device: str
    load_s: float
    last_timings: Timings | None

    def stream(
        self,
        messages: list[ChatMessage],
        params: GenerationParams = GenerationParams(),
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they are generated; stop within 0.5 s of `cancel` being set."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens in `text` under this model's tokenizer (for context budgeting)."""
        ...
