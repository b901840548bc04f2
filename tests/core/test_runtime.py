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


def test_a_broken_model_file_leaves_the_app_answering_from_the_notes(tmp_path: Path) -> None:
    """A .gguf that is not a model (a cut download, a renamed file): the app's load gives
    the reason and no LLM, so the notes answer extractively, instead of failing the load."""
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00not really a model" * 64)
    runtime = Runtime(Settings(home=tmp_path / "home", model=str(broken), quant="auto",
                               device="cpu"))
    assert runtime._llm_or_extractive(lambda _: None) is None
    assert runtime.llm_error is not None and "broken.gguf" in runtime.llm_error.message
    assert runtime.with_llm is False
