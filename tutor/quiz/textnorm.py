"""Text helpers shared by the bank and the grader: markup stripping, normalising, content words.

Pure functions; stems come from the Snowball (Porter2) English stemmer.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

import snowballstemmer

_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])|</?u>|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ARTICLES = {"a", "an", "the"}
_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()

STOPWORDS = frozenset(
    """a an the and or of to in on for by with from as at into onto over under than then
    that this these those it its is are was were be been being do does did done can could
    may might must should would will shall has have had having not no nor but so such
    which who whom whose what when where why how there here their them they we you your our
    i me my he she his her us also just only very more most much many some any each every
    both either neither other another same own about above below up down out off again
    further once all few too s t e g eg ie etc like via per while if because until whether
    one based used use using uses make makes made way ways thing things basically really
    called known including include includes even consist consists consisting refers
    refer denotes""".split()  # noqa: SIM905
)

# Words a teacher accepts for one another, one group per line, the first word the group's
# name. General English, not tied to any item: answers are graded on meaning, and "people
# prefer" should meet "human preferences". Stemmed at import with the same stemmer.
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
    ("remove", "denoise", "strip", "eliminate", "subtract"),
    ("noise", "random", "randomness"),
    ("gradual", "step", "iterative", "progressive", "incremental"),
    ("compete", "competition", "adversarial", "against", "fight", "rival", "oppose", "duel"),
    ("sequential", "sequence", "order"),
    ("previous", "prior", "earlier", "preceding", "past"),
    ("large", "huge", "massive", "big", "vast", "enormous", "significant", "lot", "lots",
     "plenty", "tons"),
    ("small", "tiny", "little", "compact"),
    ("mimic", "imitate", "copy", "resemble", "similar", "alike"),
    ("text", "word", "language"),
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
    ("lose", "loss", "lost", "losing"),
    ("allow", "let", "enable", "permit"),
    ("prevent", "avoid", "stop", "block"),
    ("direct", "directly", "straight"),
    ("understand", "comprehend", "comprehension", "grasp", "interpret"),
    ("prefer", "preference", "want", "desire"),
    ("align", "match", "conform"),
    ("output", "result", "response", "reply"),
    ("quality", "good", "fidelity"),
    ("data", "information", "info"),
    ("fast", "quick", "rapid", "speed"),
)

def strip_markup(text: str) -> str:
    """Markdown emphasis, links, HTML and emoji removed; spacing tidied."""
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\-", "-").replace("\\+", "+")
    text = "".join(ch for ch in text if not _is_symbol(ch))
    return re.sub(r"[ \t]+", " ", text).strip()


def _is_symbol(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat == "So" or cat == "Cs" or ch in "\ufe0f\u200d"


def fold(text: str) -> str:
    """Lower-case ASCII-ish fold: accents gone, DALL·E -> dall e, dashes unified."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("\u2019", "'").replace("\u2014", " ").replace("\u2013", " ")


def normalize(text: str) -> str:
    """For exact comparison: case, punctuation, whitespace and articles ignored."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(strip_markup(text))) if w not in _ARTICLES]
    return " ".join(words)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """The Snowball (Porter2) English stem: 'preferences' and 'prefer' both give 'prefer'."""
    return _stem_word(word.lower())


@lru_cache(maxsize=65536)
def _stem_word(word: str) -> str:
    with _STEMMER_LOCK:  # a Snowball stemmer keeps state while it works
        return _STEMMER.stemWord(word)


SYNONYMS: dict[str, str] = {
    stem(word): stem(group[0]) for group in SYNONYM_GROUPS for word in group
}


def canon(word: str) -> str:
    """A stem mapped through the synonym table, so 'creates' meets 'generating'."""
    s = stem(word)
    return SYNONYMS.get(s, s)


def content_words(text: str) -> list[str]:
    """Words that carry meaning (stopwords dropped), in order, not yet stemmed."""
    out: list[str] = []
    for w in words(text):
        for part in w.split("-"):
            if part and part not in STOPWORDS and not (len(part) == 1 and not part.isdigit()):
                out.append(part)
    return out


def content_stems(text: str) -> list[str]:
    """The distinct stems of the content words, in order (no synonym mapping)."""
    return list(dict.fromkeys(stem(w) for w in content_words(text)))


def fuzzy_equal(a: str, b: str, threshold: float = 0.84) -> bool:
    """Same word allowing a typo: 'discrimnator' still meets 'discriminator'."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= 5
    return SequenceMatcher(None, a, b).ratio() >= threshold


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations like e.g. and i.e. intact."""
    protected = re.sub(
        r"\b(e\.g|i\.e|etc|vs|Dr|Mr|Ms)\.", lambda m: m.group(0).replace(".", "§"), text
    )
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“*(])", protected)
    return [p.replace("§", ".").strip() for p in parts if p.strip()]
