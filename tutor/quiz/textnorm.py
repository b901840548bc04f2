"""Text helpers shared by the bank and the grader: markup stripping, normalising, content words.

Pure functions; a light stemmer stands in for a real one so nothing heavy is needed.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])|</?u>|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ARTICLES = {"a", "an", "the"}

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

# A few equivalences a teacher would accept; kept small and explicit.
SYNONYMS: dict[str, str] = {
    "produce": "generat",
    "produc": "generat",
    "creat": "generat",
    "make": "generat",
    "creation": "generat",
    "gener": "generat",
    "production": "generat",
    "synthesis": "generat",
    "synthes": "generat",
    "synthesiz": "generat",
    "generat": "generat",
    "fake": "fake",
    "synthetic": "fake",
    "artificial": "fake",
    "counterfeit": "fake",
    "genuin": "real",
    "authentic": "real",
    "real": "real",
    "picture": "imag",
    "photo": "imag",
    "imag": "imag",
    "compress": "compress",
    "encod": "compress",
    "condens": "compress",
    "distinguish": "distinguish",
    "classify": "distinguish",
    "classifi": "distinguish",
    "discriminat": "distinguish",
    "detect": "distinguish",
    "tell": "distinguish",
    "spot": "distinguish",
    "judg": "distinguish",
    "evaluat": "distinguish",
    "rebuild": "reconstruct",
    "reconstruct": "reconstruct",
    "recreat": "reconstruct",
    "remov": "remov",
    "denois": "remov",
    "strip": "remov",
    "nois": "nois",
    "random": "nois",
    "gradual": "gradual",
    "step": "gradual",
    "iterativ": "gradual",
    "competit": "compet",
    "compet": "compet",
    "adversari": "compet",
    "against": "compet",
    "fight": "compet",
    "rival": "compet",
    "sequenti": "sequenti",
    "sequenc": "sequenti",
    "order": "sequenti",
    "previou": "previou",
    "prior": "previou",
    "earlier": "previou",
    "preced": "previou",
    "huge": "larg",
    "massiv": "larg",
    "big": "larg",
    "larg": "larg",
    "vast": "larg",
    "mimic": "mimic",
    "imitat": "mimic",
    "copi": "mimic",
    "resembl": "mimic",
    "similar": "mimic",
    "word": "text",
    "text": "text",
    "languag": "text",
    "focu": "focu",
    "attend": "focu",
    "attent": "focu",
    "predict": "predict",
    "guess": "predict",
    "forecast": "predict",
    "piec": "piec",
    "part": "piec",
    "chunk": "piec",
    "fragment": "piec",
    "token": "token",
    "break": "split",
    "split": "split",
    "divid": "split",
    "chop": "split",
    "segment": "split",
    "important": "import",
    "import": "import",
    "relevant": "import",
    "key": "import",
    "main": "import",
    "cruci": "import",
    "essenti": "import",
}


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
    """A deliberately small suffix stripper: enough to match plural/tense variants."""
    w = word.lower()
    for suffix, keep in (
        ("ational", 5),
        ("ization", 5),
        ("isation", 5),
        ("ations", 5),
        ("ation", 5),
        ("ically", 4),
        ("ities", 4),
        ("ity", 4),
        ("ively", 4),
        ("ive", 4),
        ("ments", 4),
        ("ment", 4),
        ("ness", 4),
        ("ings", 4),
        ("ing", 3),
        ("ies", 3),
        ("ied", 3),
        ("ers", 4),
        ("er", 4),
        ("ed", 3),
        ("es", 4),
        ("ly", 4),
        ("al", 4),
        ("s", 3),
        ("e", 4),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    return w


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
    seen: dict[str, None] = {}
    for w in content_words(text):
        seen.setdefault(canon(w), None)
    return list(seen)


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
