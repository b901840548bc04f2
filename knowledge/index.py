"""The persistent Chroma index of note chunks: incremental by file hash, self-repairing.

Vectors are always our own MiniLM embeddings (the collection has no embedding function, so
Chroma never downloads its default model), stored in cosine space. Each stored chunk carries
its note id and the hash of its file, so a sync re-embeds only new or changed files and
deletes the chunks of removed ones. An index that is missing, half-deleted or corrupt is
rebuilt from the notes with a message instead of failing.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.chunking import search_text
from knowledge.types import Chunk
from tutor.errors import KnowledgeError

COLLECTION = "notes"
SCHEMA = "1"  # bump when what is stored per chunk (or how it is chunked) changes
SQLITE = "chroma.sqlite3"

Progress = Callable[[str], None]
Embed = Callable[[list[str]], np.ndarray]


def _quiet(_: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: note ids per outcome, skipped files, chunks embedded, seconds taken."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    chunks_embedded: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    skip_reasons: tuple[str, ...] = ()  # one line per skipped file: which, and why

    def summary(self) -> str:
        """One line for the user: what changed, chunks embedded, seconds."""
        counts = [
            f"{len(names)} {label}"
            for names, label in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.removed, "removed"),
                (self.unchanged, "unchanged"),
                (self.skipped, "skipped"),
            )
            if names
        ]
        return (
            f"notes index: {', '.join(counts) or 'no notes'}; "
            f"{self.chunks_embedded} chunks embedded in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class NoteVersion:
    """One readable note as the index should hold it: its hash and the chunks to store."""

    note: str
    file_hash: str
    chunks: Sequence[Chunk]


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def notes_key(dirs: Sequence[Path]) -> str:
    """A short key for a set of notes folders (order and spelling of paths aside)."""
    names = sorted(str(Path(d).expanduser().resolve()) for d in dirs)
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:16]


class NotesIndex:
    """A Chroma collection under `index_dir/chroma` holding one vector per stored chunk.

    With a `key` (see `notes_key`) each set of notes folders has its own collection in the
    one Chroma store, so a sync makes *its* collection match its notes and never deletes
    the chunks of folders another process (the app with a `/notes` folder, a CLI run
    without it) was asked about."""

    def __init__(self, index_dir: Path, embedder_name: str, key: str = "") -> None:
        self.path = Path(index_dir) / "chroma"
        self.embedder_name = embedder_name
        self.key = key
        self.collection_name = f"{COLLECTION}-{key}" if key else COLLECTION
        self._client: Any = None
        self._collection: Any = None
        self.rebuilt = False

    # -- opening and repair ------------------------------------------------------------
    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(
            path=str(self.path),
            settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True),
        )
        collection = self._client.get_or_create_collection(
            self.collection_name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"schema": SCHEMA, "embedder": self.embedder_name},
        )
        if collection.count():  # touch both the metadata and the vector segment
            collection.get(limit=1, include=["embeddings", "metadatas"])
        return collection

    def _forget_system(self) -> None:
        """Drop chromadb's process-wide cached system for this path: after a failed open it
        stays cached half-started, and every later client for the path would reuse it."""
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(self.path), None)
        SharedSystemClient._identifier_to_refcount.pop(str(self.path), None)
        if system is not None:
            with contextlib.suppress(Exception):
                system.stop()

    def _wipe(self) -> None:
        self.close()
        self._forget_system()
        shutil.rmtree(self.path, ignore_errors=True)
        if self.path.exists():
            raise KnowledgeError(
                f"The notes index at {self.path} is broken and cannot be removed.",
                f"Delete the folder {self.path} by hand, then start again.",
            )

    def open(self, progress: Progress = _quiet) -> Any:
        """The collection, rebuilt (with a message) when missing, half-deleted or unreadable."""
        if self._collection is not None:
            return self._collection
        has_files = self.path.is_dir() and any(self.path.iterdir())
        if has_files and not (self.path / SQLITE).exists():
            progress(f"The notes index at {self.path} is incomplete; rebuilding it.")
            self._wipe()
            self.rebuilt = True
        elif not has_files:
            progress(f"Building the notes index at {self.path}.")
        try:
            collection = self._connect()
        except Exception as exc:  # chromadb raises many kinds for a corrupt file
            progress(
                f"The notes index at {self.path} is unreadable ({_reason(exc)}); rebuilding it."
            )
            self._wipe()
            self.rebuilt = True
            try:
                collection = self._connect()
            except Exception as again:
                raise KnowledgeError(
                    f"Cannot create the notes index at {self.path}: {_reason(again)}",
                    "Check that TUTOR_HOME is on a writable disk with free space.",
                ) from again
        meta = collection.metadata or {}
        if meta.get("schema") != SCHEMA or meta.get("embedder") != self.embedder_name:
            progress("The notes index was built by another version or embedder; rebuilding it.")
            self._client.delete_collection(self.collection_name)
            collection = self._connect()
            self.rebuilt = True
        self._collection = collection
        return collection

    def close(self) -> None:
        """Release the Chroma client (needed before the folder is removed or reopened)."""
        if self._client is not None:
            with contextlib.suppress(Exception):  # a client on a broken store may fail to close
                self._client.close()
        self._client = None
        self._collection = None

    # -- reading and writing -----------------------------------------------------------
    def stored_hashes(self) -> dict[str, str]:
        """Note id -> file hash of what the index holds now."""
        got = self.open().get(include=["metadatas"])
        return {str(m["note"]): str(m["hash"]) for m in got["metadatas"] or []}

    def delete_note(self, note: str) -> None:
        self.open().delete(where={"note": note})

    def add_note(self, version: NoteVersion, vectors: np.ndarray) -> None:
        """Store a note's chunks with their vectors (the caller deleted any older version)."""
        if not version.chunks:
            return
        self.open().add(
            ids=[chunk.id for chunk in version.chunks],
            embeddings=vectors,
            documents=[chunk.text for chunk in version.chunks],
            metadatas=[
                {
                    "note": chunk.note,
                    "hash": version.file_hash,
                    "section": chunk.section,
                    "line_start": chunk.line_start,
                    "line_end": chunk.line_end,
                    "part": chunk.part,
                }
                for chunk in version.chunks
            ],
        )

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored vectors for these chunk ids, in this order (float32, L2-normalised)."""
        if not ids:
            return np.zeros((0, 0), dtype=np.float32)
        got = self.open().get(ids=list(ids), include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise KnowledgeError(
                f"The notes index lacks {len(missing)} chunk(s), e.g. {missing[0]}.",
                f"Delete {self.path} and start again to rebuild it.",
            )
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

    def sync(
        self,
        versions: Sequence[NoteVersion],
        embed: Embed,
        skipped: Sequence[str] = (),
        progress: Progress = _quiet,
    ) -> SyncReport:
        """Make the index hold exactly these notes, embedding only new or changed ones."""
        start = time.perf_counter()
        self.open(progress)
        stored = self.stored_hashes()
        wanted = {v.note for v in versions}
        added, changed, unchanged, embedded = [], [], [], 0
        removed = sorted(note for note in stored if note not in wanted)
        for note in removed:
            self.delete_note(note)
        for version in versions:
            old = stored.get(version.note)
            if old == version.file_hash or (old is None and not version.chunks):
                unchanged.append(version.note)
                continue
            (changed if old is not None else added).append(version.note)
            if old is not None:
                self.delete_note(version.note)
            if version.chunks:
                progress(f"Embedding {version.note} ({len(version.chunks)} chunks)")
                self.add_note(version, embed([search_text(c) for c in version.chunks]))
                embedded += len(version.chunks)
        return SyncReport(
            added=tuple(added),
            changed=tuple(changed),
            removed=tuple(removed),
            unchanged=tuple(unchanged),
            skipped=tuple(skipped),
            chunks_embedded=embedded,
            seconds=time.perf_counter() - start,
            rebuilt=self.rebuilt,
        )
