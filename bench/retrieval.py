"""Retrieval benchmark: recall@1/3/5, MRR, warm latency and the relevance flag.

Runs the real knowledge base (MiniLM + Chroma + BM25) over `bench/questions.jsonl` and a few
off-topic questions. Targets: recall@3 >= 0.9, p95 <= 30 ms warm.

    .venv/bin/python bench/retrieval.py [--home DIR] [--repeat 5] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OFF_TOPIC = [
    "how do I bake sourdough bread",
    "who won the 2018 world cup",
    "what is the capital of Australia",
    "recommend a good hiking trail near Denver",
    "how do I change a flat tyre on my bike",
    "what's the weather like tomorrow",
    "best recipe for chocolate chip cookies",
    "how many moons does Jupiter have",
    "translate good morning into Italian",
    "when did the Roman empire fall",
    "how do I fix a leaking kitchen tap",
    "what time does the train to Paris leave",
]


def hit(note: str, section: str, item: dict) -> bool:
    """The passage is the expected section, inside it, or one of the item's `also` alternatives."""
    targets = [(item["note"], item["section"]), *(tuple(pair) for pair in item.get("also", []))]
    return any(
        note == want_note and (section == want or section.startswith(want + " › "))
        for want_note, want in targets
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--home", type=Path, help="TUTOR_HOME for the index (default: a temp folder)"
    )
    parser.add_argument("--questions", type=Path, default=ROOT / "bench" / "questions.jsonl")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over all queries")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    os.environ["TUTOR_HOME"] = str(home)
    from knowledge.base import KnowledgeBase
    from knowledge.embedder import Embedder
    from tutor.settings import Settings

    items = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    start = time.perf_counter()
    embedder = Embedder()
    print(f"embedder load: {time.perf_counter() - start:.1f} s")
    kb = KnowledgeBase.from_settings(Settings(home=home), embedder)
    print(kb.sync(lambda m: None).summary())

    ranks: list[int | None] = []
    on_topic_best: list[float] = []
    flag_ok = 0
    for item in items:
        passages = kb.retrieve(item["question"], k=5)
        rank = next((i for i, p in enumerate(passages, 1) if hit(p.note, p.section, item)), None)
        ranks.append(rank)
        cosine, _ = kb._ready().scores(item["question"])
        on_topic_best.append(float(cosine.max()))
        flag_ok += any(p.relevant for p in passages)
        if args.show_misses and rank != 1:
            print(f"  rank {rank}: {item['question']!r} -> expected {item['section']!r}")
            for p in passages[:3]:
                print(f"      {p.score:.4f} {p.note} | {p.section}")
    off_best: list[float] = []
    off_ok = 0
    for question in OFF_TOPIC:
        passages = kb.retrieve(question, k=5)
        cosine, _ = kb._ready().scores(question)
        off_best.append(float(cosine.max()))
        off_ok += not any(p.relevant for p in passages)

    latencies: list[float] = []
    queries = [item["question"] for item in items] + OFF_TOPIC
    for q in queries[:5]:
        kb.retrieve(q)  # warm-up
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            kb.retrieve(q, k=5)
            latencies.append((time.perf_counter() - t0) * 1000)

    n = len(ranks)
    for k in (1, 3, 5):
        print(f"recall@{k}: {sum(1 for r in ranks if r is not None and r <= k) / n:.3f}")
    print(f"MRR@5: {sum(1 / r for r in ranks if r) / n:.3f}  ({n} questions)")
    print(
        f"latency warm (ms, {len(latencies)} queries): p50 {statistics.median(latencies):.1f}, "
        f"p95 {percentile(latencies, 0.95):.1f}, max {max(latencies):.1f}"
    )
    m = len(OFF_TOPIC)
    print(
        f"relevant flag: on-topic {flag_ok}/{n} flagged relevant; off-topic {off_ok}/{m} "
        f"flagged not relevant; accuracy {(flag_ok + off_ok) / (n + m):.3f}"
    )
    print(
        f"best cosine: on-topic min {min(on_topic_best):.3f} / "
        f"median {statistics.median(on_topic_best):.3f}; "
        f"off-topic max {max(off_best):.3f} / median {statistics.median(off_best):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
