"""Hybrid retrieval over note chunks: BM25 (bm25s) and MiniLM cosine, fused by reciprocal rank.

Keywords catch exact names (PixelSNAIL, WGAN) that a small embedder blurs; vectors catch
paraphrases that share no words with the notes. Reciprocal rank fusion (Cormack et al., 2009)
combines the two rankings without having to calibrate their scores against each other.
Whether a passage is relevant at all is decided on the cosine similarity, calibrated on
`bench/questions.jsonl` against off-topic questions (see `bench/retrieval.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from knowledge.chunking import search_text
from knowledge.types import Chunk, Passage
from tutor.errors import InputError

RRF_K = 60  # the constant from the RRF paper; ranks deep in either list barely count
VECTOR_WEIGHT = 1.0
BM25_WEIGHT = 1.0
# Cosine of the best chunk below which a query is off the notes' topic, and the cosine a
# passage needs to count as relevant when the query is on topic. Calibrated with bench/retrieval.py.
QUERY_MIN_COSINE = 0.30
PASSAGE_MIN_COSINE = 0.25
MAX_QUERY_CHARS = 2000

_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then
    there these they this to was will with what how why does do did which who whom whose when where
    can could would should explain tell me about i you my your we our please describe give some any
    its from than so also just like more most very much many""".split()
)


class TextEmbedder(Protocol):
    """What the retriever needs from the embedder: L2-normalised vectors for texts."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _stem(token: str) -> str:
    """A light plural stemmer: `gans` -> `gan`, `vaes` -> `vae`, `families` -> `family`."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stop words, lightly stemmed (for BM25)."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


def rrf(rankings: Sequence[tuple[Sequence[int], float]], size: int, k: int = RRF_K) -> np.ndarray:
    """Reciprocal rank fusion: sum of weight / (k + rank) over each ranking a document is in."""
    fused = np.zeros(size, dtype=np.float64)
    for order, weight in rankings:
        for rank, doc in enumerate(order, start=1):
            fused[doc] += weight / (k + rank)
    return fused


class HybridRetriever:
    """BM25 + cosine over a fixed set of chunks and their (normalised) vectors, in memory."""

    def __init__(self, chunks: Sequence[Chunk], vectors: np.ndarray, embedder: TextEmbedder) -> None:
        import bm25s

        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self.chunks = list(chunks)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.embedder = embedder
        corpus = [tokenize(search_text(chunk)) or ["_"] for chunk in self.chunks]
        self._vocab = {token for doc in corpus for token in doc}
        self._bm25 = bm25s.BM25()
        if self.chunks:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity and BM25 score of the query against every chunk."""
        if not self.chunks:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        cosine = self.vectors @ self.embedder.embed([query])[0]
        tokens = [t for t in tokenize(query) if t in self._vocab]
        bm25 = self._bm25.get_scores(tokens) if tokens else np.zeros(len(self.chunks), dtype=np.float32)
        return cosine, np.asarray(bm25, dtype=np.float32)

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        """The k best passages for a query, best first, each flagged relevant or not."""
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            raise InputError("The question is empty.", "Ask something about generative AI.")
        if k < 1 or not self.chunks:
            return []
        cosine, bm25 = self.scores(query)
        by_vector = np.argsort(-cosine, kind="stable")
        keyword_hits = np.flatnonzero(bm25 > 0)
        by_keyword = keyword_hits[np.argsort(-bm25[keyword_hits], kind="stable")]
        fused = rrf([(by_vector, VECTOR_WEIGHT), (by_keyword, BM25_WEIGHT)], len(self.chunks))
        on_topic = float(cosine.max()) >= QUERY_MIN_COSINE
        top = np.argsort(-fused, kind="stable")[:k]
        return [self._passage(int(i), float(fused[i]), on_topic and cosine[i] >= PASSAGE_MIN_COSINE)
                for i in top]

    def _passage(self, index: int, score: float, relevant: bool) -> Passage:
        chunk = self.chunks[index]
        return Passage(
            note=chunk.note, section=chunk.section, text=chunk.text, score=score, relevant=bool(relevant),
            line_start=chunk.line_start, line_end=chunk.line_end, empty=chunk.empty,
        )
