"""The words the notes use, and the terms a question names that they never do.

Similarity cannot tell "on the topic" from "about something the notes never mention": asked
"What is dropout regularization?", the notes' sections on training neural networks are close
in meaning, and the tutor would explain them instead. The class of question this catches: one
that names a specialist's term (not everyday English, tutor.language.everyday) that appears
nowhere in the notes, neither as that word nor its stem nor a near spelling of it (so a typo of
a word the notes do use is not taken for a new term), nor as one of their hyphenated words
written as one ("finetuned"), nor one of their two-word names written as one ("huggingface"),
nor as a learner's clipped form of one of their words ("pharma"). Words that say who the
learner is ("I'm a biochem researcher, ...") describe the asker, not the topic, and a word
that says what kind of organisation ("which pharma company ...") names no topic either.
A term named with a letter ("q-learning") counts only as the whole: its other part alone is
usually a notes word. Such a question asks about something the
notes do not cover, whatever its neighbours score. Numbers ("2017", "90s") are left to
retrieval.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from knowledge.uses import GROUP_WORDS
from tutor.language import (
    REQUEST_WORDS,
    SHORTHAND,
    STOPWORDS,
    content_words,
    everyday,
    fold,
    stem,
    words,
)

# A word this long or longer that is this close to a word of the notes (difflib's ratio) is
# taken for a misspelling of it ("discrimnator"), not a new term.
TYPO_MIN_CHARS = 5
TYPO_RATIO = 0.85
# English endings the Snowball stemmer leaves on ("heaviest" keeps "est", though "heavy"
# stems to "heavi"): a word that is a notes stem plus one of them is a form of a notes word.
ENDINGS = ("s", "es", "ed", "er", "ers", "est", "ly", "ing", "ness", "ity", "al", "ally")
# "pharma" (pharmaceutical), "diff" (difference): a clipped form keeps at least this many letters.
CLIPPED_MIN = 4
# Words a learner uses to ask about words themselves ("what does the acronym T5 mean?"): they
# name no topic, so they never make a question uncovered.
ABOUT_WORDS = frozenset([
    "acronym", "acronyms", "abbreviation", "abbreviations", "abbreviated", "initialism",
    "synonym", "synonyms",
])
# An acronym typed in capitals ("HMMs") is known when the notes spell it out: the initials of
# that many consecutive words of theirs ("Hidden Markov Models").
ACRONYM_MAX = 6
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
# "2017", "0.5", a decade ("90s"), an ordinal ("3rd"), a quantity written short ("10k reviews",
# "a 7b model", "2x faster"): numbers, not terms
_NUMBERISH = re.compile(r"\d+(?:\.\d+)?(?:s|st|nd|rd|th|k|m|b|bn|x)?", re.I)
# A name spelled out in capitals ("Hidden Markov Models", "Generative Adversarial Networks",
# "Reinforcement Learning from Human Feedback"): acronyms stand for such runs. Initials of any
# run of words would "spell out" nearly every three-letter acronym by chance ("PCA" from
# "pre-trained, capable and").
_NAME_RUN = re.compile(
    r"[A-Z][\w'-]*(?:[ \t]+(?:(?:of|for|from|and|the|to|in|with|on)[ \t]+)?[A-Z][\w'-]*)+")


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Who the learner is, or where they work ("I'm a biochem researcher, ...", "we're in a
# fintech startup", "as a radiology nurse"): the words describe the asker, not the topic, so a
# term among them never makes the question uncovered; whether the notes answer it is left to
# retrieval's relevance. Up to three words after the article.
_ABOUT_ME = re.compile(
    # "as a ..." only opening a clause: "known as a YOLO net" names a topic
    r"(?:\b(?:i'?m|i am|we'?re|we are)|(?:^|[,.;:!?])\s*as)\s+(?:(?:in|at|from|with|on)\s+)?"
    r"(?:a|an|the|my|our)"
    r"\s+((?:[\w'-]+[ \t]+){0,2}[\w'-]+)|\b(?:in|at|for|with)\s+(?:my|our)\s+"
    r"((?:[\w'-]+[ \t]+){0,2}[\w'-]+)",
    re.I,
)
# "Our radiology group has too few scans", "I work at a biotech startup": the asker's team.
_TEAM = re.compile(
    r"(?:(?:^|[.!?;]\s+)(?:my|our)|\b(?:at|in|for|with|from)\s+(?:a|an))\s+"
    r"((?:[\w'-]+[ \t]+){0,1}[\w'-]+)[ \t]+" + GROUP_WORDS + r"\b",
    re.I,
)
# "which pharma company is named?", "a fintech firm": the word before an organisation word
# says what kind of organisation, not what the question is about (the notes may well name the
# company). Only plain organisation words: "unit", "group" and "practice" follow terms too
# ("a GRU unit").
_ORG_KIND = re.compile(
    r"\b([\w'-]+)[ \t]+(?:compan(?:y|ies)|startups?|firms?|business(?:es)?|agenc(?:y|ies)|"
    r"hospitals?|clinics?|studios?|labs?)\b",
    re.I,
)
# A quoted run of three or more words is the learner's example (a prompt such as 'an owl
# reading a newspaper', a sentence to translate), not the topic asked about.
_QUOTED = re.compile(r"(?<!\w)[\"'“‘]((?:[^\"“”‘’\s]+\s+){2,}[^\"“”‘’\s]+?)[\"'”’](?!\w)")
# "my photos were copied into a dataset", "our files got leaked": a passive verb after a form of
# "be" or "get" tells what was done to the asker's things, not the topic asked about. Not
# after a question word ("how is data augmented?" asks about augmenting) nor opening the
# question ("is federated learning private?"). A verb in -ing stays a term: "our GAN is
# overfitting" names the problem asked about.
_DONE_TO_THEM = re.compile(
    r"\b(?!(?:what|how|why|when|where|which|who|whats|hows)\b)[\w']+[ \t]+"
    r"(?:is|are|was|were|been|being|get|gets|got)[ \t]+(?:\w+ly[ \t]+)?(\w+ed)\b",
    re.I,
)


def misspelt_everyday(word: str) -> bool:
    """Whether a word is one slip (a letter dropped, added, changed or two swapped) away from
    an everyday English word ("diffrence", "recieve"), or, short as it is, from a function word
    ("wat"): a typo of ordinary English is not a specialist's term. A word that differs only
    in its ending ("exchanger", "exchanged") is a word of its own, not a slip. Some terms are
    one slip from a word too ("perceptron", "perception"), so the question must also name
    something the notes do know before the word is taken for a typo (unknown_terms)."""
    if len(word) < 3 or not word.isalpha():
        return False
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    near = {a + b[1:] for a, b in splits if b}
    near |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    near |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    near |= {a + c + b for a, b in splits for c in _LETTERS}
    if len(word) <= TYPO_MIN_CHARS:
        # short words are one slip from too many others ("bert", "bart"); two letters swapped
        # is the commonest slip and stays rare by chance ("imgae", "teh")
        swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        return bool(near & (STOPWORDS - SHORTHAND)) or (
            len(word) >= 4 and any(everyday(w) for w in swapped - {word})
        )
    head = len(word) - 2  # a slip in the last two letters is an ending: another word
    return any(everyday(w) for w in near if w[:head] != word[:head])


# Endings that make a new word of a word ("real" -> "realistic"): a learner's word the notes
# write with one of them is the same term.
DERIVATIONS = ("istic", "istically", "ism", "ist", "ity", "ation", "ness", "ic", "ical",
               "ically", "ive", "ively", "al", "ally")


class NotesVocabulary:
    """Every content word of a set of notes, as written and as stems."""

    def __init__(self, texts: Iterable[str], names: Iterable[str] = ()) -> None:
        """`texts` are the notes' sections; `names` their file names, words of the notes too
        ("what's in the at-a-glance table?" names a note, not a topic the notes lack)."""
        self.words: set[str] = set()
        self.initialisms: set[str] = set()
        self.joined: set[str] = set()
        texts_seen = [*texts, *sorted(names)]
        for text in texts_seen:
            self.words.update(content_words(text))
            for run in _NAME_RUN.findall(text):
                named = words(run)
                # a two-word name written as one: "Hugging Face" -> "huggingface"
                self.joined.update(a + b for a, b in zip(named, named[1:], strict=False))
                heads = "".join(w[0] for w in named if w not in STOPWORDS)
                for n in range(2, ACRONYM_MAX + 1):
                    self.initialisms.update(heads[i : i + n] for i in range(len(heads) - n + 1))
        self.stems = {stem(w) for w in self.words}
        # hyphenated words as one: "fine-tuned" -> "finetuned"
        hyphenated = {w for t in texts_seen for w in words(t) if "-" in w}
        self.joined |= {w.replace("-", "") for w in hyphenated}
        self.hyphen_runs = {f"-{w}-" for w in hyphenated}
        self.joined_stems = {stem(w) for w in self.joined}
        self._by_length: dict[int, list[str]] = {}
        for w in self.words:
            self._by_length.setdefault(len(w), []).append(w)

    def knows(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        if any(word.endswith(e) and len(word) - len(e) >= 3 and word[: -len(e)] in self.stems
               for e in ENDINGS):
            return True
        if self._joined(word) or self._clipped(word):
            return True
        # the notes' word with a derivational ending the learner left off: "photoreal" for
        # "photorealistic", "modular" for "modularity"
        if len(word) >= CLIPPED_MIN and any(word + d in self.words for d in DERIVATIONS):
            return True
        if len(word) < TYPO_MIN_CHARS:
            return False
        near = [w for n in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(n, ())]
        return bool(difflib.get_close_matches(word, near, n=1, cutoff=TYPO_RATIO))

    def _joined(self, word: str) -> bool:
        """A hyphenated word of the notes written as one ("finetuned" for "fine-tuned"). Any two
        notes words would be too many: "photosynthesis" is "photo" + "synthesis"."""
        return word in self.joined or stem(word) in self.joined_stems

    def _clipped(self, word: str) -> bool:
        """A learner's short form of a notes word ("pharma", "diff", "stats"): its first letters,
        at least CLIPPED_MIN of them, with at least as many again left off."""
        if len(word) < CLIPPED_MIN or not word.isalpha():
            return False
        return any(len(w) >= 2 * len(word) and w.startswith(word) for w in self.words)

    def spells_out(self, acronym: str) -> bool:
        """Whether the notes spell out an acronym (a trailing plural "s" aside)."""
        letters = acronym[:-1] if acronym.endswith("s") and len(acronym) > 2 else acronym
        return letters.isalpha() and letters in self.initialisms

    def unknown_terms(self, question: str) -> list[str]:
        """The specialist's terms of `question` that the notes never use, in order, spelled
        as the learner typed them ("YOLO", not "yolo")."""
        typed = {fold(t): t for t in _TOKEN.findall(question)}
        capitals = {f for f, t in typed.items() if sum(c.isupper() for c in t) > 1}
        found: list[str] = []
        about_me = {w for m in _ABOUT_ME.finditer(question) for g in m.groups() if g
                    for w in content_words(g)}
        about_me |= {w for pattern in (_TEAM, _ORG_KIND, _QUOTED, _DONE_TO_THEM)
                     for m in pattern.finditer(question)
                     for w in content_words(m.group(1))}
        for token in typed:
            # "q-learning", "t-sne": a term named with a letter is one whole; its other part
            # alone ("learning") is a notes word, so it must be known as the whole
            parts = token.split("-")
            joined = token.replace("-", "")
            if (len(parts) > 1 and all(p.isalpha() for p in parts)
                    and any(len(p) == 1 for p in parts)
                    and not self._joined(joined) and token not in self.words
                    # part of a hyphenated word of theirs: "at-a-glance" in "ai-at-a-glance"
                    and not any(f"-{token}-" in run for run in self.hyphen_runs)):
                found.append(token)
        for w in content_words(question, STOPWORDS | REQUEST_WORDS | ABOUT_WORDS):
            if (_NUMBERISH.fullmatch(w) or w in found or w in about_me or everyday(w)
                    or self.knows(w)):
                continue
            if misspelt_everyday(w) and any(
                self.knows(o) for o in content_words(question, STOPWORDS | REQUEST_WORDS)
                if o != w
            ):
                continue  # "the diffrence between a GAN and a VAE": a slip, not a topic
            if w in capitals and self.spells_out(w):
                continue
            found.append(w)
        return [typed.get(w, w) for w in found]
