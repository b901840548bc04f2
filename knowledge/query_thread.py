"""Query vectors computed on one long-lived thread that uses a single torch intra-op thread:
a one-sentence forward pass gains nothing from more, and on a busy 2-core machine the
hand-off between threads made it far slower."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np


class TextEmbedder(Protocol):
    """What the retriever needs from the embedder: L2-normalised vectors for texts."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _one_intra_op_thread() -> None:
    """Run once on the query thread: torch work started from it uses one intra-op thread.

    With the OpenMP backend the count is per OS thread (OpenMP's nthreads ICV, MKL's local
    count); `torch.set_num_threads` also stores a process-wide seed that threads read on
    their first torch call. The seed is put back at once from a throwaway thread, whose own
    count dies with it, so only this thread keeps 1. (A thread whose first torch call falls
    in those few microseconds, once per process, would start with 1.)
    """
    import torch

    seed = torch.get_num_threads()  # this thread's first torch call: it reads the seed
    torch.set_num_threads(1)
    restore = threading.Thread(target=torch.set_num_threads, args=(seed,), name="seed-restore")
    restore.start()
    restore.join()


# One per process, like the LLM's model thread: a thread with a property, not shared state.
_QUERY_THREAD: ThreadPoolExecutor | None = None
_QUERY_THREAD_LOCK = threading.Lock()


def _forget_query_thread() -> None:
    global _QUERY_THREAD
    _QUERY_THREAD = None  # a forked child has no such thread: waiting on it would hang


os.register_at_fork(after_in_child=_forget_query_thread)


def _query_thread() -> ThreadPoolExecutor:
    global _QUERY_THREAD
    with _QUERY_THREAD_LOCK:
        if _QUERY_THREAD is None:
            _QUERY_THREAD = ThreadPoolExecutor(1, thread_name_prefix="tutor-query-embed",
                                               initializer=_one_intra_op_thread)
        return _QUERY_THREAD


def embed_query(embedder: TextEmbedder, query: str) -> np.ndarray:
    """One query's vector, computed on the one long-lived query thread (one torch thread).

    A one-sentence forward pass is too small to gain from intra-op threads, and on a busy
    2-core machine the thread hand-off makes it far slower (measured: 1.3 s vs 48 ms p50
    under load). Setting that per call flipped the process-wide count on every query, and a
    thread that started meanwhile (a demo) kept 1; the query thread is set once instead.
    """
    return _query_thread().submit(lambda: embedder.embed([query])[0]).result()
