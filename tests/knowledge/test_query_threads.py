"""Query embeddings run on one torch thread without touching anyone else's thread count
(torch's intra-op count is per OS thread with the OpenMP backend, seeded process-wide)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import numpy as np
import pytest

torch = pytest.importorskip("torch")

QUESTIONS = [
    "What is a GAN?", "How does a VAE encode data?", "What is mode collapse?",
    "What does the discriminator do?", "What is a diffusion model?", "What is attention?",
    "What are embeddings?", "What is tokenization?", "What is RLHF?", "What is a latent space?",
]


@pytest.fixture
def two_threads() -> Iterator[int]:
    """The process runs torch on 2 intra-op threads for the test, so a flip to 1 shows."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield 2
    torch.set_num_threads(before)


def test_retrieval_leaves_other_threads_torch_thread_count_alone(notes_kb, two_threads) -> None:
    # The query thread, once per process, sets its count and puts the process seed back at
    # once (microseconds); it is started here first, so what follows measures every query.
    notes_kb.retrieve(QUESTIONS[0], k=1)
    stop = threading.Event()
    running: set[int] = set()
    started: list[int] = []
    ready = threading.Event()

    def train_like_a_demo() -> None:  # already running when the questions come
        running.add(torch.get_num_threads())
        ready.set()
        while not stop.is_set():
            running.add(torch.get_num_threads())

    def start_threads() -> None:  # threads that start mid-question (a demo that starts)
        while not stop.is_set():
            t = threading.Thread(target=lambda: started.append(torch.get_num_threads()))
            t.start()
            t.join()
            stop.wait(0.001)

    others = [threading.Thread(target=train_like_a_demo), threading.Thread(target=start_threads)]
    for t in others:
        t.start()
    ready.wait(5)
    try:
        for q in QUESTIONS:  # ten queries while both threads run (three rounds took 30 s)
            assert notes_kb.retrieve(q, k=3)
    finally:
        stop.set()
        for t in others:
            t.join()
    assert running == {two_threads}
    assert started and set(started) == {two_threads}
    assert torch.get_num_threads() == two_threads  # the caller's own count, too


class SpyEmbedder:
    """The real embedder, noting which OS thread ran each query and its torch thread count."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[tuple[int, int]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append((threading.get_ident(), torch.get_num_threads()))
        return self.inner.embed(texts)


def test_queries_are_embedded_on_one_single_threaded_query_thread(embedder, two_threads) -> None:
    from knowledge.chunking import chunk_text, search_text
    from knowledge.retriever import HybridRetriever

    note = ("# GANs\n\nA generator and a discriminator compete.\n\n"
            "## Mode collapse\n\nThe generator makes only a few kinds of samples.\n")
    chunks = chunk_text("gans", note, ".md")
    vectors = embedder.embed([search_text(c) for c in chunks])
    spy = SpyEmbedder(embedder)
    retriever = HybridRetriever(chunks, vectors, spy)
    results: list[object] = []
    callers = [threading.Thread(target=lambda q=q: results.append(retriever.retrieve(q)))
               for q in QUESTIONS[:4]]
    for t in callers:
        t.start()
    for t in callers:
        t.join()
    assert len(results) == 4 and len(spy.calls) == 4
    threads, counts = zip(*spy.calls, strict=True)
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
    assert set(counts) == {1}
