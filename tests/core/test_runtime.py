"""The Runtime with real pieces (MiniLM, Chroma on disk, SQLite), no LLM."""

from __future__ import annotations

from pathlib import Path

from tutor.runtime import Runtime
from tutor.settings import Settings

USER_NOTE = """# Flow matching

## Kinds of flows
- **Rectified flow**: a generative model that learns straight paths from noise to data.
- **Normalizing flow**: a chain of invertible maps whose density is known exactly.
- **Continuous flow**: a flow defined by an ordinary differential equation over time.
"""


def test_added_notes_folder_is_searched_and_quizzed(tmp_path: Path, embedder) -> None:
    notes = tmp_path / "my-notes"
    notes.mkdir()
    (notes / "flows.md").write_text(USER_NOTE, encoding="utf-8")
    runtime = Runtime(
        Settings(
            home=tmp_path / "home",
            default_notes=False,
            notes_dirs=[Path(__file__).resolve().parents[2] / "knowledge" / "notes"],
        ),
        with_llm=False,
        embedder=embedder,
    )
    before = {item.note for item in runtime.quiz().items}
    assert "flows" not in before

    runtime.add_notes(notes)

    top = runtime.knowledge().retrieve("what is rectified flow?", k=1)[0]
    assert (top.note, top.relevant) == ("flows", True)
    assert "flows" in {item.note for item in runtime.quiz().items}
    assert notes.resolve() in runtime.settings.notes_dirs
