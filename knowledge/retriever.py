"""Hybrid retrieval over note chunks: BM25 (bm25s) and MiniLM cosine, fused by reciprocal rank.

Keywords catch exact names (PixelSNAIL, WGAN) that a small embedder blurs; vectors catch
paraphrases that share no words with the notes. Reciprocal rank fusion (Cormack et al., 2009)
combines the two rankings without having to calibrate their scores against each other.
Whether a passage is relevant at all is decided on the cosine similarity, calibrated on
`bench/questions.jsonl` against off-topic questions (see `bench/retrieval.py`), and no
passage is relevant to a question that names a specialist's term the notes never use
(knowledge/vocabulary.py). A question after a name, a date or a quantity is only answered by
a passage that states one about its subject (knowledge/answer_type.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from knowledge.answer_type import AnswerType, AnswerTypes, Asked, asked_for
from knowledge.chunking import search_text
from knowledge.comparison import sides
from knowledge.note_names import NoteNames
from knowledge.query_thread import TextEmbedder, embed_query
from knowledge.types import Chunk, Passage
from knowledge.uses import asks_for_uses, field_of, is_uses_heading
from knowledge.vocabulary import NotesVocabulary
from tutor.errors import InputError
from tutor.language import REQUEST_WORDS, STOPWORDS, content_words, everyday, sentences, stem, terms

HEADING_WEIGHT = 1.0  # a third ranking: sections whose own heading names every query word
MAX_HEADING_KEYWORDS = 3
# Words for the kind of thing a name is ("the PixelCNN model", "the GAN architecture"): a
# section titled with the name alone is still the one about it. As BM25 terms (stems).
KIND_WORDS = frozenset(["model", "architectur", "network", "method", "techniqu", "algorithm",
                        "approach", "framework"])
# A fourth ranking for questions that ask for a name, date or quantity (answer_type.py): of
# the TYPED_CANDIDATES best passages, those that state one about the question's subject.
TYPED_CANDIDATES = 30
TYPED_WEIGHT = 1.0
# Such a passage is relevant from this cosine on (below MIN_COSINE: it states what was asked).
# Chosen on the dev splits of bench/sets (0.22 and 0.30 each lost on one side).
TYPED_MIN_COSINE = 0.26  # only short, definitional queries are about a heading
# A fifth ranking for questions that ask what the field can do for someone ("I'm a nurse, how
# could AI help at my hospital?", knowledge/uses.py): the sections titled with applications or
# uses, in their fused order. Without it the field's definition ranks first on similarity.
# Weight chosen on the dev splits of bench/sets (see the commit message).
USES_WEIGHT = 1.0
# A sixth for a question that names one of the notes ("the key concepts file says ...",
# knowledge/note_names.py): that note's sections, in their fused order.
NOTE_WEIGHT = 1.0
RRF_K = 60  # the constant from the RRF paper; ranks deep in either list barely count
VECTOR_WEIGHT = 1.0
BM25_WEIGHT = 1.0
TITLE_WEIGHT = 0.3
# A bare outline heading should not outrank a section that explains the same topic, yet should
# still come up when nothing explains it: its cosine is lowered and its BM25 halved for ranking.
EMPTY_COSINE_PENALTY = 0.1
EMPTY_BM25_WEIGHT = 0.5
# A passage is relevant when its cosine similarity to the query reaches MIN_COSINE, or when it
# shares at least KEYWORD_MIN_MATCHES distinct keywords, and at least KEYWORD_MIN_SHARE of the
# query's keywords, and still reaches KEYWORD_MIN_COSINE (names like "king - man + woman" that
# MiniLM scores low). Calibrated on bench/questions.jsonl and off-topic questions
# (bench/retrieval.py).
MIN_COSINE = 0.30
KEYWORD_MIN_MATCHES = 3
KEYWORD_MIN_SHARE = 0.5
KEYWORD_MIN_COSINE = 0.15
# A keyword in at most this many sections is the notes' own rare term (an acronym, a model's
# name): a short question whose keywords all stand in one line beside it is about that line,
# however far the whole section's vector is from the question ("what's FID?" against a long
# list that mentions FID once: cosine 0.08).
RARE_SECTIONS = 2
# The word a bracketed name follows: "Claude" in "Claude (Anthropic)".
_NAMED_BEFORE = re.compile(r"([\w-]+)\**\s*\(\s*[A-Z]")
MAX_QUERY_CHARS = 2000

_QUERY_DROP = STOPWORDS | REQUEST_WORDS

# Phrases of asking for a name's meaning: "what does FID stand for?" and "what does 'latent
# space' mean?" ask about FID and latent space alone; "mean" is no keyword of the answer,
# nor where a second verb follows it ("what does FID mean / do?", "mean or measure").
_EXPANSION = re.compile(
    r"\b(?:stands?|stood|short)\s+for\b|\bmeans?(?=\W*$|\s*(?:/|\bor\b|\band\b))"
    r"|\bmeaning\s+of\b|\bmeant\s+by\b", re.I)


def tokenize(text: str) -> list[str]:
    """BM25 terms: Snowball stems of the content words, stopwords and words of asking
    dropped (tutor.language)."""
    return terms(text, _QUERY_DROP)


def query_terms(query: str) -> list[str]:
    """A question's BM25 terms: `tokenize` less the phrases that ask what a name stands for."""
    return tokenize(_EXPANSION.sub(" ", query))


def asked_parts(query: str) -> list[frozenset[str]]:
    """The terms of each sentence of a query of several that names a specialist's term ("FID,
    what is it? my teammate keeps bringing it up"): that one is the question, the
    rest the asker's aside, whose words would otherwise count against a line answering it. A
    sentence of everyday words ("what does it compare?") is about no line in particular."""
    parts = sentences(query, typed=True)
    if len(parts) < 2:
        return []
    return [
        frozenset(query_terms(part)) for part in parts
        if not all(everyday(word) for word in content_words(part, _QUERY_DROP))
    ]


def rrf(rankings: Sequence[tuple[Sequence[int], float]], size: int, k: int = RRF_K) -> np.ndarray:
    """Reciprocal rank fusion: sum of weight / (k + rank) over each ranking a document is in."""
    fused = np.zeros(size, dtype=np.float64)
    for order, weight in rankings:
        for rank, doc in enumerate(order, start=1):
            fused[doc] += weight / (k + rank)
    return fused


def _ranked(scores: np.ndarray) -> np.ndarray:
    """Indices of the positive scores, best first."""
    hits = np.flatnonzero(scores > 0)
    return hits[np.argsort(-scores[hits], kind="stable")]


class HybridRetriever:
    """BM25 + cosine over a fixed set of chunks and their (normalised) vectors, in memory."""

    def __init__(
        self, chunks: Sequence[Chunk], vectors: np.ndarray, embedder: TextEmbedder
    ) -> None:
        import bm25s

        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self.chunks = list(chunks)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.embedder = embedder
        corpus = [tokenize(search_text(chunk)) or ["_"] for chunk in self.chunks]
        self._token_sets = [frozenset(doc) for doc in corpus]
        self._vocab = frozenset().union(*self._token_sets)
        empty = np.array([c.empty for c in self.chunks], dtype=bool)
        self._cosine_shift = np.where(empty, -EMPTY_COSINE_PENALTY, 0.0).astype(np.float32)
        self._bm25_scale = np.where(empty, EMPTY_BM25_WEIGHT, 1.0).astype(np.float32)
        # each line's keywords (a table row, a bullet): a short question whose every keyword
        # stands in one line of a section is about that line ("what is a crumb?")
        self._lines = [
            [line for line in chunk.text.splitlines() if line.strip()] for chunk in self.chunks
        ]
        self._line_tokens = [[frozenset(tokenize(line)) for line in lines] for lines in self._lines]
        self._heading_tokens = [
            frozenset(tokenize(c.path[-1])) if c.path else frozenset() for c in self.chunks
        ]
        counts = Counter(t for doc in self._token_sets for t in doc)
        self._rare = frozenset(t for t, n in counts.items() if n <= RARE_SECTIONS)
        self.vocabulary = NotesVocabulary(map(search_text, chunks), {c.note for c in chunks})
        self.answer_types = AnswerTypes(chunk.text for chunk in self.chunks)
        self._field = field_of(chunk.note for chunk in self.chunks)
        self._uses = frozenset(
            i for i, c in enumerate(self.chunks)
            if not c.empty and any(is_uses_heading(h) for h in c.path)
        )
        self._note_names = NoteNames(c.note for c in self.chunks)
        self._bm25 = bm25s.BM25()
        if self.chunks:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity and BM25 score of the query against every chunk."""
        if not self.chunks:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        cosine = self.vectors @ embed_query(self.embedder, query)
        tokens = [t for t in query_terms(query) if t in self._vocab]
        bm25 = (
            self._bm25.get_scores(tokens)
            if tokens
            else np.zeros(len(self.chunks), dtype=np.float32)
        )
        return cosine, np.asarray(bm25, dtype=np.float32)

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        """The k best passages for a query, best first, each flagged relevant or not."""
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            raise InputError("The question is empty.", "Ask something about generative AI.")
        if k < 1 or not self.chunks:
            return []
        cosine, bm25 = self.scores(query)
        by_vector = np.argsort(-(cosine + self._cosine_shift), kind="stable")
        bm25 = bm25 * self._bm25_scale
        keywords = set(query_terms(query))
        rankings = [(by_vector, VECTOR_WEIGHT), (_ranked(bm25), BM25_WEIGHT)]
        titled = self._heading_matches(keywords)
        rankings.append((titled, HEADING_WEIGHT))
        fused = rrf(rankings, len(self.chunks))
        asked = asked_for(query)
        if asked is not None:
            # For "who / when / how many" questions, the sections that state a fact of that
            # kind about the subject rank up (the history section for "when did VAEs appear").
            near = np.argsort(-fused, kind="stable")[:TYPED_CANDIDATES]
            typed = [int(i) for i in near if self._states(int(i), asked)]
            rankings.append((typed, TYPED_WEIGHT))
            fused = rrf(rankings, len(self.chunks))
        uses = self._uses if self._uses and self._asks_for_uses(query) else frozenset()
        extra: list[tuple[list[int], float]] = []
        if uses:
            # "how could AI help my shop?": the applications sections rank up, best first.
            order = np.argsort(-fused, kind="stable")
            extra.append(([int(i) for i in order if int(i) in uses], USES_WEIGHT))
            fused = rrf([*rankings, *extra], len(self.chunks))
        if named := set(self._note_names.named(query)):
            # "which GANs does the key concepts list give?": that note's sections rank up
            order = np.argsort(-fused, kind="stable")
            extra.append(([int(i) for i in order if self.chunks[int(i)].note in named],
                          NOTE_WEIGHT))
            fused = rrf([*rankings, *extra], len(self.chunks))
        top = [int(i) for i in np.argsort(-fused, kind="stable")[:k]]
        compared = sides(query)
        if compared is not None and k >= 3:
            top = self._both_sides(top, compared)
        about_the_notes = not self.vocabulary.unknown_terms(query)
        parts = asked_parts(query)
        relevant = [
            about_the_notes
            and self._relevant(i, float(cosine[i]), keywords, asked, set(titled), uses, parts)
            for i in top
        ]
        if about_the_notes and not any(relevant) and (named := self._named_alone(parts)):
            # "PSNR?? my boss keeps quoting it for our photo app": nothing found for the whole
            # question, but one sentence of it only names a rare term of the notes; the
            # aside's words had buried the sections that name it
            top = list(dict.fromkeys([*named, *top]))[:k]
            relevant = [
                self._relevant(i, float(cosine[i]), keywords, asked, set(titled), uses, parts)
                for i in top
            ]
        return [
            self._passage(i, float(fused[i]), ok) for i, ok in zip(top, relevant, strict=True)
        ]

    def _named_alone(self, parts: Sequence[frozenset[str]]) -> list[int]:
        """The sections naming the first sentence of the question that is nothing but one or
        two rare terms of the notes, best BM25 first (none if no sentence is)."""
        for part in parts:
            if 0 < len(part) <= 2 and part <= self._rare:
                scores = self._bm25.get_scores([t for t in part if t in self._vocab])
                return [int(i) for i in _ranked(np.asarray(scores))][:RARE_SECTIONS]
        return []

    def _both_sides(self, top: list[int], compared: tuple[str, str]) -> list[int]:
        """For a comparison, each side's own best passage (knowledge/comparison.py) after the
        best passage for the whole question if that one names both sides (a comparison
        table), before it if not; then the rest in their order."""
        best, named = [], []
        for side in compared:
            keywords = set(tokenize(side))
            named.append(keywords)
            if not keywords & self._vocab:
                continue  # a side the notes never name ranks nothing of its own
            cosine, bm25 = self.scores(side)
            by_vector = np.argsort(-(cosine + self._cosine_shift), kind="stable")
            fused = rrf([(by_vector, VECTOR_WEIGHT), (_ranked(bm25 * self._bm25_scale),
                         BM25_WEIGHT), (self._heading_matches(keywords), HEADING_WEIGHT)],
                        len(self.chunks))
            best.append(int(np.argmax(fused)))
        both = all(kw & self._token_sets[top[0]] for kw in named)
        order = list(dict.fromkeys([top[0], *best, *top] if both else [*best, *top]))
        return order[: len(top)]

    def unknown_terms(self, query: str) -> list[str]:
        """The specialist's terms of `query` that the notes never use (vocabulary.py)."""
        return self.vocabulary.unknown_terms(" ".join(query.split())[:MAX_QUERY_CHARS])

    def _asks_for_uses(self, query: str) -> bool:
        """Whether the query asks what AI, or the notes' own field, can do for someone."""
        return asks_for_uses(query, [self._field] if self._field else [])

    def _states(self, index: int, asked: Asked) -> bool:
        chunk = self.chunks[index]
        return self.answer_types.states(asked, chunk.text, chunk.path[-1] if chunk.path else "")

    def _states_beside(self, index: int, asked: Asked) -> bool:
        """One line states the asked kind of fact (a year, a name, a number) and names every
        specialist's term of the question ("in what era did VAEs arrive?" beside "VAEs (early
        2010s): ..."): short fact questions whose asking words the notes never use, so the
        section's vector, a whole history, stays far from the question."""
        named = asked.subject & {stem(w) for w in asked.typed if not everyday(w)}
        return bool(named) and any(
            named <= line and self.answer_types.states(asked, text)
            # a name must be the subject's own ("Claude (Anthropic)" names Claude's maker,
            # not Gemini's): right after it in brackets
            and (asked.kind is not AnswerType.NAME
                 or {stem(w) for w in _NAMED_BEFORE.findall(text)} & named)
            for line, text in zip(self._line_tokens[index], self._lines[index], strict=True)
        )

    def _heading_matches(self, keywords: set[str]) -> list[int]:
        """For a short "what is X?" query, the sections titled X, most general first.

        Without it "what is a GAN?" ranks the DCGAN subsection above the section about GANs
        (its text says "GAN" more densely); the shallower heading is the better definition.
        """
        if not 0 < len(keywords) <= MAX_HEADING_KEYWORDS:
            return []
        hits = [
            i
            for i, heading in enumerate(self._heading_tokens)
            if keywords <= heading and not self.chunks[i].empty
        ]
        named = keywords - KIND_WORDS
        if not hits and named and named != keywords:
            return self._heading_matches(named)  # the section titled with the name alone
        if not hits:
            return []
        # Only the most general matching headings: a subsection that merely mentions the
        # term ("Deep Convolutional GAN") is not where the term is defined.
        depth = min(len(self.chunks[i].path) for i in hits)
        general = [i for i in hits if len(self.chunks[i].path) == depth]
        # A heading that is nothing but the term ("Transformers") before one that only
        # contains it ("Transformer-Based Models (LLMs ...)").
        return sorted(general, key=lambda i: -len(keywords) / len(self._heading_tokens[i]))

    def _relevant(
        self,
        index: int,
        cosine: float,
        keywords: set[str],
        asked: Asked | None = None,
        titled: set[int] = frozenset(),  # type: ignore[assignment]
        uses: frozenset[int] = frozenset(),
        parts: Sequence[frozenset[str]] = (),
    ) -> bool:
        """Close in meaning, titled with every word of a short query, or sharing enough of the
        query's distinctive words; for a question after a name, date or quantity
        (answer_type.py), only a passage that states one about its subject, and then a little
        less close in meaning is enough. A section of applications answers a question about
        what the field can do for someone (uses.py) however far the asker's own trade ("I'm
        a nurse") takes the question's vector from it."""
        if index in uses and cosine >= KEYWORD_MIN_COSINE:
            return True
        if asked is not None:
            if not self._states(index, asked):
                return False
            if cosine >= TYPED_MIN_COSINE or self._states_beside(index, asked):
                return True
        if cosine >= MIN_COSINE:
            return True
        if index in titled and cosine >= KEYWORD_MIN_COSINE:
            return True  # "T5: what's it for?": the section titled T5, however it is worded
        for asked_terms in (keywords, *parts):  # the whole query, or one of its sentences
            if (
                0 < len(asked_terms) <= MAX_HEADING_KEYWORDS
                and (cosine >= KEYWORD_MIN_COSINE or asked_terms & self._rare)
                and any(asked_terms <= line for line in self._line_tokens[index])
            ):
                return True  # "what is a crumb?": a glossary row of a wider section names it
        if any(part and part <= self._heading_tokens[index]
               and (cosine >= KEYWORD_MIN_COSINE or part & self._rare) for part in parts):
            return True  # "Crumbs?? never heard of them.": one sentence is the section's title
        matches = len(keywords & self._token_sets[index])
        return (
            cosine >= KEYWORD_MIN_COSINE
            and matches >= KEYWORD_MIN_MATCHES
            and matches >= KEYWORD_MIN_SHARE * len(keywords)
        )

    def _passage(self, index: int, score: float, relevant: bool) -> Passage:
        chunk = self.chunks[index]
        return Passage(
            note=chunk.note,
            section=chunk.section,
            text=chunk.text,
            score=score,
            relevant=bool(relevant),
            line_start=chunk.line_start,
            line_end=chunk.line_end,
            empty=chunk.empty,
        )
