"""A one-off `genai-tutor ask` starts a fresh conversation and leaves none behind, so the
next one-off question never inherits an old query; `--session NAME` keeps its conversation."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.real  # each run starts the CLI and loads the embedder
ROOT = Path(__file__).resolve().parents[2]


def _ask(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tutor", "ask", "--no-llm", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )


def _conversations(home: Path) -> set[str]:
    db = home / "sessions.sqlite"
    if not db.exists():
        return set()
    with sqlite3.connect(db) as con:
        return {row[0] for row in con.execute("SELECT DISTINCT thread_id FROM checkpoints")}


def test_one_off_ask_twice_leaves_no_conversation_behind(home_with_index: Path) -> None:
    first = _ask(home_with_index, "what is a GAN?")
    assert first.returncode == 0, first.stderr
    assert _conversations(home_with_index) == set()
    second = _ask(home_with_index, "how is it trained?")
    assert second.returncode == 0, second.stderr
    assert _conversations(home_with_index) == set()
    # the check can see a conversation when one is kept
    kept = _ask(home_with_index, "--session", "mine", "what is a VAE?")
    assert kept.returncode == 0, kept.stderr
    assert _conversations(home_with_index) == {"mine"}
