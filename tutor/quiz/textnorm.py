"""Quiz-only text helpers for the bank and the grader: exact-match normalising, a
teacher's synonyms and typo-tolerant word matching.

Words, stopwords, stems, sentences and markup stripping (`plain`) come from `tutor.language`,
the one home for them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from tutor.language import fold, plain, stem

_ARTICLES = {"a", "an", "the"}

# Words a teacher accepts for one another, one group per line, the first word the group's
# name. General English, not tied to any item: answers are graded on meaning, and "people
# prefer" should meet "human preferences". Stemmed at import with the same stemmer. No group
# pairs words only one topic of the notes makes alike ("noise" and "random" for diffusion,
# "adversarial" and "against" for GANs): that would be tuning to the items, not English.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("generate", "produce", "production", "create", "creation", "make", "synthesize",
     "synthesis", "synthesise"),
    ("fake", "synthetic", "artificial", "counterfeit", "bogus"),
    ("real", "genuine", "authentic", "actual"),
    ("image", "picture", "photo", "photograph"),
    ("compress", "encode", "condense", "shrink"),
    ("distinguish", "classify", "discriminate", "detect", "tell", "spot", "judge",
     "differentiate"),
    ("assess", "evaluate", "evaluation", "check", "measure", "test", "examine", "rate",
     "gauge"),
    ("reconstruct", "rebuild", "recreate", "restore"),
    ("remove", "strip", "eliminate", "subtract"),
    ("gradual", "iterative", "progressive", "incremental"),
    ("compete", "competition", "rival"),
    ("sequential", "sequence", "order"),
    ("previous", "prior", "earlier", "preceding", "past"),
    ("large", "huge", "massive", "big", "vast", "enormous", "significant", "lot", "lots",
     "plenty", "tons"),
    ("small", "tiny", "little", "compact"),
    ("mimic", "imitate", "copy", "resemble", "similar", "alike"),
    ("focus", "attend", "attention", "concentrate"),
    ("predict", "guess", "forecast", "anticipate"),
    ("piece", "part", "chunk", "fragment", "portion"),
    ("split", "break", "divide", "chop", "segment", "cut"),
    ("important", "relevant", "key", "main", "crucial", "essential", "vital"),
    ("human", "people", "person", "user"),
    ("need", "require", "requirement", "necessary", "demand"),
    ("multiple", "several", "various", "diverse", "variety", "different"),
    ("type", "kind", "sort", "form", "modality", "category"),
    ("convert", "turn", "transform", "translate", "map"),
    ("number", "numeric", "numerical"),
    ("prevent", "avoid", "stop", "block"),
    ("understand", "comprehend", "comprehension", "grasp", "interpret"),
    ("prefer", "preference", "want", "desire"),
    ("output", "result", "response", "reply"),
    ("data", "information", "info"),
    ("fast", "quick", "rapid", "speed"),
)


def normalize(text: str) -> str:
    """For exact comparison: case, punctuation, whitespace and articles ignored."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(plain(text))) if w not in _ARTICLES]
    return " ".join(words)


SYNONYMS: dict[str, str] = {
    stem(word): stem(group[0]) for group in SYNONYM_GROUPS for word in group
}


def canon(word: str) -> str:
    """A stem mapped through the synonym table, so 'creates' meets 'generating'."""
    s = stem(word)
    return SYNONYMS.get(s, s)


def fuzzy_equal(a: str, b: str, threshold: float = 0.84) -> bool:
    """Same word allowing a typo: 'discrimnator' still meets 'discriminator'."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= 5
    return SequenceMatcher(None, a, b).ratio() >= threshold


