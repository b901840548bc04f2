"""Real notes chunked once; each test gets its own SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import chunk_dirs
from knowledge.types import Chunk
from tutor.settings import DEFAULT_NOTES_DIR


@pytest.fixture(scope="session")
def note_chunks() -> list[Chunk]:
    return chunk_dirs([DEFAULT_NOTES_DIR])


@pytest.fixture(scope="session")
def bank(note_chunks):
    from tutor.quiz.bank import build_bank

    return build_bank(note_chunks)


@pytest.fixture
def service(tmp_path: Path, note_chunks, embedder, bank):
    from tutor.quiz import QuizService

    return QuizService(tmp_path / "quiz.sqlite", note_chunks, embedder, items=bank)
