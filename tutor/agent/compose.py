"""Turning retrieved passages and a model's draft into an Answer a learner can trust:
supported sentences kept, unsupported ones listed, numbered citations, and quotes in the
notes' own words. Pure given the checker, so tests can drive it directly."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.types import Passage
from tutor.agent.events import Answer, Citation, Quote
from tutor.agent.faithfulness import FaithfulnessChecker, split_sentences

NOT_COVERED = (
    "Your notes don't cover this, so I won't guess. "
    "Try rephrasing, or add notes on it with /notes DIR."
)


def usable(passages: Sequence[Passage]) -> list[Passage]:
    """Relevant passages with text (outline-only sections excluded)."""
    return [p for p in passages if p.relevant and not p.empty and p.text.strip()]


def outline_only(passages: Sequence[Passage]) -> list[Passage]:
    return [p for p in passages if p.relevant and (p.empty or not p.text.strip())]


def not_covered(passages: Sequence[Passage]) -> Answer:
    """The plain 'not in the notes' answer, or 'named but empty' for outline-only sections."""
    empty = outline_only(passages)
    if empty:
        p = empty[0]
        return Answer(
            f"The notes name this topic ({p.note} › {p.section}) but say nothing about it yet.",
            [Citation(1, p.note, p.section)],
            [],
            [],
            {},
            False,
        )
    return Answer(NOT_COVERED, [], [], [], {}, False)


def extractive(
    question: str, passages: Sequence[Passage], checker: FaithfulnessChecker, n: int = 2
) -> str:
    """The notes' own sentences closest to the question, each marked with its passage number."""
    best = checker.best_sentences(question, [p.text for p in passages], n=n)
    return " ".join(f"{s} [{i + 1}]" for i, s, _ in best)


def _quotes(
    query: str, passages: Sequence[Passage], checker: FaithfulnessChecker, n: int = 2
) -> list[Quote]:
    picks = checker.best_sentences(query, [p.text for p in passages], n=n)
    quotes = [Quote(passages[i].note, passages[i].section, s) for i, s, _ in picks]
    if not quotes and passages:  # passages whose text has no full sentence
        quotes = [Quote(passages[0].note, passages[0].section, passages[0].text.strip()[:240])]
    return quotes


def compose(
    question: str,
    draft: str,
    passages: Sequence[Passage],
    checker: FaithfulnessChecker,
    timings: dict | None = None,
) -> Answer:
    """The checked Answer for `draft` (the model's words, or "" for extractive-only)."""
    shown = list(passages)
    if not shown:
        raise ValueError("compose needs at least one usable passage")
    texts = [p.text for p in shown]
    sentences = split_sentences(draft)
    verdicts = checker.check(sentences, texts)
    supported = [v for v in verdicts if v.supported]
    unsupported = [v.sentence for v in verdicts if not v.supported]
    if supported:
        body = " ".join(v.sentence for v in supported)
    else:  # nothing the model said is backed: let the notes speak
        body = extractive(question, shown, checker)
    used = {v.passage for v in supported}
    used |= {int(m) - 1 for m in re.findall(r"\[(\d+)\]", body) if 0 < int(m) <= len(shown)}
    quotes = _quotes(f"{question} {body}", shown, checker)
    used |= {
        i for i, p in enumerate(shown) for q in quotes if (p.note, p.section) == (q.note, q.section)
    }
    seen: set[tuple[str, str]] = set()
    citations = []
    for i in sorted(used or {0}):
        key = (shown[i].note, shown[i].section)
        if key not in seen:
            seen.add(key)
            citations.append(Citation(i + 1, *key))
    return Answer(body, citations, quotes, unsupported, dict(timings or {}), True)
