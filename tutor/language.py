"""English text handling for the whole tutor: words, stopwords, stems and sentences.

The one home for them. Retrieval's BM25 terms, the faithfulness check's content words, the
quiz grader's words and every sentence splitter come from here, so "GANs", "GAN's" and "gan"
are the same word everywhere. Stems are Snowball (Porter2) English, the stemmer `bm25s`
itself offers; stopwords are English function words plus the filler words learners and
notes use in every sentence ("basically", "called", "used") and informal shorthand
("incl", "thru").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Chat shorthand for longer words: not what a question is about, and not a word a short
# typo is a slip of ("PPO" is one letter from "ppl", and no slip of it).
SHORTHAND = frozenset(["recs", "btw", "imo", "imho", "idk", "ppl", "smth", "sth"])
STOPWORDS = SHORTHAND | frozenset(
    """a an the and or of to in on for by with from as at into onto over under than then
    that this these those it its is are was were be been being do does did done can could
    may might must should would will shall has have had having not no nor but so such
    which who whom whose what when where why how there here their them they we you your our
    i me my he she his her us also just only very more most much many some any each every
    both either neither other another same own about above below up down out off again
    further once all few too s t e g eg ie etc like via per while if because until whether
    one based used use using uses make makes made way ways thing things basically
    really called known including include includes even consist consists consisting
    refers refer denotes whats hows whys wheres whos thats wat hey hi hello ok okay um uh
    pls plz thx vs versus exactly actually precisely essentially simply literally anyway
    kinda sorta incl thru abt tho bc ur nutshell gist lowdown tldr eli5""".split()  # noqa: SIM905
)

# The words of asking ("please explain ... to me"): no note answers a question by them, so
# search drops them from a query as well as the stopwords.
REQUEST_WORDS = frozenset(["explain", "tell", "describe", "define", "give", "please"])

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()

# A sentence ends at . ! or ? (a closing quote or bracket may follow) before a space and
# a capital, digit, quote, bracket or bold mark, but not after an abbreviation.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "Dr.", "Mr.", "Ms.", "Fig.", "approx.")
_SENTENCE_END = re.compile(
    "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS)
    + r"(?:(?<=[.!?])|(?<=[.!?][\"')\]\u201d]))\s+(?=[\"'(\[\u201c*]?[A-Z0-9*])"
)
# Typed chat is often all lower case ("what's rlhf? saw it somewhere"): any next word starts one.
_TYPED_SENTENCE_END = re.compile(
    "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS) + r"(?<=[.!?])\s+(?=\S)"
)


def fold(text: str) -> str:
    """Lower-case ASCII-ish fold: accents gone, DALL·E -> dall e, dashes unified."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("\u2019", "'").replace("\u2014", " ").replace("\u2013", " ")


def words(text: str) -> list[str]:
    """Folded word tokens in order; hyphenated and apostrophe words stay whole."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """The Snowball (Porter2) English stem: 'preferences' and 'prefer' both give 'prefer'."""
    return _stem_word(word.lower())


@lru_cache(maxsize=65536)
def _stem_word(word: str) -> str:
    with _STEMMER_LOCK:  # a Snowball stemmer keeps state while it works
        return _STEMMER.stemWord(word)


def content_words(text: str, drop: frozenset[str] = STOPWORDS) -> list[str]:
    """Words that carry meaning, in order and with repeats, not yet stemmed: stopwords and
    single letters dropped (digits kept), hyphenated words split, a possessive 's removed."""
    out: list[str] = []
    for w in words(text):
        for part in w.removesuffix("'s").split("-"):
            if part and part not in drop and (len(part) > 1 or part.isdigit()):
                out.append(part)
    return out


def terms(text: str, drop: frozenset[str] = STOPWORDS) -> list[str]:
    """The stems of the content words, in order with repeats (what BM25 counts)."""
    return [stem(w) for w in content_words(text, drop)]


def content_stems(text: str) -> list[str]:
    """The distinct stems of the content words, in order."""
    return list(dict.fromkeys(terms(text)))


def sentences(text: str, lines: bool = False, typed: bool = False) -> list[str]:
    """Split prose into sentences, keeping abbreviations like e.g. and i.e. intact; with
    `lines`, every line break ends a sentence too (bullets, table rows, headings); `typed`
    text (a chat message) may start a sentence in lower case."""
    text = text or ""
    pieces = text.splitlines() if lines else [text]
    end = _TYPED_SENTENCE_END if typed else _SENTENCE_END
    return [s.strip() for piece in pieces for s in end.split(piece) if s.strip()]


# Citation marks a model puts after a sentence's stop: " [1]", "[2][3]".
_CITED = re.compile(r"(?:\s*\[\d+\])+")


def without_unfinished(text: str) -> str:
    """Text that stopped mid-sentence ("... A VAE is like"), less that unfinished last
    sentence: up to the end of the last finished one (its citation marks kept) or the last
    line break. Text that is one unfinished sentence is kept whole."""
    stripped = text.rstrip()
    start = stripped.rfind("\n") + 1
    last = sentences(stripped[start:])
    if not last:
        return text
    tail = last[-1]
    bare = _CITED.sub("", tail).rstrip("\"')]\u201d\u2019 ")
    if bare.endswith((".", "!", "?")):
        return text
    cut = stripped.rfind(tail)
    cited = _CITED.match(tail)
    kept = stripped[: cut + (cited.end() if cited else 0)].rstrip()
    return kept or text


# Words no finished English sentence ends on: "The library to install is." is a sentence whose
# answer a small voice left out (it put a citation mark there instead).
_DANGLING = frozenset("""is are was were be the a an of with and or by from than called named
    include includes including as""".split())  # noqa: SIM905
_COPULAS = frozenset(["is", "are", "was", "were", "be"])
_WH = frozenset(["what", "who", "where", "how", "which", "whatever"])


def dangles(sentence: str) -> bool:
    """Whether a sentence stops on a word no sentence ends with ("... from Python is."); a
    clause that ends on its verb ("it is what it is", "ask what a latent space is") is
    finished."""
    said = words(_CITED.sub("", sentence))
    if not said or said[-1] not in _DANGLING:
        return False
    return not (said[-1] in _COPULAS and _WH & set(said[-5:-1]))


_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])|</?u>|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Text without Markdown (emphasis, links, HTML) and pictographs (emoji and their
    joiners): what a reader, a grader or a small model needs of a note's line. Line breaks
    are kept; runs of spaces become one."""
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\-", "-").replace("\\+", "+")
    text = "".join(ch for ch in text if not _is_symbol(ch))
    return re.sub(r"[ \t]+", " ", text).replace(" \n", "\n").strip()


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Cs") or ch in "\ufe0f\u200d"


# Zipf frequency (log10 of uses per billion words, wordfreq's scale) below which a word is a
# specialist's term rather than everyday English: 3.5 is about 3 uses in a million words
# ("dropout", "federated", "lasagna" fall below it; "pictures", "happens", "besides" do not).
# Chosen on the dev split of the outside annotators' questions (bench/retrieval_sets.py).
EVERYDAY_ZIPF = 3.5


def everyday(word: str) -> bool:
    """Whether an English word is common in everyday text (wordfreq's Zipf frequency, built
    from subtitles, books, news, the web and more), rather than a specialist's term or a name."""
    from wordfreq import zipf_frequency  # its word lists load on first use, not at import

    if zipf_frequency(word, "en") >= EVERYDAY_ZIPF:
        return True
    # a plural is as everyday as its singular, though rarer in print ("downsides": 2.8,
    # "downside": 3.5); a term's plural stays a term ("embeddings", "GANs")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return zipf_frequency(word[:-1], "en") >= EVERYDAY_ZIPF
    # so is an adverb made of an everyday adjective ("reliably": 3.4, "reliable": 4.3;
    # "realistically", "cheaply", "creatively"); a term's adverb stays a term
    if len(word) > 5 and word.endswith("ly"):
        bases = (word[:-2], word[:-1] + "e", word[:-4], word[:-3] + "y")
        return any(zipf_frequency(b, "en") >= EVERYDAY_ZIPF for b in bases if len(b) > 2)
    return False

