"""Real pieces for the knowledge tests, built once: the shipped notes synced into a Chroma
index on disk, and a tiny notes folder factory for the incremental-index tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.settings import DEFAULT_NOTES_DIR


@pytest.fixture(scope="session")
def notes_kb(embedder, tmp_path_factory: pytest.TempPathFactory):
    """The shipped notes, indexed once per test session with the real embedder and Chroma."""
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase([DEFAULT_NOTES_DIR], tmp_path_factory.mktemp("kb-index"), embedder)
    kb.sync()
    yield kb
    kb.close()


def knowledge_of(notes: dict[str, str], tmp_path_factory: pytest.TempPathFactory, embedder):
    """A knowledge base over notes written from a {file name: text} dict, indexed on first use."""
    from knowledge.base import KnowledgeBase

    folder = tmp_path_factory.mktemp("notes")
    for name, text in notes.items():
        (folder / name).write_text(text)
    return KnowledgeBase([folder], tmp_path_factory.mktemp("index"), embedder)


TINY_NOTES = {
    "gans.md": "# GANs\n\nA generator and a discriminator compete.\n\n## Mode collapse\n\n"
    "The generator produces only a few kinds of samples.\n",
    "vaes.txt": "1. Variational autoencoders\n\n"
    "They encode data into a latent space and decode it.\n",
}


@pytest.fixture
def tiny_notes(tmp_path: Path) -> Path:
    """A fresh folder with two small notes (one Markdown, one numbered plain text)."""
    folder = tmp_path / "my-notes"
    folder.mkdir()
    for name, text in TINY_NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
