"""The tutor's voice: a small ChatModel protocol and its transformers backend.

Importing this package stays light (no torch, no transformers); the backend is imported
only when a model is actually loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tutor.llm.base import ChatMessage, ChatModel, GenerationParams, Timings

if TYPE_CHECKING:
    from tutor.settings import Settings

__all__ = [
    "ChatMessage",
    "ChatModel",
    "GenerationParams",
    "Timings",
    "load_chat_model",
    "load_tokenizer",
]


def _silent(_: str) -> None:
    pass


def load_chat_model(settings: Settings, progress: Callable[[str], None] = _silent) -> ChatModel:
    """Load the model `settings.model` names with `settings.quant` on `settings.device`.

    A GGUF source is converted once into a safetensors cache under `settings.models_dir`
    (progress lines go to `progress`). Raises ModelError / InputError with a hint on failure.
    """
    from tutor.llm.loading import load_chat_model as load

    return load(settings, progress)


def load_tokenizer(settings: Settings) -> Any:
    """The configured model's Hugging Face tokenizer, without loading its weights."""
    from tutor.llm.loading import load_tokenizer as load

    return load(settings)
