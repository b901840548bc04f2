"""The router's example vectors are kept between runs (knowledge.embedder.embed_cached):
reused when the same embedder gives the same vectors, recomputed when the file is damaged or
another embedder (or model) would give others."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.embedder import embed_cached
from tutor.agent.router import Router


class Counting:
    """The real embedder, counting the texts it embeds; `shift` makes it another model."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, real, shift: float = 0.0) -> None:
        self.real, self.shift, self.texts = real, shift, 0

    def embed(self, texts):
        self.texts += len(texts)
        v = self.real.embed(texts) + self.shift
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_the_examples_are_embedded_once_then_read_back(embedder, tmp_path: Path) -> None:
    first = Counting(embedder)
    route = Router(first, cache_dir=tmp_path).route("show me a GAN")
    n_examples = first.texts - 1  # all the examples, then the message
    assert n_examples > 100 and list(tmp_path.glob("embeddings-*.npy"))

    again = Counting(embedder)
    assert Router(again, cache_dir=tmp_path).route("show me a GAN") == route
    assert again.texts == 2  # one example checked against the file, then the message


def test_a_damaged_or_foreign_cache_is_recomputed(embedder, tmp_path: Path) -> None:
    texts = ["what is a GAN?", "show me a VAE", "quiz me"]
    good = embed_cached(embedder, texts, tmp_path)
    (path,) = tmp_path.glob("embeddings-*.npy")

    path.write_bytes(b"not an array")
    assert np.allclose(embed_cached(embedder, texts, tmp_path), good, atol=1e-5)

    other = Counting(embedder, shift=0.05)  # same name, different vectors: a new model
    got = embed_cached(other, texts, tmp_path)
    assert other.texts == 1 + len(texts)
    assert not np.allclose(got, good, atol=1e-3)
    assert np.allclose(got, other.embed(texts), atol=1e-5)
