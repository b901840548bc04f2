"""SQLite files the tutor keeps under TUTOR_HOME (quiz progress, sessions): opened in WAL
mode with a busy timeout, checked by quick_check, and told apart when they fail: a
damaged file (moved aside for a fresh one) versus one merely busy in another process."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

BUSY_TIMEOUT_S = 30.0
_CORRUPT = ("file is not a database", "malformed", "quick_check failed", "not a database")


def is_corruption(exc: BaseException) -> bool:
    """True for SQLite errors that mean the file is damaged, not merely busy."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(m in text for m in _CORRUPT)


def open_sqlite(path: Path) -> sqlite3.Connection:
    """An autocommit connection in WAL mode with a busy timeout, checked by quick_check
    (a damaged file raises sqlite3.DatabaseError; see `is_corruption`)."""
    db = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
    )
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        ok = db.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        # A new file returns freed pages on `incremental_vacuum` (sessions prune old
        # checkpoints every turn); the WAL is cut back to 1 MiB after each checkpoint.
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA journal_size_limit = 1048576")
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) out of the way; the new name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.replace(backup)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(backup.with_name(backup.name + suffix))
    return backup


def check_file(path: Path) -> str | None:
    """None when `path` is absent or a healthy database; else what is wrong with it.
    Read-only (doctor must not change the file it checks); a busy file counts as healthy."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc) if is_corruption(exc) else None
    return None if ok and ok[0] == "ok" else f"quick_check failed: {ok[0] if ok else ''}"
