"""doctor against a real home in each state, and a damaged sessions file replaced with a
notice while the tutor keeps answering."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tutor.agent.sessions import open_sessions, thread_ids
from tutor.commands.doctor import check_index, check_quiz, check_sessions
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
JUNK = b"this is not a database" * 100


def _corrupt(path: Path) -> None:
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    path.write_bytes(JUNK)


def _settings(home: Path) -> Settings:
    return Settings(home=home)


def test_doctor_fresh_home(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    ok, found, _ = check_index(s)
    assert ok and "not built yet" in found
    assert check_sessions(s)[0] and check_quiz(s)[0]


def test_doctor_finds_the_real_index_and_damage(tmp_path: Path, embedder) -> None:
    from knowledge.base import KnowledgeBase
    from tutor.quiz.store import QuizStore

    s = _settings(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n.md").write_text("# GANs\n\nA generator and a discriminator compete.\n")
    KnowledgeBase([notes], s.index_dir, embedder).sync()
    open_sessions(s.sessions_db)[0].conn.close()
    QuizStore(s.quiz_db).close()
    ok, found, _ = check_index(s)
    assert ok and "(ok)" in found  # the old check looked for index/chroma.sqlite3: never there
    assert check_sessions(s)[0] and check_quiz(s)[0]

    _corrupt(s.sessions_db)
    ok, found, fix = check_sessions(s)
    assert not ok and "damaged" in found and "moves it aside" in fix
    _corrupt(s.quiz_db)
    assert not check_quiz(s)[0]
    _corrupt(s.index_dir / "chroma" / "chroma.sqlite3")
    assert not check_index(s)[0]


def test_doctor_cli_exit_code_on_a_corrupt_sessions_file(tmp_path: Path) -> None:
    (tmp_path / "sessions.sqlite").write_bytes(JUNK)
    env = {**os.environ, "TUTOR_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "tutor", "doctor"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "saved conversations" in run.stdout and "damaged" in run.stdout
    assert "All good" not in run.stdout and run.returncode == 1


def test_a_damaged_sessions_file_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite"
    db.write_bytes(JUNK)
    saver, notice = open_sessions(db)
    assert notice and "damaged" in notice
    assert list(tmp_path.glob("sessions.sqlite.corrupt-*"))
    assert thread_ids(saver) == []
    assert open_sessions(db)[1] is None  # the fresh file is healthy


def test_the_tutor_answers_over_a_damaged_sessions_file(tmp_path: Path, kb, embedder) -> None:
    from tutor.agent import Notice, Tutor

    db = tmp_path / "sessions.sqlite"
    db.write_bytes(JUNK)
    tutor = Tutor(knowledge=kb, embedder=embedder, llm=None, sessions_db=db)
    events = list(tutor.respond("what is a GAN?", session="s"))
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("damaged" in n for n in notices)
    assert type(events[-1]).__name__ == "Answer"
    again = list(tutor.respond("what is a VAE?", session="s"))
    assert not any(isinstance(e, Notice) and "damaged" in e.text for e in again)


def test_a_session_keeps_one_checkpoint_and_resumes_from_it(make_tutor, tmp_path: Path) -> None:
    """Old checkpoints are pruned after each turn (they held the whole state at every step);
    the conversation, its follow-ups and the last answer still come back in a new process."""
    import sqlite3

    db = tmp_path / "sessions.sqlite"
    tutor = make_tutor(db=db)
    for q in ("What is a GAN?", "What is a VAE?", "What is latent space?"):
        list(tutor.respond(q, session="s1"))
    list(tutor.respond("What is a transformer?", session="s2"))
    with sqlite3.connect(db) as conn:
        per_thread = dict(
            conn.execute("SELECT thread_id, COUNT(*) FROM checkpoints GROUP BY thread_id")
        )
        stale_writes = conn.execute(
            "SELECT COUNT(*) FROM writes w WHERE NOT EXISTS (SELECT 1 FROM checkpoints c "
            "WHERE c.thread_id = w.thread_id AND c.checkpoint_id = w.checkpoint_id)"
        ).fetchone()[0]
    assert per_thread == {"s1": 1, "s2": 1}
    assert stale_writes == 0
    again = make_tutor(db=db)
    history = again.history("s1")
    assert [m["role"] for m in history] == ["user", "assistant"] * 3
    assert history[4]["content"] == "What is latent space?"
    list(again.respond("What is mode collapse?", session="s1"))
    assert len(again.history("s1")) == 8
    assert len(again.history("s2")) == 2
