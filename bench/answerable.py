"""Does the voice know when the notes don't answer a question? Measured against the retrieval rule.

For each question of the outside annotators' sets (bench/sets/questions_a.jsonl, covered and
not; bench/sets/uncovered_c.jsonl, not covered), retrieval runs as in the tutor; where it
leaves usable passages, the voice is asked whether they answer the question
(bench/voice_judge.py) and its P(yes) is recorded. One JSON line per question goes to
bench/runs/answerable-SPLIT-MODEL.jsonl; then a table: covered questions refused and uncovered
questions flagged, for the retrieval rule alone and with the voice at each threshold.

Calibrate on dev; freeze MIN_YES; run test once.

    .venv/bin/python bench/answerable.py --split dev [--model qwen2.5-coder-0.5b]
    .venv/bin/python bench/answerable.py --split dev --report-only
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.retrieval_sets import split_of  # noqa: E402
from bench.voice_judge import MIN_YES, yes_probability  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.compose import usable  # noqa: E402

SETS = (ROOT / "bench/sets/questions_a.jsonl", ROOT / "bench/sets/uncovered_c.jsonl")
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def rows_of(split: str) -> list[dict]:
    rows = []
    for path in SETS:
        rows += [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    return [r for r in rows if split_of(r) == split]


def report(records: list[dict], chosen: float) -> None:
    covered = [r for r in records if r["covered"]]
    uncovered = [r for r in records if not r["covered"]]

    def rates(flag) -> str:  # noqa: ANN001
        refused = sum(flag(r) for r in covered) / max(len(covered), 1)
        flagged = sum(flag(r) for r in uncovered) / max(len(uncovered), 1)
        return f"covered refused {refused:6.1%}   uncovered flagged {flagged:6.1%}"

    print(f"{len(covered)} covered, {len(uncovered)} uncovered questions")
    print(f"retrieval rule alone        {rates(lambda r: r['rule_flag'])}")
    for t in THRESHOLDS:
        mark = "  <- MIN_YES" if abs(t - chosen) < 1e-9 else ""
        flag = lambda r, t=t: r["rule_flag"] or (r["p_yes"] is not None and r["p_yes"] < t)  # noqa: E731
        print(f"+ voice, P(yes) < {t:<4}      {rates(flag)}{mark}")
    by_sort: dict[str, list[dict]] = {}
    for r in uncovered:
        by_sort.setdefault(r.get("sort", "?"), []).append(r)
    for sort, rs in sorted(by_sort.items()):
        hit = sum(r["rule_flag"] or (r["p_yes"] is not None and r["p_yes"] < chosen) for r in rs)
        print(f"  uncovered/{sort:9} flagged at MIN_YES: {hit}/{len(rs)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test"), required=True)
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--report-only", action="store_true")
    args = ap.parse_args()
    out = ROOT / f"bench/runs/answerable-{args.split}-{args.model}.jsonl"
    if not args.report_only:
        from tutor.llm import load_chat_model
        from tutor.settings import Settings

        home = Path(tempfile.gettempdir()) / "bench-home"
        settings = Settings(model=args.model, quant="auto", home=home)
        llm = load_chat_model(settings, print)
        embedder = Embedder()
        kb = KnowledgeBase([ROOT / "knowledge/notes"], Path(tempfile.mkdtemp()) / "i", embedder)
        kb.sync()
        with out.open("w") as f:
            for row in rows_of(args.split):
                shown = usable(kb.retrieve(row["question"], k=5))[:3]
                t0 = time.perf_counter()
                p = yes_probability(llm, row["question"], shown) if shown else None
                record = {"id": row["id"], "covered": row["covered"], "sort": row.get("sort"),
                          "rule_flag": not shown, "p_yes": p,
                          "seconds": round(time.perf_counter() - t0, 2)}
                f.write(json.dumps(record) + "\n")
                f.flush()
                print(record, flush=True)
    report([json.loads(x) for x in out.read_text().splitlines() if x.strip()], MIN_YES)


if __name__ == "__main__":
    main()
