"""The kind of fact a question asks for, and whether a passage states one of that kind.

Similarity cannot tell "about GANs" from "answers who invented GANs": the notes' GAN section
is as close to the second question as to the first, and the tutor would explain GANs when
asked for a person. The class of question this catches: one that asks for a name (who, which
company), a date (when was, what year) or a quantity (how many, how big, what value), on a
topic the notes discuss but with a detail they never state: a paper's authors, a model's
parameter count, a hyperparameter's usual value, a price. A passage can only answer such a
question if one of its sentences (a table row and a list item count as sentences) states a
fact of that kind next to a word of the question. Counting questions about the notes' own
lists ("how many types of GANs are there?") are left alone: the answer is to count them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tutor.language import REQUEST_WORDS, STOPWORDS, content_words, sentences, stem, words


class AnswerType(Enum):
    NAME = "name"  # a person, a company, a lab
    DATE = "date"  # a year or a decade
    QUANTITY = "quantity"  # a number, with or without a unit


# Patterns over the folded question. DATE needs a past-tense "when" ("when was X introduced"),
# not the "when should I use a VAE" of a condition.
_NAME = re.compile(
    r"\bwho\s+(?:\w+\s+){0,2}?(?:invent|creat|develop|made|make|built|build|found|coin|"
    r"propos|introduc|wrote|writ|discover|describ|releas|design|train|own|publish|pioneer|"
    r"start|conceiv|"
    r"came\s+up)\w*|"
    r"\b(?:authors?|inventors?|creators?|founders?|developers?)\s+of\b|"
    r"\b(?:which|what)\s+(?:company|companies|organi[sz]ations?|lab|labs|team|university|"
    r"researchers?|firm|startup)\b"
)
_DATE = re.compile(
    r"\bwhen\s+(?:was|were|did|had)\b|\b(?:what|which|in\s+what)\s+(?:year|decade|century)\b|"
    r"\bhow\s+long\s+ago\b|\bsince\s+when\b"
)
_QUANTITY = re.compile(
    r"\bhow\s+(?:many|much|big|large|long|old|fast|small|heavy|tall|often)\b|"
    r"\b(?:what|which)\s+(?:\w+\s+){0,2}?(?:number|value|size|percentage|percent|amount|price|"
    r"cost|rate|ratio|dimensions?|temperature|setting)s?\b"
)
# Words between "what" and the measure that make it a definition ("what is the learning rate")
# rather than a request for a value.
_DEFINING = frozenset(["is", "are", "was", "were", "does", "do", "did", "the", "a", "an"])
# "how many <kind word>": the answer is counting a list the notes give.
_KIND_WORDS = frozenset(
    """types type kinds kind stages stage steps step components component parts part
    categories category ways way main examples example classes class sorts sort forms
    form phases phase elements element techniques technique methods method approaches
    approach models""".split()  # noqa: SIM905
)
# The words that ask for the kind of fact; they say nothing about the subject.
_ASKING = frozenset(
    """who whom whose when year years decade century company companies organization
    organisation organizations organisations lab labs team university person people
    researcher researchers author authors firm startup many much big large long old fast
    small heavy tall often number numbers value values size sizes percentage percent
    amount price cost rate ratio count dimension dimensions temperature setting ago
    since invented invent created create developed develop introduced introduce
    released release founded found first originally original typically usually
    exactly roughly approximately""".split()  # noqa: SIM905
)
_NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    fifty hundred hundreds thousand thousands million millions billion billions trillion
    trillions dozen dozens""".split()  # noqa: SIM905
)
# Measures too general to look for in the notes' sentence ("what value of beta"): the word
# they measure is looked for instead.
_GENERIC_MEASURES = frozenset(
    "number value size percentage percent amount setting".split()  # noqa: SIM905
)
_NUMBER = re.compile(r"(?<![\w.-])\d[\d,.]*\b")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b|(?<![\w-])'?\d0s\b")
# Numbers that are not facts: a list's numbering ("1. ", "b) "), a reference to a figure.
_MARKER = re.compile(r"^\W*(?:\d+|[a-zA-Z])[.)](?:\s+|$)")
_REFERENCE = re.compile(
    r"\b(?:figure|fig\.|table|section|chapter|step|part|stage|phase|version)\s*\d[\d.]*",
    re.IGNORECASE,
)
# A name: introduced "by" it, alone in brackets after a thing ("LLaMA (Meta)"), or a person's
# first and last name; capitalised words the notes also write in lower case are not names.
_CAP = r"[A-Z][\w-]*[a-z][\w-]*"
_BY_NAME = re.compile(rf"\bby\s+(?:the\s+)?(?:[a-z]+\s+)?({_CAP})")
_BRACKETED = re.compile(rf"\(\s*({_CAP})(?:\s+({_CAP}))?\s*\)")
_FULL_NAME = re.compile(rf"\b({_CAP})\s+({_CAP})\b")
_ACRONYM = re.compile(r"[A-Z]{2,}s?")


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind of fact, what it is about (stems), and, for a
    quantity, the word it counts or measures ("parameters" in "how many parameters")."""

    kind: AnswerType
    subject: frozenset[str]
    focus: frozenset[str]
    typed: frozenset[str]  # the question's own words, lower case: never its answer


def asked_for(question: str) -> Asked | None:
    """What kind of fact a question asks for, or None for an explanation, a list, a why."""
    q = " ".join(words(question))
    subject = frozenset(
        stem(w)
        for w in content_words(question, STOPWORDS | REQUEST_WORDS | _ASKING)
        if not w.isdigit()
    )
    typed = frozenset(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", question))
    if _DATE.search(q):
        return Asked(AnswerType.DATE, subject, frozenset(), typed)
    if _NAME.search(q):
        return Asked(AnswerType.NAME, subject, frozenset(), typed)
    for match in _QUANTITY.finditer(q):
        said = match.group(0).split()
        after = [w for w in q[match.end() :].split() if w not in STOPWORDS]
        if said[0] == "how":
            if said[1] == "many" and after and after[0] in _KIND_WORDS:
                continue  # counting the notes' own list
            focus = after[:1] if said[1] in ("many", "much") else []
        elif _DEFINING & set(said[1:-1]):
            continue  # "what is the learning rate": a definition
        elif said[-1].rstrip("s") in _GENERIC_MEASURES:
            focus = said[1:-1] or after[:1]
        else:
            focus = said[-1:]
        return Asked(AnswerType.QUANTITY, subject, frozenset(stem(w) for w in focus), typed)
    return None


class AnswerTypes:
    """Which passages state a fact of the asked kind, given the words of the notes."""

    def __init__(self, texts: Iterable[str]) -> None:
        lower: set[str] = set()
        for text in texts:
            lower.update(re.findall(r"\b[a-z][a-z]+\b", text))
        self._common = frozenset(lower)

    def states(self, asked: Asked, text: str, heading: str = "") -> bool:
        """Whether a sentence of `text` states a fact of the asked kind next to the subject
        (and, for a quantity, the word it measures): in it, in the sentence before it, or in
        the section's heading."""
        titled = {stem(w) for w in content_words(heading)}
        before: set[str] = set()
        for sentence in sentences(text, lines=True):
            sentence = _REFERENCE.sub(" ", _MARKER.sub("", sentence))
            own = {stem(w) for w in content_words(sentence)}
            # the sentence before counts too: "Named after John Weiss" follows the WDT line
            near, before = titled | before | own, own
            if asked.subject and not asked.subject & near:
                continue
            if asked.focus and not asked.focus & near:
                continue
            if self._has(asked, sentence):
                return True
        return False

    def _has(self, asked: Asked, sentence: str) -> bool:
        if asked.kind is AnswerType.DATE:
            return bool(_YEAR.search(sentence))
        if asked.kind is AnswerType.QUANTITY:
            numbers = [n for n in _NUMBER.findall(sentence) if not _YEAR.fullmatch(n)]
            return bool(numbers) or any(w in _NUMBER_WORDS for w in words(sentence))
        found = [(m.group(1),) for m in _BY_NAME.finditer(sentence)]
        found += [tuple(g for g in m.groups() if g) for m in _BRACKETED.finditer(sentence)]
        found += [m.groups() for m in _FULL_NAME.finditer(sentence)]
        return any(all(self._name(word, asked) for word in name) for name in found)

    def _name(self, word: str, asked: Asked) -> bool:
        """A proper name: not an acronym ("VAEs"), not a word of the question, and never
        written in lower case by the notes (so "Analogy" in "Simple Analogy" is not one)."""
        if _ACRONYM.fullmatch(word) or word.lower() in asked.typed:
            return False
        return not any(part in self._common for part in word.lower().split("-"))
