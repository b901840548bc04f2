"""The tutor's brain: a LangGraph graph that routes each message without the LLM, answers
from the notes with citations, quotes and a faithfulness check, launches allow-listed demos
and quizzes, and remembers conversations. The CLI and the UI use only `Tutor` and the
events in `tutor.agent.events`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.agent.events import (
    AgentEvent,
    Answer,
    Citation,
    DemoControl,
    DemoRequest,
    Notice,
    QuizRequest,
    Quote,
    Resampled,
    Retrieved,
    Route,
    Routed,
    Token,
)
from tutor.agent.sessions import SessionInfo, export_markdown

if TYPE_CHECKING:
    from tutor.agent.core import Tutor

__all__ = [
    "AgentEvent",
    "Answer",
    "Citation",
    "DemoControl",
    "DemoRequest",
    "Notice",
    "QuizRequest",
    "Quote",
    "Resampled",
    "Retrieved",
    "Route",
    "Routed",
    "SessionInfo",
    "Token",
    "Tutor",
    "export_markdown",
]


def __getattr__(name: str) -> Any:
    # `Tutor` brings LangGraph and the graph (~0.5 s): only what builds one pays for it, not
    # `route` or the router's own imports of this package.
    if name == "Tutor":
        from tutor.agent.core import Tutor

        return Tutor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
