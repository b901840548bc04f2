"""Conversations that persist: a SqliteSaver checkpointer per sessions file, one thread per
session name, and helpers to list, rename, delete and export them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.agent.events import INCOMPLETE_NOTICE
from tutor.dbfile import is_corruption, move_aside, open_sqlite
from tutor.errors import InputError, TutorError

MAX_NAME = 80


@dataclass(frozen=True)
class SessionInfo:
    name: str
    last_time: str  # ISO time of the last message, "" if none
    turns: int  # user messages


def open_checkpointer(path: Path | None) -> Any:
    """SqliteSaver on `path` (created if needed), or an in-memory saver when None."""
    return open_sessions(path)[0]


def open_sessions(path: Path | None) -> tuple[Any, str | None]:
    """The checkpointer and a notice for the learner, if any: a damaged sessions file is
    moved aside and a fresh one started (as the quiz store does), so ask, chat and the
    app keep working; a file merely busy in another process is waited for."""
    if path is None:
        from langgraph.checkpoint.memory import InMemorySaver

        return InMemorySaver(), None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _saver(path), None
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise TutorError(
                f"The sessions file {path} is busy or cannot be read: {exc}.",
                "Another tutor may be writing to it; try again in a moment.",
            ) from exc
    try:
        backup = move_aside(path)
        saver = _saver(path)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise TutorError(
            f"The sessions file {path} is damaged and could not be replaced.",
            f"Move or delete {path} and start again.",
        ) from exc
    return saver, (
        f"The saved conversations file was damaged; it was moved to {backup.name} "
        "and a fresh one started."
    )


def _saver(path: Path) -> Any:
    from langgraph.checkpoint.sqlite import SqliteSaver

    saver = SqliteSaver(open_sqlite(path))
    saver.setup()
    return saver


def check_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > MAX_NAME or any(ord(c) < 32 for c in clean):
        raise InputError(
            f"{name!r} is not a usable session name.", f"Use 1 to {MAX_NAME} printable characters."
        )
    return clean


def thread_ids(saver: Any) -> list[str]:
    if hasattr(saver, "conn"):
        with saver.lock:
            rows = saver.conn.execute(
                "SELECT DISTINCT thread_id FROM checkpoints ORDER BY thread_id"
            ).fetchall()
        return [r[0] for r in rows]
    return sorted({c.config["configurable"]["thread_id"] for c in saver.list(None)})


def keep_latest(saver: Any, thread: str) -> None:
    """Drop every checkpoint of `thread` but the newest, and their pending writes.

    LangGraph saves a checkpoint after every step of a turn, each holding the whole state,
    so a session grew by about 320 KB a turn (bench/sessions.py). Resuming, the history and
    /resample read only the newest; nothing here reads older ones (no time travel)."""
    if not hasattr(saver, "conn"):  # the in-memory saver of one-off runs: nothing to keep
        return
    with saver.lock, saver.conn:
        latest = saver.conn.execute(
            "SELECT MAX(checkpoint_id) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ''",
            (thread,),
        ).fetchone()[0]
        if latest is None:
            return
        for table in ("checkpoints", "writes"):
            saver.conn.execute(
                f"DELETE FROM {table} WHERE thread_id = ? AND checkpoint_id != ?",
                (thread, latest),
            )
    saver.conn.execute("PRAGMA incremental_vacuum")  # no-op on files made before auto_vacuum


def rename_thread(saver: Any, old: str, new: str) -> None:
    """Move every checkpoint and write of thread `old` to `new` (the savers ship no rename)."""
    if hasattr(saver, "conn"):
        with saver.lock, saver.conn:
            for table in ("checkpoints", "writes"):
                saver.conn.execute(
                    f"UPDATE {table} SET thread_id = ? WHERE thread_id = ?", (new, old)
                )
        return
    saver.storage[new] = saver.storage.pop(old)
    for key in [k for k in saver.writes if k[0] == old]:
        saver.writes[(new, *key[1:])] = saver.writes.pop(key)


def info(name: str, messages: list[dict[str, Any]]) -> SessionInfo:
    return SessionInfo(
        name,
        messages[-1].get("time", "") if messages else "",
        sum(m.get("role") == "user" for m in messages),
    )


def export_markdown(history: list[dict[str, Any]], title: str = "genai-tutor conversation") -> str:
    """A conversation as Markdown: each turn, with the answer's citations and quotes."""
    lines = [f"# {title}", ""]
    for m in history:
        who = "You" if m.get("role") == "user" else "Tutor"
        stamp = f" _{m['time']}_" if m.get("time") else ""
        lines += [f"**{who}**{stamp}", "", str(m.get("content", "")).strip(), ""]
        if m.get("incomplete"):
            lines += [f"_({INCOMPLETE_NOTICE})_", ""]
        for q in m.get("quotes") or []:
            lines += [f"> {q['text']}", f"> — {q['note']} › {q['section']}", ""]
        cites = m.get("citations") or []
        if cites:
            lines += [f"[{c['n']}] {c['note']} › {c['section']}" for c in cites] + [""]
    return "\n".join(lines).rstrip() + "\n"
