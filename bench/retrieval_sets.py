"""Retrieval and the relevance decision on the outside annotators' sets (bench/sets/).

For each set: hit@3 and MRR (covered questions, the expected section or one of its `also`
alternatives in the top 5), the share of covered questions refused (no passage relevant)
and the share of uncovered questions rightly flagged (no passage relevant), and warm p95
latency. Splits are fixed by the id's number: odd ids are test, even ids dev (decided before
anything was scored). Tune on dev; report test.

    .venv/bin/python bench/retrieval_sets.py [--set a|corpus2] [--split dev|test|both]
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

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.chunking import clean_heading  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402

SETS = {
    "a": (ROOT / "bench/sets/questions_a.jsonl", ROOT / "knowledge" / "notes"),
    "corpus2": (ROOT / "bench/sets/corpus2/questions.jsonl", ROOT / "bench/sets/corpus2/notes"),
    "uncovered_c": (ROOT / "bench/sets/uncovered_c.jsonl", ROOT / "knowledge" / "notes"),
    "corpus3": (ROOT / "bench/sets/corpus3/questions.jsonl", ROOT / "bench/sets/corpus3/notes"),
    "d": (ROOT / "bench/sets/questions_d.jsonl", ROOT / "knowledge" / "notes"),
    "f": (ROOT / "bench/sets/questions_f.jsonl", ROOT / "knowledge" / "notes"),
    "g": (ROOT / "bench/sets/questions_g.jsonl", ROOT / "knowledge" / "notes"),
    "h": (ROOT / "bench/sets/questions_h.jsonl", ROOT / "knowledge" / "notes"),
    "i": (ROOT / "bench/sets/questions_i.jsonl", ROOT / "knowledge" / "notes"),
    "j": (ROOT / "bench/sets/questions_j.jsonl", ROOT / "knowledge" / "notes"),
    "k": (ROOT / "bench/sets/questions_k.jsonl", ROOT / "knowledge" / "notes"),
    "l": (ROOT / "bench/sets/questions_l.jsonl", ROOT / "knowledge" / "notes"),
    "m": (ROOT / "bench/sets/questions_m.jsonl", ROOT / "knowledge" / "notes"),
    "n": (ROOT / "bench/sets/questions_n.jsonl", ROOT / "knowledge" / "notes"),
    "o": (ROOT / "bench/sets/questions_o.jsonl", ROOT / "knowledge" / "notes"),
    "p": (ROOT / "bench/sets/questions_p.jsonl", ROOT / "knowledge" / "notes"),
    "q": (ROOT / "bench/sets/questions_q.jsonl", ROOT / "knowledge" / "notes"),
    "r": (ROOT / "bench/sets/questions_r.jsonl", ROOT / "knowledge" / "notes"),
    "s": (ROOT / "bench/sets/questions_s.jsonl", ROOT / "knowledge" / "notes"),
}


def split_of(row: dict) -> str:
    return "test" if int("".join(c for c in row["id"] if c.isdigit())) % 2 else "dev"


def targets(row: dict) -> list[tuple[str, str]]:
    also = [
        (a["note"], a["section"]) if isinstance(a, dict) else tuple(a)
        for a in row.get("also") or []
    ]
    return [(row["note"], row["section"]), *also]


def norm(section: str) -> str:
    """A labelled heading path as the chunker writes paths (annotators copy headings with
    their Markdown, HTML tags and emoji; set d does): each heading cleaned, then compared."""
    parts = [clean_heading(part.replace("\\", "")) for part in section.split(" › ")]
    return " ".join(" › ".join(parts).replace("*", "").split()).lower()


def is_hit(note: str, section: str, row: dict) -> bool:
    """The passage is the labelled section or inside it. Set g labels a section by its own
    heading line as written ("## **Books**"), not by its path: then any level of the
    passage's path may be that heading."""
    s = norm(section)
    levels = s.split(" › ")
    for n, want in targets(row):
        if note != n:
            continue
        if " › " not in want and want.lstrip().startswith("#"):
            if norm(want.lstrip().lstrip("#")) in levels:
                return True
        elif s == norm(want) or s.startswith(norm(want) + " › "):
            return True
    return False


def evaluate(rows: list[dict], kb: KnowledgeBase) -> dict[str, float]:
    covered = [r for r in rows if r["covered"]]
    uncovered = [r for r in rows if not r["covered"]]
    hits3 = rr = refused = flagged = 0
    times = []
    for r in covered:
        t0 = time.perf_counter()
        passages = kb.retrieve(r["question"], k=5)
        times.append(time.perf_counter() - t0)
        rank = next((i for i, p in enumerate(passages, 1) if is_hit(p.note, p.section, r)), None)
        hits3 += bool(rank and rank <= 3)
        rr += 1 / rank if rank else 0
        refused += not any(p.relevant and not p.empty for p in passages)
    for r in uncovered:
        passages = kb.retrieve(r["question"], k=5)
        flagged += not any(p.relevant and not p.empty for p in passages)
    times.sort()
    return {
        "covered": len(covered),
        "hit@3": hits3 / max(len(covered), 1),
        "mrr": rr / max(len(covered), 1),
        "covered_refused": refused / max(len(covered), 1),
        "uncovered": len(uncovered),
        "uncovered_flagged": flagged / max(len(uncovered), 1),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))] if times else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    # corpus3: a second annotator; d: a third, 2026-12-06 (80 covered, 60 not)
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    args = ap.parse_args()
    embedder = Embedder()
    for name in SETS if args.set == "all" else [args.set]:
        path, notes = SETS[name]
        if not path.is_file():
            print(f"{name}: {path} missing")
            continue
        rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as scratch:
            kb = KnowledgeBase([notes], Path(scratch) / "index", embedder)
            kb.sync()
            kb.retrieve("warm up", k=5)
            for split in ("dev", "test") if args.split == "both" else [args.split]:
                m = evaluate([r for r in rows if split_of(r) == split], kb)
                print(
                    f"{name:8} {split:4}  covered {m['covered']:3}  hit@3 {m['hit@3']:.3f}  "
                    f"MRR {m['mrr']:.3f}  refused {m['covered_refused']:.1%}  |  uncovered "
                    f"{m['uncovered']:3} flagged {m['uncovered_flagged']:.1%}  |  "
                    f"p95 {m['p95_ms']:.0f} ms"
                )


if __name__ == "__main__":
    main()
