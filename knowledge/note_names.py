"""A question that names one of the notes ("the key concepts note", "the at-a-glance sheet",
"my chemistry notes"): the learner wants what that note says, so its sections rank up
(knowledge/retriever.py). The name is the file's own words less those most names share
("generative-ai-key-concepts" -> "key concepts"); it counts written as the file spells it
("at-a-glance") or followed by a word for a document ("the intro notes", "the key concepts
list"), so "the key concepts of diffusion" names no note."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.uses import field_of
from tutor.language import STOPWORDS

_DOCUMENT = r"(?:notes?|files?|docs?|documents?|lists?|tables?|pages?|sheets?)"


def _name_words(notes: list[str], field: str) -> dict[str, list[str]]:
    """Each note's distinctive words, in order: its name's words less the field's (the words
    most names share, knowledge/uses.field_of), less stopwords at either end."""
    shared = set(field.split())
    out = {}
    for note in notes:
        kept = [w for w in re.split(r"[-_.\s]+", note.lower()) if w and w not in shared]
        while kept and kept[0] in STOPWORDS:
            kept.pop(0)
        while kept and kept[-1] in STOPWORDS:
            kept.pop()
        if kept:
            out[note] = kept
    return out


_NEVER = re.compile(r"(?!x)x")


def _is_document(word: str) -> bool:
    return re.fullmatch(_DOCUMENT, word) is not None


def _patterns(words: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name as the file writes it ("key-concepts", names of two words or more), and loosely:
    its words, or their tail from a word that is neither a stopword nor a word for a
    document ("glance" of "ml-at-a-glance"), followed by a word for a document unless the
    name ends in one ("personal notes")."""
    spelled = (re.compile(rf"\b{'-'.join(map(re.escape, words))}\b(?!-)", re.I)
               if len(words) > 1 else _NEVER)
    tails = [r"[-\s]+".join(map(re.escape, words[i:])) for i, w in enumerate(words)
             if w not in STOPWORDS and not _is_document(w)]
    if not tails:
        return spelled, _NEVER
    after = "" if _is_document(words[-1]) else rf"[-\s]+(?:[\w-]+\s+)?{_DOCUMENT}"
    return spelled, re.compile(rf"\b(?:{'|'.join(tails)}){after}\b", re.I)


class NoteNames:
    """Which notes a question names."""

    def __init__(self, notes: Iterable[str]) -> None:
        notes = sorted(set(notes))
        self._patterns = [(note, *_patterns(words))
                          for note, words in _name_words(notes, field_of(notes)).items()]

    def named(self, question: str) -> list[str]:
        """The notes `question` names, in the catalogue's order."""
        return [note for note, spelled, loose in self._patterns
                if spelled.search(question) or loose.search(question)]
