"""The quiz: items grounded in the notes, fair grading without an LLM, FSRS scheduling in SQLite.

Light to import (no torch): the embedder is passed in by the caller.
"""

from __future__ import annotations

from tutor.quiz.bank import build_bank
from tutor.quiz.items import ConceptProgress, Grade, Item
from tutor.quiz.plain import progress_table, run_plain_quiz
from tutor.quiz.service import QuizService

__all__ = [
    "ConceptProgress",
    "Grade",
    "Item",
    "QuizService",
    "build_bank",
    "progress_table",
    "run_plain_quiz",
]
