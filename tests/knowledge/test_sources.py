"""Finding note files: missing or empty folders, binary files, duplicate stems."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import chunk_dirs
from knowledge.sources import discover_notes
from tutor.errors import KnowledgeError


def test_missing_folder_is_a_knowledge_error_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as info:
        chunk_dirs([tmp_path / "nope"])
    assert "does not exist" in info.value.message and "--notes" in info.value.hint


def test_folder_without_notes_is_a_knowledge_error(tmp_path: Path) -> None:
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    with pytest.raises(KnowledgeError) as info:
        chunk_dirs([tmp_path])
    assert "no .md or .txt" in info.value.message and info.value.hint


def test_binary_and_non_utf8_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Good\ntext\n", encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    warnings: list[str] = []
    chunks = chunk_dirs([tmp_path], warn=warnings.append)
    assert {c.note for c in chunks} == {"good"}
    assert len(warnings) == 2 and all("Skipped" in w for w in warnings)


def test_only_unreadable_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x00\x00")
    with pytest.raises(KnowledgeError):
        chunk_dirs([tmp_path], warn=lambda _: None)


def test_duplicate_stems_across_folders_get_distinct_ids(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "intro.md").write_text(f"# From {name}\ntext\n", encoding="utf-8")
    (tmp_path / "b" / "intro.txt").write_text("1. Third\n\ntext\n", encoding="utf-8")
    files = discover_notes([tmp_path / "a", tmp_path / "b"])
    assert [f.note for f in files] == ["intro", "b-intro", "b-intro-2"]
    chunks = chunk_dirs([tmp_path / "a", tmp_path / "b"])
    assert {c.note for c in chunks} == {"intro", "b-intro", "b-intro-2"}


def test_hidden_folders_are_ignored_and_subfolders_searched(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("# hidden\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.md").write_text("# Deep\n", encoding="utf-8")
    assert [f.note for f in discover_notes([tmp_path])] == ["deep"]
