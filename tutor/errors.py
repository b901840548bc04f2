"""One error family: a TutorError is shown to the user as it is; anything else is a bug."""

from __future__ import annotations


class TutorError(Exception):
    """An expected failure with a message for the user and a hint on what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(TutorError):
    """The user's input (a question, an argument, a file) cannot be used."""


class ModelError(TutorError):
    """A model could not be found, converted or loaded."""


class KnowledgeError(TutorError):
    """The notes or their index cannot be read or built."""


class DemoError(TutorError):
    """A demo was asked for with an unknown name or invalid arguments, or failed."""


class QuizError(TutorError):
    """The quiz bank or its progress store cannot be used."""
