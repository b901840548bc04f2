"""Quiz memory in SQLite: items, one FSRS card per item, and every review.

Each answer is committed as it is recorded, so a crash mid-quiz loses nothing answered.
WAL and a busy timeout let two processes (the app and a CLI `grade`) write at once; one
lock serialises this process's threads on the shared connection, so transactions never
nest. Only real corruption (the file is not a database, or quick_check fails) moves the
file aside for a fresh store, with a notice saying so; "database is locked" never does.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from fsrs import Card

from tutor.dbfile import is_corruption, move_aside, open_sqlite
from tutor.errors import QuizError
from tutor.quiz.items import Item

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, concept TEXT NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL,
    section TEXT NOT NULL, data TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS cards (
    item_id TEXT PRIMARY KEY, card TEXT NOT NULL, created TEXT NOT NULL, due TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, answer TEXT NOT NULL,
    verdict TEXT NOT NULL, score REAL NOT NULL, rating INTEGER NOT NULL, at TEXT NOT NULL,
    disputed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS reviews_item ON reviews(item_id);
"""
VERSION = "1"
@dataclass(frozen=True)
class Review:
    id: int
    item_id: str
    answer: str
    verdict: str
    score: float
    rating: int
    at: datetime
    disputed: bool


class QuizStore:
    """Thin SQLite layer; every write commits before returning."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        self._lock = threading.RLock()
        if self.path.is_dir():
            raise QuizError(
                f"The quiz database path {self.path} is a folder.",
                "Point TUTOR_HOME at a writable folder; the quiz keeps quiz.sqlite there.",
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise QuizError(
                    f"The quiz database {self.path} is busy or cannot be read: {exc}.",
                    "Another tutor may be writing to it; try again in a moment.",
                ) from exc
            self._db = self._recover()
        except OSError as exc:
            raise QuizError(
                f"Cannot open the quiz database {self.path}: {exc}.",
                "Check that TUTOR_HOME is writable.",
            ) from exc

    def _open(self) -> sqlite3.Connection:
        db = open_sqlite(self.path)
        try:
            db.executescript(SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (VERSION,))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _recover(self) -> sqlite3.Connection:
        try:
            backup = move_aside(self.path)
            db = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise QuizError(
                f"The quiz database {self.path} is damaged and could not be replaced.",
                f"Move or delete {self.path} and start again.",
            ) from exc
        self.notice = (  # only once the fresh store is open: never a notice for a failure
            f"The quiz progress file was damaged; it was moved to {backup.name} "
            "and a fresh one started."
        )
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _all(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # items -----------------------------------------------------------------
    def sync_items(self, items: Sequence[Item]) -> None:
        """Store the current bank; items no longer in the notes are kept but marked inactive."""
        with self._tx():
            self._db.execute("UPDATE items SET active = 0")
            self._db.executemany(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET "
                "concept=excluded.concept, kind=excluded.kind, data=excluded.data, active=1",
                [
                    (i.id, i.concept, i.kind, i.note, i.section, json.dumps(_item_data(i)))
                    for i in items
                ],
            )

    def active_ids(self) -> set[str]:
        return {r[0] for r in self._all("SELECT id FROM items WHERE active = 1")}

    # cards and reviews ---------------------------------------------------------
    def cards(self) -> dict[str, Card]:
        rows = self._all("SELECT item_id, card FROM cards")
        return {item_id: Card.from_dict(json.loads(card)) for item_id, card in rows}

    def card(self, item_id: str) -> tuple[Card, datetime] | None:
        rows = self._all("SELECT card, created FROM cards WHERE item_id = ?", (item_id,))
        row = rows[0] if rows else None
        return (Card.from_dict(json.loads(row[0])), datetime.fromisoformat(row[1])) if row else None

    def record(
        self,
        item_id: str,
        answer: str,
        verdict: str,
        score: float,
        rating: int,
        at: datetime,
        card: Card,
        created: datetime,
    ) -> int:
        """One review and the card it produced, committed together."""
        with self._tx():
            cur = self._db.execute(
                "INSERT INTO reviews (item_id, answer, verdict, score, rating, at) "
                "VALUES (?,?,?,?,?,?)",
                (item_id, answer, verdict, score, rating, at.isoformat()),
            )
            self._put_card(item_id, card, created)
        return int(cur.lastrowid or 0)

    def _put_card(self, item_id: str, card: Card, created: datetime) -> None:
        self._db.execute(
            "INSERT INTO cards VALUES (?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET "
            "card=excluded.card, due=excluded.due",
            (item_id, json.dumps(card.to_dict()), created.isoformat(), card.due.isoformat()),
        )

    def mark_disputed(self, review_id: int, rating: int, card: Card, created: datetime) -> None:
        with self._tx():
            row = self._db.execute(
                "SELECT item_id FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            self._db.execute(
                "UPDATE reviews SET disputed = 1, rating = ? WHERE id = ?", (rating, review_id)
            )
            self._put_card(row[0], card, created)

    def review(self, review_id: int) -> Review | None:
        rows = self._all("SELECT * FROM reviews WHERE id = ?", (review_id,))
        return _review(rows[0]) if rows else None

    def reviews(self, item_id: str | None = None) -> list[Review]:
        if item_id is None:
            rows = self._all("SELECT * FROM reviews ORDER BY id")
        else:
            rows = self._all("SELECT * FROM reviews WHERE item_id = ? ORDER BY id", (item_id,))
        return [_review(r) for r in rows]

    def _tx(self) -> _Tx:
        return _Tx(self._db, self._lock)


class _Tx:
    """BEGIN ... COMMIT (or ROLLBACK) on an autocommit connection, holding the store's
    lock throughout so no other thread's statement lands inside (or nests a BEGIN)."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> None:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()


def _item_data(item: Item) -> dict[str, object]:
    data = asdict(item)
    data["siblings"] = list(item.siblings)
    return data


def _review(row: tuple) -> Review:
    rid, item_id, answer, verdict, score, rating, at, disputed = row
    return Review(
        int(rid),
        item_id,
        answer,
        verdict,
        float(score),
        int(rating),
        datetime.fromisoformat(at),
        bool(disputed),
    )
