"""Spaced repetition with FSRS (py-fsrs): a verdict becomes a rating, a rating moves the due date.

Fuzzing is off so the same answers give the same schedule (tests and disputes replay logs).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from tutor.quiz.items import Verdict

SCHEDULER = Scheduler(enable_fuzzing=False)
RATINGS: dict[str, Rating] = {
    "correct": Rating.Good,
    "partly": Rating.Hard,
    "incorrect": Rating.Again,
}


def utc(now: datetime | None = None) -> datetime:
    """An aware UTC datetime, as fsrs requires."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def card_id_for(item_id: str) -> int:
    """A stable integer id from the item's hex id (fits SQLite and JSON)."""
    return int(item_id[:12], 16)


def new_card(item_id: str, now: datetime) -> Card:
    return Card(card_id=card_id_for(item_id), due=utc(now))


def review(card: Card, verdict: Verdict, now: datetime) -> Card:
    reviewed, _ = SCHEDULER.review_card(card, RATINGS[verdict], review_datetime=utc(now))
    return reviewed


def replay(item_id: str, created: datetime, history: Sequence[tuple[Rating, datetime]]) -> Card:
    """The card as if these ratings had been given: used after a dispute re-rates a review."""
    card = new_card(item_id, created)
    for rating, at in sorted(history, key=lambda h: h[1]):
        card, _ = SCHEDULER.review_card(card, rating, review_datetime=utc(at))
    return card


def retrievability(card: Card, now: datetime) -> float:
    return float(SCHEDULER.get_card_retrievability(card, utc(now)))
