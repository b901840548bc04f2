"""Checks every backend runs on a request before generating: bad input fails at once."""

from __future__ import annotations

from tutor.errors import InputError
from tutor.llm.base import ChatMessage, GenerationParams

ROLES = frozenset({"system", "user", "assistant", "tool"})


def check_params(params: GenerationParams) -> None:
    if params.max_new_tokens < 1:
        raise InputError("max_new_tokens must be at least 1.", "Pass a positive number of tokens.")
    if params.temperature < 0:
        raise InputError("temperature must be 0 (greedy) or more.", "Pass a temperature ≥ 0.")
    if not 0 < params.top_p <= 1:
        raise InputError("top_p must be in (0, 1].", "Pass a top_p such as 0.9 or 1.0.")


def check_messages(messages: list[ChatMessage]) -> None:
    if not messages:
        raise InputError("No messages to answer.", "Send at least one user message.")
    for message in messages:
        if (
            not isinstance(message, dict)
            or message.get("role") not in ROLES
            or not isinstance(message.get("content"), str)
        ):
            raise InputError(
                f"Bad chat message: {str(message)[:80]}",
                "Each message needs a role (system/user/assistant/tool) and text content.",
            )


def yes_share(first_token_logprobs: dict[str, float]) -> float | None:
    """P(yes) / (P(yes) + P(no)) from a reply's first-token log-probabilities, any case and
    leading space ("Yes", " yes", "YES"); None when neither word is among them. Every backend
    that answers a yes/no question by log-probabilities reads them through this."""
    import math

    yes = no = 0.0
    for token, logprob in first_token_logprobs.items():
        word = token.strip().lower()
        if word == "yes":
            yes += math.exp(logprob)
        elif word == "no":
            no += math.exp(logprob)
    return yes / (yes + no) if yes + no > 0 else None
