"""Fair grading without an LLM: exact match for multiple choice and cloze; for free text,
coverage of the reference's key facts plus MiniLM similarity to the reference.

Pure functions: the embedder comes in as a callable, so tests and the bench pass the real one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tutor.quiz.items import LETTERS, Item, Verdict
from tutor.quiz.textnorm import canon, content_words, fuzzy_equal, normalize, stem, words

EmbedFn = Callable[[Sequence[str]], np.ndarray]

# Tuned on bench/grading.jsonl (the tuning split); see bench/grading.py.
CORRECT_AT = 0.60
PARTLY_AT = 0.34
FACT_FULL = 0.6  # a fact counts fully once this share of its words is present
SIM_LOW, SIM_HIGH = 0.25, 0.80
W_FACTS = 0.55
LIST_CORRECT = 0.75
MAX_ANSWER = 2000


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    score: float
    missing: list[str]


def _verdict(score: float, correct_at: float = CORRECT_AT, partly_at: float = PARTLY_AT) -> Verdict:
    if score >= correct_at:
        return "correct"
    return "partly" if score >= partly_at else "incorrect"


def _alternatives(answer: str) -> list[str]:
    """'Generative AI (GenAI)' may be answered as either name."""
    alts = [answer, re.sub(r"\s*\([^)]*\)", "", answer)]
    alts += re.findall(r"\(([^)]+)\)", answer)
    return [a for a in dict.fromkeys(a.strip() for a in alts) if normalize(a)]


def _stem_key(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in normalize(text).split())


def grade_exact(item: Item, answer: str) -> Assessment:
    """mcq: the choice (or its letter); cloze: the blanked term, plural or acronym allowed."""
    given = answer.strip()
    if item.kind == "mcq" and item.choices:
        letter = given.strip(" .)").upper()
        if len(letter) == 1 and letter in LETTERS[: len(item.choices)]:
            given = item.choices[LETTERS.index(letter)]
    key = _stem_key(given)
    ok = bool(key) and any(key == _stem_key(alt) for alt in _alternatives(item.answer))
    return Assessment("correct" if ok else "incorrect", 1.0 if ok else 0.0, [] if ok else [item.answer])


def _stems(text: str) -> list[str]:
    return list(dict.fromkeys(canon(w) for w in content_words(text)))


def _share(fact_stems: Sequence[str], answer_stems: Sequence[str]) -> float:
    if not fact_stems:
        return 0.0
    hit = sum(1 for f in fact_stems if any(fuzzy_equal(f, a) for a in answer_stems))
    return hit / len(fact_stems)


def fact_shares(facts: Sequence[str], answer: str, question: str = "") -> list[float]:
    """For each key fact, the share of its content words the answer covers (question words excluded)."""
    asked = {stem(w) for w in content_words(question)}
    answer_stems = [s for s in _stems(answer)]
    shares = []
    for fact in facts:
        fs = [canon(w) for w in content_words(fact) if stem(w) not in asked]
        fs = list(dict.fromkeys(fs)) or _stems(fact)
        shares.append(_share(fs, answer_stems))
    return shares


def _coverage(shares: Sequence[float]) -> float:
    return float(np.mean([min(1.0, s / FACT_FULL) for s in shares])) if shares else 0.0


def _is_copy(answer: str, question: str) -> bool:
    mine = {stem(w) for w in content_words(answer)}
    asked = {stem(w) for w in content_words(question)}
    return bool(mine) and mine <= asked


def grade_list(item: Item, answer: str) -> Assessment:
    """Name-the-members questions: share of members named (either name of a member counts)."""
    answer_stems = _stems(answer)
    named, missing = 0, []
    for member in item.key_facts:
        best = max((_share(_stems(alt), answer_stems) for alt in _alternatives(member)), default=0.0)
        if best >= 0.6:
            named += 1
        else:
            missing.append(member)
    score = named / len(item.key_facts) if item.key_facts else 0.0
    return Assessment(_verdict(score, LIST_CORRECT, 0.34), score, missing)


def grade_free(item: Item, answer: str, embed: EmbedFn) -> Assessment:
    """Key facts covered plus similarity to the reference; wrong-but-related answers that fit a
    sibling (e.g. the generator's job given for the discriminator) are marked down."""
    facts = item.key_facts or [item.answer]
    text = answer.strip()[:MAX_ANSWER]
    if len(content_words(text)) == 0 or _is_copy(text, item.question) or not _has_words(text):
        return Assessment("incorrect", 0.0, list(facts))
    shares = fact_shares(facts, text, item.question)
    coverage = _coverage(shares)
    refs = [item.answer, *item.siblings]
    vecs = embed([text, *refs])
    sims = vecs[1:] @ vecs[0]
    sim = float(sims[0])
    sim_part = float(np.clip((sim - SIM_LOW) / (SIM_HIGH - SIM_LOW), 0.0, 1.0))
    score = W_FACTS * coverage + (1 - W_FACTS) * sim_part
    if item.siblings:
        best = int(np.argmax(sims[1:]))
        sib_cov = _coverage(fact_shares([item.siblings[best]], text, item.question))
        if float(sims[1 + best]) > sim + 0.05 and sib_cov >= coverage:
            score *= 0.5  # it describes a neighbour better than the asked term
    score = float(np.clip(score, 0.0, 1.0))
    missing = [f for f, s in zip(facts, shares, strict=True) if s < 0.5]
    verdict = _verdict(score)
    if verdict == "correct" and len(missing) == len(facts) and len(facts) > 1:
        verdict = "partly"  # similar in spirit but none of the facts stated
    return Assessment(verdict, score, missing if verdict != "correct" else [])


def _has_words(text: str) -> bool:
    """At least one token that looks like a word (vowel, letters), so 'asdf qwrt' fails fast."""
    return any(re.search(r"[aeiouy]", w) and len(w) >= 2 for w in words(text))


def grade_answer(item: Item, answer: str, embed: EmbedFn) -> Assessment:
    """Dispatch on the item's kind; never raises on odd input."""
    answer = answer if isinstance(answer, str) else ""
    if item.kind in ("mcq", "cloze"):
        return grade_exact(item, answer)
    if item.kind == "list":
        return grade_list(item, answer)
    return grade_free(item, answer, embed)
