"""QuizService: the one object the CLI and the UI use: ask what is due, grade, dispute, progress."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from fsrs import Rating

from knowledge.types import Chunk
from tutor.errors import QuizError
from tutor.quiz import schedule
from tutor.quiz.bank import build_bank
from tutor.quiz.concepts import (
    CONCEPTS,
    DEMOS,
    best_text_matches,
    match_topic,
    topic_matches_text,
    unknown_topic,
)
from tutor.quiz.grading import MAX_ANSWER, grade_answer
from tutor.quiz.items import ConceptProgress, Grade, Item
from tutor.quiz.store import QuizStore
from tutor.text import strip_control

if TYPE_CHECKING:
    from knowledge.embedder import Embedder

WEAK_BELOW = 0.6  # retention on reviewed items under this marks a concept weak
KNOWN_AT = 0.8  # last answer right and recall still at least this likely: "known"
# what a last verdict is worth: a partly right answer is half known
VERDICT_CREDIT = {"correct": 1.0, "partly": 0.5, "incorrect": 0.0}


class QuizService:
    """Items from the notes, graded fairly, scheduled with FSRS, remembered in SQLite."""

    def __init__(
        self,
        db_path: Path,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        *,
        items: Sequence[Item] | None = None,
    ) -> None:
        """`items`, when given, is a bank already built from these chunks (saves a rebuild)."""
        self._embedder = embedder
        self.items = list(items) if items is not None else build_bank(chunks)
        if not self.items:
            raise QuizError(
                "The notes gave no quiz items.",
                "Add notes with definitions, lists or tables (Term: definition lines work well).",
            )
        self._by_id = {item.id: item for item in self.items}
        self.store = QuizStore(db_path)
        self.store.sync_items(self.items)
        self.notice = self.store.notice

    # questions -----------------------------------------------------------------
    def concepts(self) -> list[str]:
        """Known concepts in their usual order, then the notes' own section concepts as
        they come in the notes (a user's notes may have only those)."""
        first: dict[str, tuple[str, int]] = {}
        for index, item in enumerate(self.items):
            first.setdefault(item.concept, (item.note, index))
        known = [c for c in CONCEPTS if c in first]
        return known + sorted((c for c in first if c not in CONCEPTS), key=first.__getitem__)

    def _pool(self, topic: str | None) -> list[Item]:
        if topic is None or not topic.strip():
            return list(self.items)
        topic = strip_control(topic).strip()
        hits = match_topic(topic, self.concepts())
        if hits:
            return [i for i in self.items if i.concept in hits]
        pool = [i for i in self.items if topic_matches_text(topic, (i.section, i.question))]
        if not pool:
            texts = [(i.section, i.question, i.answer) for i in self.items]
            pool = [self.items[k] for k in best_text_matches(topic, texts)]
        if not pool:
            raise unknown_topic(topic, self.concepts())
        return pool

    def next_items(
        self, topic: str | None = None, n: int = 5, now: datetime | None = None
    ) -> list[Item]:
        """Due items first (most overdue first), then new ones in a stable mixed order."""
        if n < 1:
            raise QuizError(f"Cannot ask {n} questions.", "Ask for at least 1 question (--n 5).")
        now = schedule.utc(now)
        pool = self._pool(topic)
        cards = self.store.cards()
        due = sorted(
            (i for i in pool if i.id in cards and cards[i.id].due <= now),
            key=lambda i: cards[i.id].due,
        )
        new = sorted((i for i in pool if i.id not in cards), key=_mix_key)
        return (due + _spread(new))[:n]

    def get(self, item_id: str) -> Item:
        item = self._by_id.get(str(item_id).strip())
        if item is None:
            raise QuizError(
                f"There is no quiz item {item_id!r}.",
                "Item ids come from `genai-tutor quiz --json`; notes may have changed since.",
            )
        return item

    # answers ---------------------------------------------------------------------
    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.embed(list(texts))

    def grade(self, item_id: str, answer: str, now: datetime | None = None) -> Grade:
        """Grade one answer, record it and reschedule the item; committed before returning."""
        item = self.get(item_id)
        text = strip_control(answer if isinstance(answer, str) else "").strip()[:MAX_ANSWER]
        now = schedule.utc(now)
        result = grade_answer(item, text, self._embed)
        stored = self.store.card(item.id)
        card, created = stored if stored else (schedule.new_card(item.id, now), now)
        card = schedule.review(card, result.verdict, now)
        review_id = self.store.record(
            item.id,
            text,
            result.verdict,
            result.score,
            int(schedule.RATINGS[result.verdict]),
            now,
            card,
            created,
        )
        return Grade(
            result.verdict,
            result.score,
            result.missing,
            item.quote,
            item.source,
            review_id,
            item.answer,
        )

    def dispute(self, review_id: int) -> Grade:
        """The learner says the verdict was wrong: re-rate that review Good and replay the card."""
        review = self.store.review(int(review_id))
        if review is None:
            raise QuizError(
                f"There is no answer with review id {review_id}.",
                "Dispute right after a verdict, using the id it reported.",
            )
        item = self._by_id.get(review.item_id)
        if item is None:
            raise QuizError("That question is no longer in the notes.", "Nothing to dispute.")
        if not review.disputed:
            stored = self.store.card(item.id)
            created = stored[1] if stored else review.at
            history = [
                (Rating.Good if r.id == review.id else Rating(r.rating), r.at)
                for r in self.store.reviews(item.id)
            ]
            card = schedule.replay(item.id, created, history)
            self.store.mark_disputed(review.id, int(Rating.Good), card, created)
        return Grade(
            "correct", 1.0, [], item.quote, item.source, review.id, item.answer, disputed=True
        )

    # progress --------------------------------------------------------------------
    def progress(self, now: datetime | None = None) -> list[ConceptProgress]:
        """Per concept: mastery over all its items, known items, retention, weak or not."""
        now = schedule.utc(now)
        cards = self.store.cards()
        last: dict[str, tuple[float, bool]] = {}
        for r in self.store.reviews():
            last[r.item_id] = (
                1.0 if r.disputed else VERDICT_CREDIT.get(r.verdict, r.score),
                r.verdict == "incorrect" and not r.disputed,
            )
        out = []
        for concept in self.concepts():
            items = [i for i in self.items if i.concept == concept]
            seen = [i for i in items if i.id in cards and i.id in last]
            held = {i.id: last[i.id][0] * schedule.retrievability(cards[i.id], now) for i in seen}
            missed = [i.source for i in seen if last[i.id][1]]
            retention = float(np.mean(list(held.values()))) if held else 0.0
            notes = list(dict.fromkeys(missed or [i.source for i in items]))[:3]
            out.append(
                ConceptProgress(
                    concept=concept,
                    mastery=sum(held.values()) / len(items),
                    reviewed=len(seen),
                    due=sum(1 for i in seen if cards[i.id].due <= now),
                    weak=bool(missed) or (bool(seen) and retention < WEAK_BELOW),
                    demo=DEMOS.get(concept),
                    notes=notes,
                    items=len(items),
                    known=sum(1 for v in held.values() if v >= KNOWN_AT),
                    retention=retention,
                )
            )
        return out


def _mix_key(item: Item) -> str:
    return hashlib.sha1(item.id.encode()).hexdigest()


def _spread(items: list[Item]) -> list[Item]:
    """Avoid asking about the same answer twice in a row (its mcq and its free question)."""
    out: list[Item] = []
    later: list[Item] = []
    seen: set[str] = set()
    for item in items:
        key = item.note + item.section
        (later if key in seen else out).append(item)
        seen.add(key)
    return out + later
