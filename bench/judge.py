"""Blind judging of shown answers: make the judge's items, then score the judge's verdicts.

`items` mixes the answers of several versions (each a bench/voices.py-style JSONL file, named
VERSION=PATH), shuffles them under opaque ids and writes what a judge may see (question, the
answer as shown, the sentences the check flagged) and, apart, the key (which version, which
question). The judge (a helper given only the notes and the brief in bench/runs/README.md)
writes one verdict per item. `score` joins verdicts and key and prints, per version: covered
questions judged correct / partly / wrong / wrongly refused, uncovered questions rightly
refused / answered anyway / wrong, and answers showing a false, unflagged sentence.

    .venv/bin/python bench/judge.py items --out bench/runs/judge3 new=run.jsonl old=old.jsonl
    .venv/bin/python bench/judge.py score --out bench/runs/judge3
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = (ROOT / "bench/sets/questions_a.jsonl", ROOT / "bench/sets/uncovered_c.jsonl",
        ROOT / "bench/sets/questions_d.jsonl", ROOT / "bench/sets/questions_f.jsonl",
        ROOT / "bench/sets/questions_g.jsonl", ROOT / "bench/sets/questions_h.jsonl",
        ROOT / "bench/sets/questions_i.jsonl", ROOT / "bench/sets/questions_j.jsonl",
        ROOT / "bench/sets/questions_k.jsonl", ROOT / "bench/sets/questions_l.jsonl",
        ROOT / "bench/sets/questions_m.jsonl", ROOT / "bench/sets/questions_n.jsonl",
        ROOT / "bench/sets/questions_o.jsonl", ROOT / "bench/sets/questions_p.jsonl",
        ROOT / "bench/sets/questions_q.jsonl", ROOT / "bench/sets/questions_r.jsonl",
        ROOT / "bench/sets/questions_s.jsonl")
MARKED = re.compile(r"⟦not in your notes: (.+?)⟧", re.S)


def questions() -> dict[str, dict]:
    return {r["id"]: r for p in SETS for r in map(json.loads, p.read_text().splitlines()) if r}


def shown(answer: str) -> str:
    """The answer as a learner reads it: flagged sentences struck through and labelled."""
    return MARKED.sub(lambda m: f"~~{m.group(1)}~~ (not in your notes)", answer)


def make_items(out: Path, runs: list[str], seed: int) -> None:
    items, key = [], {}
    for spec in runs:
        version, path = spec.split("=", 1)
        for line in Path(path).read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                items.append((version, row))
    random.Random(seed).shuffle(items)
    with (out.parent / f"{out.name}-items.jsonl").open("w") as f:
        for n, (version, row) in enumerate(items, 1):
            kid = f"j{n:03d}"
            key[kid] = {"version": version, "qid": row["id"]}
            f.write(json.dumps({"id": kid, "question": row["question"],
                                "answer": shown(row["answer"]),
                                "flagged": MARKED.findall(row["answer"])},
                               ensure_ascii=False) + "\n")
    (out.parent / f"{out.name}-key.json").write_text(json.dumps(key, indent=0))
    print(f"{len(items)} items -> {out.name}-items.jsonl, key in {out.name}-key.json")


def score(out: Path) -> None:
    key = json.loads((out.parent / f"{out.name}-key.json").read_text())
    verdicts = [json.loads(x) for x in
                (out.parent / f"{out.name}-verdicts.jsonl").read_text().splitlines() if x.strip()]
    qs = questions()
    tables: dict[str, Counter] = {}
    for v in verdicts:
        k = key[v["id"]]
        covered = qs[k["qid"]]["covered"]
        t = tables.setdefault(k["version"], Counter())
        t["covered" if covered else "uncovered"] += 1
        t[("covered " if covered else "uncovered ") + v["verdict"]] += 1
        t["false shown"] += v.get("false_sentences", 0) > 0
        t["all"] += 1
        t["right"] += v["verdict"] in ("correct", "rightly_refused")
    for version, t in sorted(tables.items()):
        print(f"{version}: {t['all']} answers, judged right {t['right']} "
              f"({t['right'] / max(t['all'], 1):.1%}); answers with a false unflagged sentence "
              f"{t['false shown']} ({t['false shown'] / max(t['all'], 1):.1%})")
        for group in ("covered", "uncovered"):
            parts = [f"{name.split(' ', 1)[1]} {n}" for name, n in sorted(t.items())
                     if isinstance(name, str) and name.startswith(group + " ")]
            print(f"  {group} {t[group]}: " + ", ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("items", "score"))
    ap.add_argument("runs", nargs="*", help="VERSION=PATH of voices-style JSONL (items)")
    ap.add_argument("--out", type=Path, required=True, help="bench/runs/NAME (file prefix)")
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_intermixed_args()
    if args.action == "items":
        make_items(args.out, args.runs, args.seed)
    else:
        score(args.out)
    return None


if __name__ == "__main__":
    sys.exit(main())
