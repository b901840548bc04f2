"""KnowledgeBase: the one object the rest of the tutor uses for the notes.

It finds and chunks the notes, keeps the Chroma index in step with them, and answers
retrieval queries and "show me that whole section" requests.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.chunking import MAX_CHARS, chunk_text, clean_heading, container_ids
from knowledge.index import SCHEMA, NotesIndex, NoteVersion, SyncReport, notes_key
from knowledge.retriever import HybridRetriever
from knowledge.sources import content_hash, decode_note, discover_notes
from knowledge.types import SECTION_SEP, Chunk, Passage
from tutor.errors import KnowledgeError

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from tutor.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

__all__ = ["KnowledgeBase", "SyncReport"]


def _quiet(_: str) -> None:
    """The default progress callback: say nothing."""


def _normalise_section(section: str) -> tuple[str, ...]:
    """A section path as given by a caller (`a › b`, or `a > b`) as a tuple of titles."""
    text = section.replace(" > ", SECTION_SEP)
    return tuple(clean_heading(part) for part in text.split(SECTION_SEP.strip()) if part.strip())


class KnowledgeBase:
    """The notes in some folders, their persistent index, and hybrid retrieval over them."""

    def __init__(self, notes_dirs: Sequence[Path], index_dir: Path, embedder: Embedder) -> None:
        self.notes_dirs = [Path(d) for d in notes_dirs]
        self.embedder = embedder
        self._index_dir = Path(index_dir)
        self._index = NotesIndex(
            self._index_dir, getattr(embedder, "name", type(embedder).__name__),
            notes_key(self.notes_dirs),
        )
        self._chunks: list[Chunk] = []
        self._notes: list[str] = []
        self._retriever: HybridRetriever | None = None

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder) -> KnowledgeBase:
        """The knowledge base for a run: bundled notes plus every `--notes` folder."""
        return cls(settings.all_notes_dirs, settings.index_dir, embedder)

    def sync(self, progress: Progress = _quiet) -> SyncReport:
        """Read and chunk the notes, bring the index up to date, and get ready to retrieve.
        Only this set of folders' collection is touched (folders may have been added)."""
        key = notes_key(self.notes_dirs)
        if key != self._index.key:
            self._index.close()
            self._index = NotesIndex(self._index_dir, self._index.embedder_name, key)
        warnings: list[str] = []

        def warn(message: str) -> None:
            log.warning(message)
            warnings.append(message)
            progress(message)

        versions: list[NoteVersion] = []
        chunks: list[Chunk] = []
        skipped: list[str] = []
        salt = f"{SCHEMA}:{MAX_CHARS}:{self._index.embedder_name}"
        for note_file in discover_notes(self.notes_dirs):
            try:
                data = note_file.path.read_bytes()
            except OSError as exc:
                warn(f"Skipped {note_file.path}: cannot read it ({exc.strerror or exc}).")
                skipped.append(str(note_file.path))
                continue
            text = decode_note(data, note_file.path, warn)
            if text is None:
                skipped.append(str(note_file.path))
                continue
            note_chunks = chunk_text(note_file.note, text, note_file.path.suffix)
            hidden = container_ids(note_chunks)
            stored = [c for c in note_chunks if c.id not in hidden]
            versions.append(NoteVersion(note_file.note, content_hash(data, salt), stored))
            chunks.extend(note_chunks)
        if not chunks:
            raise KnowledgeError(
                "None of the notes files could be read.",
                "Check that the notes are UTF-8 text files (.md or .txt) and not empty.",
            )
        report = self._index.sync(versions, self.embedder.embed, skipped, progress)
        report = dataclasses.replace(report, skip_reasons=tuple(warnings))
        searchable = [c for v in versions for c in v.chunks]
        self._retriever = HybridRetriever(
            searchable, self._index.vectors([c.id for c in searchable]), self.embedder
        )
        self._chunks = chunks
        self._notes = [v.note for v in versions]
        progress(report.summary())
        return report

    def _ready(self) -> HybridRetriever:
        if self._retriever is None:
            self.sync()
        assert self._retriever is not None
        return self._retriever

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        """The k best passages for a question, best first (syncs first if not yet synced)."""
        return self._ready().retrieve(query, k)

    def unknown_terms(self, query: str) -> list[str]:
        """The specialist's terms of a question that these notes never use."""
        return self._ready().unknown_terms(query)

    @property
    def chunks(self) -> list[Chunk]:
        """Every chunk of every readable note, in file and line order, empty ones included."""
        self._ready()
        return list(self._chunks)

    @property
    def notes(self) -> list[str]:
        """The note ids, in file order."""
        self._ready()
        return list(self._notes)

    def section_text(self, note: str, section: str) -> str:
        """The whole text of a section with its subsections (their titles on their own lines);
        `""` for a section the notes leave empty, KnowledgeError for an unknown one."""
        path = _normalise_section(section)
        depth = len(path)
        inside = [c for c in self.chunks if c.note == note and c.path[:depth] == path]
        if not inside:
            known = "" if note in self._notes else f" Known notes: {', '.join(self._notes)}."
            raise KnowledgeError(
                f"The notes have no section {section!r} in {note!r}.",
                f"Use a note and section exactly as a retrieved passage names them.{known}",
            )
        blocks: list[str] = []
        for chunk in inside:
            if chunk.part == 0 and len(chunk.path) > depth:
                blocks.append(chunk.path[-1])
            if chunk.text:
                blocks.append(chunk.text)
        return "\n\n".join(blocks) if any(c.text for c in inside) else ""

    def close(self) -> None:
        """Release the index (the knowledge base reopens it on the next sync)."""
        self._index.close()
        self._retriever = None
