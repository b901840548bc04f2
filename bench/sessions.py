"""Bytes a saved conversation costs per turn: N questions through the real graph into a
real sessions.sqlite, then the file's size (and the checkpoint rows) divided by N.

    .venv/bin/python bench/sessions.py [--turns 40] [--llm]

Without --llm the answers are the extractive ones (the notes' own sentences), which is
quick; the state saved per turn (messages, passages, the answer prompt) has the same shape.
Questions come from bench/sets/questions_a.jsonl, in file order.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--llm", action="store_true", help="answer with the default voice")
    args = parser.parse_args()

    from tutor.runtime import Runtime
    from tutor.settings import Settings

    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "bench/sets/questions_a.jsonl").open()
        if line.strip()
    ][: args.turns]
    with tempfile.TemporaryDirectory() as home:
        runtime = Runtime(Settings(home=Path(home)), with_llm=args.llm)
        tutor = runtime.tutor()
        db = runtime.settings.sessions_db
        start = time.perf_counter()
        for q in questions:
            list(tutor.respond(q, session="bench"))
        took = time.perf_counter() - start
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # what stays once the tutor exits
            rows = conn.execute("SELECT COUNT(*), SUM(LENGTH(checkpoint)) FROM checkpoints")
            n_checkpoints, checkpoint_bytes = rows.fetchone()
            n_writes = conn.execute("SELECT COUNT(*) FROM writes").fetchone()[0]
        files = {p.name: p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")}
        size = sum(files.values())
        turns = len(questions)
        history = tutor.history("bench")
        print(f"turns {turns} ({took / turns:.2f} s/turn), messages kept {len(history)}")
        print(f"checkpoints {n_checkpoints}, writes {n_writes}, "
              f"checkpoint bytes {checkpoint_bytes or 0:,}")
        print("files: " + ", ".join(f"{name} {n:,}" for name, n in sorted(files.items())))
        print(f"sessions file (with WAL) {size:,} bytes = {size / turns:,.0f} bytes/turn")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
