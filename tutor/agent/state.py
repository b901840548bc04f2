"""The graph's state: plain, checkpointable data (dicts and strings, no model objects)."""

from __future__ import annotations

import operator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypedDict

Mode = Literal["chat", "demo", "quiz"]


class Message(TypedDict, total=False):
    role: str  # "user" | "assistant"
    content: str
    time: str  # ISO 8601, UTC
    citations: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    incomplete: bool  # the answer was cut off (the model server stopped mid-answer)
    beyond_notes: bool  # the answer ends with the model's own, unverified sentences


class State(TypedDict, total=False):
    messages: Annotated[list[Message], operator.add]  # the whole conversation, appended per turn
    mode: Mode
    demo_running: str | None  # given by the caller each turn
    route: dict[str, Any] | None  # Route.as_dict() of this turn, None when refused
    query: str  # the retrieval query (the question, plus context for a follow-up)
    last_query: str  # the previous answer's retrieval query, for follow-ups
    passages: list[dict[str, Any]]  # retrieved Passages as dicts
    draft: str  # the model's raw answer before the check
    incomplete: bool  # this turn's draft was cut off: the model's stream ended early
    pending_tool: dict[str, Any] | None  # the demo / control / quiz call handed to the caller
    quiz: dict[str, Any] | None  # {"topic": ...} while a quiz was asked for
    prompt: list[dict[str, str]] | None  # this turn's answer prompt (ChatMessages), if generated
    # The last answered question: its prompt, passages, shown text and sampling settings,
    # so "/resample 0.9" can run the same prompt again.
    last_answer: dict[str, Any] | None
    resample_of: dict[str, Any] | None  # this turn re-samples that answer


def message(role: str, content: str, **extra: Any) -> Message:
    return Message(
        role=role, content=content, time=datetime.now(UTC).isoformat(timespec="seconds"), **extra
    )
