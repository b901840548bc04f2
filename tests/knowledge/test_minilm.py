"""Reference test: our plain-torch MiniLM gives sentence-transformers' vectors for
all-MiniLM-L6-v2 (Transformer -> mean pooling -> normalise), so the notes index built by
either, the router's thresholds and the grader's cut-offs all still hold."""

from __future__ import annotations

import numpy as np

from knowledge.embedder import bundled_embedder_path
from knowledge.minilm import SentenceEncoder

TEXTS = [
    "what is a GAN?",
    "show me a GAN",
    "",
    "beta-VAE",
    "Ünïcödé text, emoji 🎉 and CJK 生成模型",
    "The generator produces only a few kinds of samples. " * 40,  # past the 256-token cut
    "a",
    "Explain the reparameterization trick in a variational autoencoder, step by step.",
]


def test_the_encoder_matches_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    path = bundled_embedder_path()
    ours = SentenceEncoder(path).encode(TEXTS, batch_size=3)  # batches of mixed lengths
    reference = SentenceTransformer(path, device="cpu").encode(
        TEXTS, batch_size=3, normalize_embeddings=True, convert_to_numpy=True,
        show_progress_bar=False,
    )
    assert ours.dtype == np.float32 and ours.shape == reference.shape == (len(TEXTS), 384)
    assert np.abs(ours - reference).max() < 1e-5
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
