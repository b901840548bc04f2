"""Plain data the quiz hands to the CLI and the UI: items, grades and per-concept progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from knowledge.types import SECTION_SEP

Kind = Literal["mcq", "cloze", "free", "list"]
Verdict = Literal["correct", "partly", "incorrect"]
KINDS: tuple[str, ...] = ("mcq", "cloze", "free", "list")
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Item:
    """One question grounded in one note section; `quote` holds the note's own words."""

    id: str
    concept: str
    kind: Kind
    question: str
    choices: list[str]
    answer: str
    key_facts: list[str]
    note: str
    section: str
    quote: str
    # answers of sibling items (same list/section); grading uses them to spot
    # wrong-but-related answers ("that describes the generator")
    siblings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # how much each word of the answer matters (IDF over the notes; see weights.py)
    weights: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def source(self) -> str:
        return f"{self.note}{SECTION_SEP}{self.section}" if self.section else self.note

    def as_json(self) -> dict[str, object]:
        """What a learner may see before answering: never the answer."""
        return {
            "id": self.id,
            "concept": self.concept,
            "question": self.question,
            "choices": list(self.choices),
            "source": self.source,
        }


@dataclass(frozen=True)
class Grade:
    """A verdict on one answer, with what was missing and the note's words that answer it."""

    verdict: Verdict
    score: float
    missing: list[str]
    quote: str
    source: str
    review_id: int = 0
    answer: str = ""  # the reference answer, shown after grading
    disputed: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "score": round(self.score, 3),
            "missing": list(self.missing),
            "quote": self.quote,
            "source": self.source,
        }


@dataclass(frozen=True)
class ConceptProgress:
    """How much of one concept the learner knows now.

    `mastery` is over all the concept's items (unseen ones count 0): the mean of each item's
    last score times its FSRS retrievability today. `known` counts items last answered right
    and still likely recalled; `retention` is the same mean over reviewed items only.
    """

    concept: str
    mastery: float
    reviewed: int
    due: int
    weak: bool
    demo: str | None
    notes: list[str]
    items: int = 0
    known: int = 0
    retention: float = 0.0

    @property
    def due_label(self) -> str:
        """What a progress table shows as due: "new" for a concept never reviewed (nothing
        of it can be due yet, and "0" would read as "all caught up"), else the count."""
        return str(self.due) if self.reviewed else "new"

    def as_json(self) -> dict[str, object]:
        return {
            "concept": self.concept,
            "mastery": round(self.mastery, 3),
            "reviewed": self.reviewed,
            "due": self.due,
            "weak": self.weak,
            "demo": self.demo,
            "notes": list(self.notes),
            "items": self.items,
            "known": self.known,
            "retention": round(self.retention, 3),
        }
