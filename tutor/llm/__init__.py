"""The tutor's voice: a small ChatModel protocol and its transformers backend."""

from tutor.llm.base import ChatMessage, ChatModel, GenerationParams, Timings

__all__ = ["ChatMessage", "ChatModel", "GenerationParams", "Timings"]
