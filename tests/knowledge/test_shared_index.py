"""One TUTOR_HOME index shared by runs with different notes folders: a sync never deletes
another folder set's chunks; a skipped file is reported with its reason."""

from __future__ import annotations

from pathlib import Path

from knowledge.base import KnowledgeBase


def _folder(root: Path, name: str, text: str) -> Path:
    d = root / name
    d.mkdir()
    (d / f"{name}.md").write_text(text)
    return d


def test_two_folder_sets_share_one_index_without_deleting_each_other(
    tmp_path: Path, embedder
) -> None:
    index = tmp_path / "index"
    a = _folder(tmp_path, "gans", "# GANs\n\nA generator and a discriminator play a game.\n")
    b = _folder(tmp_path, "vaes", "# VAEs\n\nAn encoder maps data to a latent space.\n")
    app = KnowledgeBase([a, b], index, embedder)  # the app, after /notes b
    cli = KnowledgeBase([a], index, embedder)  # a CLI run without b
    app.sync()
    report = cli.sync()
    assert report.removed == ()
    app.close()
    again = KnowledgeBase([a, b], index, embedder).sync()
    assert again.removed == () and again.added == () and set(again.unchanged) == {"gans", "vaes"}
    assert again.chunks_embedded == 0  # nothing had to be rebuilt
    cli.close()


def test_a_binary_md_file_is_reported_with_why(tmp_path: Path, embedder) -> None:
    notes = _folder(tmp_path, "notes", "# GANs\n\nA generator and a discriminator.\n")
    (notes / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    report = KnowledgeBase([notes], tmp_path / "index", embedder).sync()
    assert len(report.skipped) == 1 and "image.md" in report.skipped[0]
    assert len(report.skip_reasons) == 1 and "binary" in report.skip_reasons[0]
