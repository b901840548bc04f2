"""The Chroma index on disk: incremental sync by file hash, and repair of a broken index."""

from __future__ import annotations

from pathlib import Path

from knowledge.base import KnowledgeBase


def make_kb(notes: Path, index: Path, embedder) -> KnowledgeBase:
    return KnowledgeBase([notes], index, embedder)


def test_second_sync_embeds_nothing_and_edits_reembed_only_that_file(
    tiny_notes: Path, tmp_path: Path, embedder
) -> None:
    index = tmp_path / "index"
    kb = make_kb(tiny_notes, index, embedder)
    first = kb.sync()
    assert sorted(first.added) == ["gans", "vaes"] and first.chunks_embedded == 3
    kb.close()

    again = make_kb(tiny_notes, index, embedder)  # a new process would do the same
    second = again.sync()
    assert second.chunks_embedded == 0 and sorted(second.unchanged) == ["gans", "vaes"]
    assert not second.added and not second.changed

    (tiny_notes / "vaes.txt").write_text(
        "1. Variational autoencoders\n\nThey learn a latent space.\n\n"
        "2. Beta-VAE\n\nA beta weight.\n",
        encoding="utf-8",
    )
    third = again.sync()
    assert (
        third.changed == ("vaes",) and third.unchanged == ("gans",) and third.chunks_embedded == 2
    )
    assert any(p.section == "2. Beta-VAE" for p in again.retrieve("beta weight", k=3))

    (tiny_notes / "gans.md").unlink()
    fourth = again.sync()
    assert fourth.removed == ("gans",) and fourth.chunks_embedded == 0
    assert {p.note for p in again.retrieve("generator and discriminator", k=5)} == {"vaes"}
    again.close()


def test_corrupt_sqlite_is_rebuilt_with_a_message(
    tiny_notes: Path, tmp_path: Path, embedder
) -> None:
    index = tmp_path / "index"
    kb = make_kb(tiny_notes, index, embedder)
    kb.sync()
    kb.close()
    (index / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)

    messages: list[str] = []
    fresh = make_kb(tiny_notes, index, embedder)
    report = fresh.sync(messages.append)
    assert report.rebuilt and sorted(report.added) == ["gans", "vaes"]
    assert any("unreadable" in m and "rebuilding" in m for m in messages)
    assert fresh.retrieve("mode collapse", k=1)[0].section == "GANs › Mode collapse"
    fresh.close()


def test_half_deleted_index_is_rebuilt(tiny_notes: Path, tmp_path: Path, embedder) -> None:
    index = tmp_path / "index"
    kb = make_kb(tiny_notes, index, embedder)
    kb.sync()
    kb.close()
    (index / "chroma" / "chroma.sqlite3").unlink()  # segment folders left behind

    messages: list[str] = []
    fresh = make_kb(tiny_notes, index, embedder)
    report = fresh.sync(messages.append)
    assert report.rebuilt and report.chunks_embedded == 3
    assert any("incomplete" in m for m in messages)
    fresh.close()


def test_missing_index_is_built_with_a_message(tiny_notes: Path, tmp_path: Path, embedder) -> None:
    messages: list[str] = []
    kb = make_kb(tiny_notes, tmp_path / "never-built", embedder)
    report = kb.sync(messages.append)
    assert report.chunks_embedded == 3 and any("Building the notes index" in m for m in messages)
    assert "2 added" in messages[-1]
    kb.close()
