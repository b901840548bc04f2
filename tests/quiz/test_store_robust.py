"""The quiz store under real contention and real damage: two processes grading at once
both succeed, a lock held by another process never triggers recovery, and the notice
about a damaged file reaches the learner through the CLI."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Card

from tutor.quiz.store import QuizStore, is_corruption

ROOT = Path(__file__).resolve().parents[2]


def _grade_many(path: str, tag: str, n: int) -> None:
    store = QuizStore(Path(path))
    now = datetime.now(UTC)
    for i in range(n):
        store.record(f"{tag}-{i % 3}", "answer", "correct", 1.0, 3, now, Card(), now)
    store.close()


def test_two_processes_grading_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "quiz.sqlite"
    QuizStore(db).close()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_grade_many, args=(str(db), t, 40)) for t in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    store = QuizStore(db)
    assert len(store.reviews()) == 80 and store.notice is None
    assert not list(tmp_path.glob("quiz.sqlite.corrupt-*"))


def _hold_lock(path: str, seconds: float, ready: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    Path(ready).touch()
    time.sleep(seconds)
    db.execute("COMMIT")


def test_a_locked_database_is_waited_for_never_moved_aside(tmp_path: Path) -> None:
    db, ready = tmp_path / "quiz.sqlite", tmp_path / "ready"
    _grade_many(str(db), "x", 2)
    ctx = mp.get_context("spawn")
    holder = ctx.Process(target=_hold_lock, args=(str(db), 6.0, str(ready)))
    holder.start()
    while not ready.exists():
        time.sleep(0.05)
    store = QuizStore(db)  # waits out the other process's lock (the old code moved it aside)
    holder.join(30)
    assert store.notice is None and len(store.reviews()) == 2
    assert not list(tmp_path.glob("quiz.sqlite.corrupt-*"))
    assert not is_corruption(sqlite3.OperationalError("database is locked"))
    assert is_corruption(sqlite3.DatabaseError("file is not a database"))


def test_threads_sharing_one_store_never_nest_transactions(tmp_path: Path) -> None:
    store = QuizStore(tmp_path / "quiz.sqlite")
    now = datetime.now(UTC)
    errors: list[BaseException] = []

    def work(tag: str) -> None:
        try:
            for i in range(50):
                store.record(f"{tag}{i}", "a", "correct", 1.0, 3, now, Card(), now)
                store.cards()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(store.reviews()) == 200


def test_recovery_that_fails_reports_no_damage_notice(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "quiz.sqlite"
    db.write_bytes(b"not a database" * 200)
    os.chmod(folder, 0o500)  # the damaged file cannot be moved aside
    try:
        if os.access(folder, os.W_OK):  # running as root: permissions are not enforced
            return
        from tutor.errors import QuizError

        try:
            QuizStore(db)
        except QuizError as exc:
            assert "could not be replaced" in exc.message
        else:
            raise AssertionError("a store that could not recover must not open")
    finally:
        os.chmod(folder, 0o700)


@pytest.mark.real  # two CLI runs that load the embedder: ~1 min on 2 shared cores
def test_the_damage_notice_reaches_the_cli(home_with_index: Path) -> None:
    home = home_with_index
    (home / "quiz.sqlite").write_bytes(b"this is not a database" * 100)
    env = {**os.environ, "TUTOR_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "tutor", "quiz", "--json", "--n", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "notice:" in run.stderr and "damaged" in run.stderr
    item = json.loads(run.stdout)[0]
    run = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", item["id"], "no idea", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "notice" not in json.loads(run.stdout)  # reported once, then a healthy store
