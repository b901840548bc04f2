"""Which generated sentences the retrieved notes support, and which note sentences to quote.

No offline NLI or cross-encoder model is installable here (the package lists hold none with
bundled weights; the hub is unreachable), so support is judged with the shared MiniLM:
a sentence is supported when some passage sentence is close in meaning (cosine >= a
threshold) AND it brings no new numbers and at least half its content words appear in the
passages. Thresholds are measured on hand-labelled sentences (bench/faithfulness.py).
The lexical guards catch the typical small-model error: a fluent, on-topic
sentence with a wrong year or name, which embeddings alone score as similar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tutor.language import content_stems, sentences, words

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# a decade is a number too: "in the 1980s" where the notes say the 1990s
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?(?=s?\b)")
# Counts written as words are numbers too: "there are four types of LLMs" where the notes list
# six is the small voice's commonest wrong figure. ("one" is left out: "one token at a time".)
_COUNTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(_COUNTS, start=2)}


def numbers(text: str) -> set[str]:
    """The numbers a text states, in digits: "4" and "four" are both "4"."""
    spelled = {_NUMBER_WORDS[w] for w in words(text) if w in _NUMBER_WORDS}
    return set(_NUMBER.findall(text)) | spelled


@dataclass(frozen=True)
class Verdict:
    sentence: str
    supported: bool
    score: float  # best cosine similarity to a passage sentence
    overlap: float  # share of content words found in the passages
    passage: int  # index of the passage holding the closest sentence, -1 if none
    new_numbers: tuple[str, ...] = ()  # numbers the passages do not contain


def split_sentences(text: str) -> list[str]:
    """The claims of prose or Markdown: its sentences (every line break ends one too),
    stripped of bullet marks and emphasis; a table row reads "term: meaning"."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith("|"):
            # a Markdown table row ("| term | meaning |") is one claim, whatever stops it
            # holds ("| **3. Tuning** | ... |" is not split after "3.")
            pieces = [": ".join(c.strip() for c in line.strip("|").split("|") if c.strip(" -:"))]
        else:
            pieces = sentences(line)
        for piece in pieces:
            s = _BULLET.sub("", piece).replace("**", "").replace("__", "").strip(" \t#>")
            if len(words(s)) >= 3:
                out.append(s)
    return out


def content_words(text: str) -> set[str]:
    """The distinct stems of a text's content words (see tutor.language)."""
    return set(content_stems(text))


class FaithfulnessChecker:
    """Support verdicts for generated sentences against retrieved passages."""

    def __init__(
        self, embedder: Any, threshold: float = 0.45, min_overlap: float = 0.7, sure: float = 0.85
    ) -> None:
        # Calibrated on bench/faithfulness.jsonl (bench/faithfulness.py): best F1 of the
        # "unsupported" flag on the tune split with no false alarm there (held-out: F1 0.93,
        # 1 of 13 good paraphrases flagged). Word overlap does most of the work; the cosine
        # floor and the number guard catch fluent sentences on the wrong topic or year.
        self._embedder = embedder
        self.threshold = threshold
        self.min_overlap = min_overlap
        self.sure = sure  # this close, wording differences do not matter

    def passage_sentences(self, texts: Sequence[str]) -> tuple[list[str], list[int]]:
        sents, owners = [], []
        for i, text in enumerate(texts):
            for s in split_sentences(text):
                sents.append(s)
                owners.append(i)
        return sents, owners

    def check(self, sentences: Sequence[str], passage_texts: Sequence[str]) -> list[Verdict]:
        if not sentences:
            return []
        sents, owners = self.passage_sentences(passage_texts)
        if not sents:
            return [Verdict(s, False, 0.0, 0.0, -1) for s in sentences]
        sims = self._embedder.embed(list(sentences)) @ self._embedder.embed(sents).T
        vocab = content_words(" ".join(passage_texts))
        stated = numbers(" ".join(passage_texts))
        out = []
        for i, sentence in enumerate(sentences):
            j = int(np.argmax(sims[i]))
            score = float(sims[i, j])
            words = content_words(sentence)
            overlap = len(words & vocab) / len(words) if words else 1.0
            new_numbers = numbers(sentence) - stated
            verdict = Verdict(
                sentence, False, score, overlap, owners[j], tuple(sorted(new_numbers))
            )
            out.append(replace(verdict, supported=self.check_features(verdict)))
        return out

    def check_features(self, v: Verdict) -> bool:
        """The rule on one verdict's features: True when the sentence counts as supported."""
        return not v.new_numbers and (
            v.score >= self.sure or (v.score >= self.threshold and v.overlap >= self.min_overlap)
        )

    def describe(self) -> str:
        return (
            f"cos>={self.threshold} & overlap>={self.min_overlap} (or cos>={self.sure}), "
            "no new number"
        )

    def closeness(self, query: str, text: str) -> float:
        """Cosine similarity of a query and a text (callers pass a passage with its section)."""
        vectors = self._embedder.embed([query, text])
        return float(vectors[0] @ vectors[1])

    def ranked_sentences(self, query: str, text: str) -> list[tuple[int, str, float]]:
        """Every sentence of one passage as (position, sentence, score), best first; the
        score is that of `best_sentences`."""
        return [
            (pos, sent, score)
            for pos, (_, sent, score) in sorted(
                enumerate(self._scored(query, [text])), key=lambda x: -x[1][2]
            )
        ]

    def sentence_scores(
        self, query: str, passage_texts: Sequence[str]
    ) -> list[tuple[int, str, float]]:
        """Every sentence of the passages as (passage index, sentence, score), in reading
        order; the score is that of `best_sentences`."""
        return self._scored(query, passage_texts)

    def _scored(self, query: str, passage_texts: Sequence[str]) -> list[tuple[int, str, float]]:
        sents, owners = self.passage_sentences(passage_texts)
        if not sents:
            return []
        sims = self._embedder.embed(sents) @ self._embedder.embed([query])[0]
        qwords = content_words(query)
        position = [owners[:j].count(owners[j]) for j in range(len(sents))]
        return [
            (
                owners[j],
                sents[j],
                float(sims[j])
                + 0.15 * (len(content_words(sents[j]) & qwords) / len(qwords) if qwords else 0.0)
                - 0.02 * min(position[j], 5),
            )
            for j in range(len(sents))
        ]

    def best_sentences(
        self, query: str, passage_texts: Sequence[str], n: int = 2, distinct: bool = True
    ) -> list[tuple[int, str, float]]:
        """The n passage sentences that best answer `query` as (passage index, sentence,
        score): cosine plus a bonus for sharing the query's words and for coming early in
        its passage (notes open a section with its definition); distinct passages when asked."""
        scored = self._scored(query, passage_texts)
        picked: list[tuple[int, str, float]] = []
        for owner, sent, score in sorted(scored, key=lambda x: -x[2]):
            if distinct and any(owner == p for p, _, _ in picked):
                continue
            picked.append((owner, sent, score))
            if len(picked) == n:
                break
        return picked
