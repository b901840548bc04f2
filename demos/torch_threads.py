"""Run a demo's torch work on a fixed number of threads, then put the old count back.

Small MLPs train fastest on one thread: on a busy 2-core machine two OpenMP threads spin
against each other and a 2.5 ms step can take 60 ms. The count is process-wide: anything
else using torch while the demo runs (between its frames too) shares the setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    if n > 0:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
