"""Heading-aware chunking of notes: Markdown (`#` headings) and plain text with numbered headings.

Each chunk is one section (or one part of a long section) with its heading path, so a citation
can say `note › section` and a small model gets a passage that fits its context. Sections with
no text are kept as empty chunks: in an outline, a bare heading is a topic the notes name but
do not explain, and the tutor should be able to say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.sources import Warn, discover_notes, read_note
from knowledge.types import Chunk
from tutor.errors import KnowledgeError
from tutor.language import sentences

MAX_CHARS = 900  # about 200 MiniLM word pieces: fits the embedder and a small LLM's prompt
MARKDOWN_SUFFIXES = (".md", ".markdown")
UNTITLED = "(untitled)"

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HTML_ONLY = re.compile(r"^\s*(?:<[^<>]*>\s*)+$")
_NUMBERED_TOP = re.compile(r"^(\d{1,3})\.[ \t]+(\S.{0,118})$")
_NUMBERED_SUB = re.compile(r"^[ \t]+(?:\d{1,3}|[A-Za-z])[.)][ \t]+\S.{0,118}?:[ \t]*$")
# "1.3 Blooming": a decimal outline heading under "1. General Principles" (plain-text notes
# numbered like an outline). The title starts with a letter and has no final period.
_NUMBERED_DECIMAL = re.compile(r"^(\d{1,3})((?:\.\d{1,3})+)\.?[ \t]+([A-Za-z(\"'].{0,100})$")

_TAG = re.compile(r"<[^<>]*>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_+|_+(?!\w)")
_EMOJI_EXTRA = {0xFE0E, 0xFE0F, 0x200D, 0x20E3}


def clean_heading(raw: str) -> str:
    """A heading as plain words: no Markdown emphasis, HTML tags, emoji or trailing colon."""
    text = _TAG.sub("", raw)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("*", "").replace("`", "")
    text = _UNDERSCORE_EMPHASIS.sub("", text)
    text = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) != "So"
        and ord(ch) not in _EMOJI_EXTRA
        and not 0x1F3FB <= ord(ch) <= 0x1F3FF
    )
    text = " ".join(text.split())
    return text.rstrip(": ").strip() or UNTITLED


@dataclass
class _Section:
    """A heading (line 0 for text before the first heading) and its body lines."""

    path: tuple[str, ...]
    heading_line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def _markdown_sections(lines: list[str]) -> list[_Section]:
    """Split Markdown lines at ATX headings outside fenced code blocks; drop layout-only lines."""
    sections = [_Section(path=(), heading_line=0)]
    stack: list[tuple[int, str]] = []
    fence: str | None = None
    fence_start = 0  # index in the current body where the open fence sits
    for number, line in enumerate(lines, start=1):
        body = sections[-1].body
        if fence is not None:
            body.append((number, line))
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                if not any(text.strip() for _, text in body[fence_start + 1 : -1]):
                    del body[
                        fence_start:
                    ]  # an empty fenced block (e.g. ```{contents}```) says nothing
                fence = None
            continue
        opening = _FENCE_OPEN.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence, fence_start = opening.group(1), len(body)
            body.append((number, line))
            continue
        heading = _ATX.match(line)
        if heading:
            level = len(heading.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, clean_heading(heading.group(2) or "")))
            sections.append(_Section(path=tuple(title for _, title in stack), heading_line=number))
            continue
        if _THEMATIC_BREAK.match(line) or _HTML_ONLY.match(line):
            continue
        body.append((number, line))
    return sections


def _blank(lines: list[str], index: int) -> bool:
    return index < 0 or index >= len(lines) or not lines[index].strip()


def _is_decimal_sub(line: str, lines: list[str], index: int, top_number: str) -> bool:
    """`1.3 Title` after a blank line, under the top heading numbered `1.`."""
    decimal = _NUMBERED_DECIMAL.match(line.rstrip())
    return bool(
        decimal
        and decimal.group(1) == top_number
        and not line.rstrip().endswith(".")
        and _blank(lines, index - 1)
    )


def _numbered_sections(lines: list[str]) -> list[_Section]:
    """Split plain text at `1. Title` lines (alone between blank lines) and, under them, at
    decimal outline headings (`1.3 Title` after a blank line: notes numbered like an outline)
    and at indented `  1. Item:` lines that introduce a block (e.g. each model family)."""
    sections = [_Section(path=(), heading_line=0)]
    top: str | None = None
    top_number = ""
    for index, line in enumerate(lines):
        number = index + 1
        top_match = _NUMBERED_TOP.match(line)
        if (
            top_match
            and not line.rstrip().endswith(".")
            and _blank(lines, index - 1)
            and _blank(lines, index + 1)
        ):
            top, top_number = clean_heading(line), top_match.group(1)
            sections.append(_Section(path=(top,), heading_line=number))
        elif top is not None and (_is_decimal_sub(line, lines, index, top_number)
                                  or _NUMBERED_SUB.match(line)):
            sections.append(_Section(path=(top, clean_heading(line)), heading_line=number))
        else:
            sections[-1].body.append((number, line))
    return sections


def _paragraphs(body: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Consecutive non-blank lines, right-stripped, grouped at blank lines."""
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for number, line in body:
        if line.strip():
            paragraphs[-1].append((number, line.rstrip()))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _split_line(number: int, line: str, max_chars: int) -> list[list[tuple[int, str]]]:
    """One over-long line cut at sentence ends (then spaces, then anywhere) into pieces."""
    words: list[str] = []
    for sentence in sentences(line):
        if len(sentence) <= max_chars:
            words.append(sentence)
            continue
        for word in sentence.split():
            words.extend(word[i : i + max_chars] for i in range(0, len(word), max_chars))
    pieces: list[str] = []
    for word in words:
        if pieces and len(pieces[-1]) + 1 + len(word) <= max_chars:
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
    return [[(number, piece)] for piece in pieces]


def _pieces(paragraph: list[tuple[int, str]], max_chars: int) -> list[list[tuple[int, str]]]:
    """A paragraph as one piece, or cut at line ends (and long lines within) to fit."""
    if len("\n".join(text for _, text in paragraph)) <= max_chars:
        return [paragraph]
    pieces: list[list[tuple[int, str]]] = []
    for number, text in paragraph:
        if len(text) > max_chars:
            pieces.extend(_split_line(number, text, max_chars))
        elif pieces and _size(pieces[-1]) + 1 + len(text) <= max_chars:
            pieces[-1].append((number, text))
        else:
            pieces.append([(number, text)])
    return pieces


def _size(piece: list[tuple[int, str]]) -> int:
    return len("\n".join(text for _, text in piece))


def _section_chunks(note: str, section: _Section, max_chars: int) -> list[Chunk]:
    """A section as one chunk, or as several parts packed from whole paragraphs."""
    pieces = [piece for para in _paragraphs(section.body) for piece in _pieces(para, max_chars)]
    if not pieces:
        if section.heading_line == 0:
            return []  # nothing before the first heading
        return [Chunk(note, section.path, "", section.heading_line, section.heading_line)]
    parts: list[list[list[tuple[int, str]]]] = [[]]
    size = 0
    for piece in pieces:
        piece_size = _size(piece)
        if parts[-1] and size + 2 + piece_size > max_chars:
            parts.append([])
            size = 0
        size += piece_size + (2 if parts[-1] else 0)
        parts[-1].append(piece)
    chunks = []
    for index, part in enumerate(parts):
        text = "\n\n".join("\n".join(text for _, text in piece) for piece in part)
        first = section.heading_line if index == 0 and section.heading_line else part[0][0][0]
        chunks.append(Chunk(note, section.path, text, first, part[-1][-1][0], part=index))
    return chunks


def chunk_text(note: str, text: str, suffix: str, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Chunks of one note's text. `suffix` picks the format: `.md` is Markdown; anything else is
    plain text with numbered headings (or Markdown, with `#` headings and no numbered ones)."""
    lines = text.splitlines()
    if suffix.lower() in MARKDOWN_SUFFIXES:
        sections = _markdown_sections(lines)
    else:
        sections = _numbered_sections(lines)
        if len(sections) == 1 and any(_ATX.match(line) for line in lines):
            sections = _markdown_sections(lines)
    return [chunk for section in sections for chunk in _section_chunks(note, section, max_chars)]


def chunk_file(path: Path, note: str | None = None, warn: Warn | None = None) -> list[Chunk]:
    """Chunks of one notes file (note id = file stem unless given); [] if it is unreadable."""
    path = Path(path)
    text = read_note(path, warn)
    if text is None:
        return []
    return chunk_text(note or path.stem, text, path.suffix)


def chunk_dirs(dirs: Sequence[Path], warn: Warn | None = None) -> list[Chunk]:
    """Chunks of every `.md`/`.txt` note in the folders, sorted by file; unreadable files are
    skipped with a warning. KnowledgeError when a folder is missing or yields no notes."""
    chunks: list[Chunk] = []
    files = discover_notes(dirs)
    for note_file in files:
        chunks.extend(chunk_file(note_file.path, note_file.note, warn))
    if not chunks:
        raise KnowledgeError(
            "None of the notes files could be read.",
            "Check that the notes are UTF-8 text files (.md or .txt) and not empty.",
        )
    return chunks


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MARKUP = re.compile(r"\*\*|__|`|^\s*[*•>-]\s+|^\s*#+\s+", re.MULTILINE)


def search_text(chunk: Chunk) -> str:
    """What gets embedded and keyword-indexed: the heading path, then the text without table
    rules, pipes and emphasis marks (noise to both BM25 and the embedder)."""
    lines = [line for line in chunk.text.splitlines() if not _TABLE_RULE.match(line)]
    body = _MARKUP.sub("", "\n".join(lines)).replace("|", " ")
    body = "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())
    return f"{' - '.join(chunk.path)}\n{body}".strip()


def container_ids(chunks: Sequence[Chunk]) -> set[str]:
    """Ids of empty headings that are structure, not topics: headings over subsections with
    text, and a note's opening top-level heading when it is empty (the note's title). Retrieval
    skips them, so "the notes name this but say nothing" is only said of real outline topics."""
    with_text = {(c.note, c.path[:i]) for c in chunks if not c.empty for i in range(len(c.path))}
    ids = {c.id for c in chunks if c.empty and (c.note, c.path) in with_text}
    first: dict[str, Chunk] = {}
    for chunk in chunks:
        first.setdefault(chunk.note, chunk)
    ids.update(c.id for c in first.values() if c.empty and len(c.path) == 1)
    return ids
