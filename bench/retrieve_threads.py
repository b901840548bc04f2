"""Warm retrieve latency, idle and beside a torch thread that trains (as a demo does).

The query embedding runs on one intra-op thread (knowledge/retriever.py); this prints what
that costs or saves, and which thread counts the training thread and a newly started thread
saw while the queries ran (they must keep the process's own count).

    .venv/bin/python bench/retrieve_threads.py [--home DIR] [--n 100]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(kb: object, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t0 = time.perf_counter()
        kb.retrieve(q, k=5)  # type: ignore[attr-defined]
        out.append((time.perf_counter() - t0) * 1000)
    return out


def trainer(stop: threading.Event, seen: set[int]) -> None:
    """A small MLP training step after step, as the GAN demo's thread does."""
    import torch

    net = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 64))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.randn(256, 64)
    while not stop.is_set():
        seen.add(torch.get_num_threads())
        opt.zero_grad()
        net(x).pow(2).mean().backward()
        opt.step()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="TUTOR_HOME with the index (default: temp)")
    parser.add_argument("--n", type=int, default=100, help="queries per measurement")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="bench-threads-"))
    os.environ["TUTOR_HOME"] = str(home)
    import torch

    from knowledge.base import KnowledgeBase
    from knowledge.embedder import Embedder
    from tutor.settings import Settings

    lines = (ROOT / "bench" / "questions.jsonl").read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    queries = list(itertools.islice(itertools.cycle(questions), args.n))
    kb = KnowledgeBase.from_settings(Settings(home=home), Embedder())
    kb.sync(lambda m: None)
    process_threads = torch.get_num_threads()
    timed(kb, questions[:10])  # warm-up

    idle = timed(kb, queries)
    stop, seen = threading.Event(), set()
    train = threading.Thread(target=trainer, args=(stop, seen), daemon=True)
    train.start()
    time.sleep(0.5)
    started: list[int] = []
    spawner_stop = threading.Event()

    def spawn() -> None:  # threads that start mid-query (a demo that starts) read the seed
        while not spawner_stop.is_set():
            t = threading.Thread(target=lambda: started.append(torch.get_num_threads()))
            t.start()
            t.join()
            time.sleep(0.005)

    spawner = threading.Thread(target=spawn, daemon=True)
    spawner.start()
    busy = timed(kb, queries)
    stop.set()
    spawner_stop.set()
    train.join()
    spawner.join()

    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, process threads {process_threads}")
    for name, values in (("idle", idle), ("beside training", busy)):
        print(f"retrieve warm, {name} ({len(values)} queries): p50 "
              f"{statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms")
    print(f"training thread saw thread counts {sorted(seen)}; {len(started)} threads started "
          f"during the queries saw {sorted(set(started))}; caller now "
          f"{torch.get_num_threads()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
