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
