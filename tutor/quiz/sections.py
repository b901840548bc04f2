"""Concepts from the notes' own headings, so mastery per concept means something for any notes.

An item belongs to a known concept (one with aliases and often a demo, see concepts.py) when
its term or a heading above it names one, in a note about generative AI. Otherwise it belongs
to the top section it sits under ("Puck prep", "Coffee species"): the note's lone title is
skipped, and numbering, bracketed asides and a trailing "of <the notes' shared subject>" are
dropped, so "2. Key Concepts in Generative AI" and "Key Concepts" are one concept across files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from knowledge.chunking import UNTITLED
from knowledge.types import Chunk
from tutor.language import content_words, stem
from tutor.quiz.concepts import CONCEPTS, known_concept

# "2.", "1.3", "a.", "(b)", "IV." before a heading's words
_NUMBERING = re.compile(
    r"^\s*(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[IVXivx]{1,5})[.)]|\d{1,3}(?:\.\d{1,3})+)\s+"
)
_ASIDE = re.compile(r"\s*\([^()]*\)")
_QUALIFIER = re.compile(r"^(?P<head>.+?)\s+(?:of|in|for|to|about|on|with)\s+(?P<tail>.+)$", re.I)
# Names that say where a section is, not what it is about: alone they would merge unrelated
# files' "Basics" into one concept, so the note's title goes with them.
_GENERIC = frozenset(
    {
        "basics", "overview", "introduction", "intro", "summary", "notes", "misc",
        "miscellaneous", "other", "general", "tips", "background", "contents",
    }
)  # fmt: skip

# Marks of a note about generative AI: where these are rare (a note on coffee), words like
# "training", "evaluation", "milestones" or "noise" mean something else, and the known
# concepts' keyword rules would mislabel its items.
_DOMAIN_MARKS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bgenerative (?:ai|models?|artificial)|\bartificial intelligence",
        r"\bmachine learning|\bdeep learning|\bneural net",
        r"\bllms?\b|\blanguage models?\b|\bgpt-?\w*|\bbert\b",
        r"\bgans?\b|\bgenerative adversarial",
        r"\bvaes?\b|\bautoencoders?\b",
        r"\bself-attention|\battention mechanism|\btransformer (?:model|architecture)",
        r"\bdiffusion models?\b|\bstable diffusion",
        r"\btokeni[sz]",
        r"\bembeddings?\b",
    )
)
DOMAIN_MIN_MARKS = 2  # distinct kinds of mark a note needs to count as about generative AI


def heading_name(heading: str) -> str:
    """A heading as a concept name: no numbering, asides or end punctuation, words in lower
    case unless written otherwise (acronyms and names like "TDS" or "AeroPress" keep theirs)."""
    if heading.strip() == UNTITLED:
        return ""
    text = _NUMBERING.sub("", heading)
    bare = _ASIDE.sub("", text)
    text = bare if bare.strip(" -–—:;,.!?") else text
    text = text.strip(" \t-–—:;,.!?")
    shout = text.isupper() and len(text) > 4
    return " ".join(w.lower() if shout or _plain_case(w) else w for w in text.split())


def _plain_case(word: str) -> bool:
    """Capitals only where a word or its hyphenated parts begin ("Filter", "Pour-Over")."""
    return all(part[1:] == part[1:].lower() for part in word.split("-"))


def name_key(name: str) -> str:
    """What two names share when they mean the same: stemmed content words, in order."""
    return " ".join(stem(w) for w in content_words(name))


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


class SectionConcepts:
    """The concept of each chunk's items, worked out once for a set of notes."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        by_note: dict[str, list[Chunk]] = {}
        for chunk in sorted(chunks, key=lambda c: (c.note, c.line_start, c.part)):
            by_note.setdefault(chunk.note, []).append(chunk)
        self._title = {note: _title(cs) for note, cs in by_note.items()}
        self._in_domain = {note: _in_domain(cs) for note, cs in by_note.items()}
        self._subject = _subject(
            [(note, self._title[note] or _first_heading(cs)) for note, cs in by_note.items()]
        )
        self._names: dict[str, str] = {}  # key -> the first name seen, shared across files
        for cs in by_note.values():
            for chunk in cs:
                self.section_concept(chunk)

    def concept(self, chunk: Chunk, term: str = "") -> str:
        """A known concept the term or a heading above it names, else the section's concept."""
        if self._in_domain.get(chunk.note, False):
            # not the note's title: "Generative AI Notes" above everything names no concept
            title = self._title.get(chunk.note)
            heads = chunk.path[1:] if title and len(chunk.path) > 1 else chunk.path
            known = known_concept(term, *reversed(heads))
            if known:
                return known
        return self.section_concept(chunk)

    def section_concept(self, chunk: Chunk) -> str:
        """The name of the top section the chunk sits under (below the note's lone title)."""
        title = self._title.get(chunk.note)
        path = chunk.path[1:] if title and len(chunk.path) > 1 else chunk.path
        owner = heading_name(title or "") or heading_name(_note_name(chunk.note)) or chunk.note
        name = self._unqualified(heading_name(path[0])) if path else ""
        if not name_key(name):
            name = owner
        elif name.lower() in _GENERIC or name.lower() in CONCEPTS:
            # "Training" in running notes is not the known "training" (nor its demo)
            name = f"{owner}: {name}"
        return self._names.setdefault(name_key(name) or name, name)

    def _unqualified(self, name: str) -> str:
        """The name less a trailing "in <subject>" that every note shares ("Key Concepts in
        Generative AI" -> "Key Concepts")."""
        m = _QUALIFIER.match(name)
        if m and self._subject and _stems(m["tail"]) <= self._subject and name_key(m["head"]):
            return m["head"]
        return name


def _title(chunks: Sequence[Chunk]) -> str | None:
    """The note's one top heading when everything else sits under it (a document title)."""
    tops = {c.path[0] for c in chunks if c.path}
    if len(tops) == 1 and any(len(c.path) > 1 for c in chunks):
        return tops.pop()
    return None


def _first_heading(chunks: Sequence[Chunk]) -> str:
    return next((c.path[0] for c in chunks if c.path), "")


def _note_name(note: str) -> str:
    return re.sub(r"[-_]+", " ", note).strip() or note


def _in_domain(chunks: Sequence[Chunk]) -> bool:
    text = "\n".join(f"{' '.join(c.path)}\n{c.text}" for c in chunks)
    return sum(1 for mark in _DOMAIN_MARKS if mark.search(text)) >= DOMAIN_MIN_MARKS


def _subject(titles: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Words at least half the notes' names or titles share (and at least two notes)."""
    if len(titles) < 2:
        return frozenset()
    counts = Counter(s for note, title in titles for s in _stems(f"{_note_name(note)} {title}"))
    need = max(2, (len(titles) + 1) // 2)
    return frozenset(s for s, n in counts.items() if n >= need)
