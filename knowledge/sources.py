"""Finding and reading note files: which files are notes, their note ids, their text.

Kept apart from chunking so the chunker stays pure and the index can hash raw bytes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.errors import KnowledgeError

log = logging.getLogger(__name__)

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_NOTE_BYTES = 2_000_000  # a notes file beyond this is almost surely not notes

Warn = Callable[[str], None]


@dataclass(frozen=True)
class NoteFile:
    """One notes file and the note id its chunks carry (the file stem, made unique)."""

    note: str
    path: Path


def _default_warn(message: str) -> None:
    log.warning(message)


def _note_files_in(folder: Path) -> list[Path]:
    """All notes files under a folder (recursively, hidden folders skipped), sorted."""
    if folder.is_file():
        return [folder] if folder.suffix.lower() in NOTE_SUFFIXES else []
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.suffix.lower() in NOTE_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def discover_notes(dirs: Sequence[Path]) -> list[NoteFile]:
    """Every `.md`/`.txt` note in the given folders, in order, with unique note ids.

    A folder that does not exist or holds no notes is a KnowledgeError: a user who passed
    `--notes DIR` should hear that the folder gave nothing rather than get silent answers.
    A stem seen before gets the folder name prefixed (then a number) so ids stay unique.
    """
    if not dirs:
        raise KnowledgeError(
            "No notes folders were given.", "Pass at least one folder with --notes DIR."
        )
    files: list[NoteFile] = []
    seen: set[str] = set()
    for folder in dirs:
        folder = Path(folder).expanduser()
        if not folder.exists():
            raise KnowledgeError(
                f"The notes folder {folder} does not exist.",
                "Check the path given to --notes (it must be a folder of .md or .txt files).",
            )
        paths = _note_files_in(folder)
        if not paths:
            raise KnowledgeError(
                f"The notes folder {folder} holds no .md or .txt files.",
                "Put your notes there as Markdown (.md) or plain text (.txt) files.",
            )
        for path in paths:
            note = path.stem
            if note in seen:
                note = f"{path.parent.name}-{path.stem}"
                n = 2
                while note in seen:
                    note = f"{path.parent.name}-{path.stem}-{n}"
                    n += 1
            seen.add(note)
            files.append(NoteFile(note=note, path=path))
    return files


def read_note(path: Path, warn: Warn | None = None) -> str | None:
    """The text of a note, or None (with a warning) when it is unreadable, binary or huge."""
    warn = warn or _default_warn
    try:
        data = path.read_bytes()
    except OSError as exc:
        warn(f"Skipped {path}: cannot read it ({exc.strerror or exc}).")
        return None
    return decode_note(data, path, warn)


def decode_note(data: bytes, path: Path, warn: Warn | None = None) -> str | None:
    """Bytes of a note as text; None (with a warning) for binary or oversized files."""
    warn = warn or _default_warn
    if len(data) > MAX_NOTE_BYTES:
        warn(f"Skipped {path}: {len(data):,} bytes is too large for a notes file.")
        return None
    if b"\x00" in data[:8192]:
        warn(f"Skipped {path}: it looks like a binary file, not text.")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warn(f"Skipped {path}: it is not UTF-8 text.")
        return None


def content_hash(data: bytes, salt: str = "") -> str:
    """A stable hash of a file's bytes (plus whatever else decides its chunks and vectors)."""
    return hashlib.sha256(salt.encode() + b"\0" + data).hexdigest()
