"""Agreement of the quiz grader with hand labels (bench/grading.jsonl).

Each row names an item by note + kind + reference answer, so it survives id changes; the
item is rebuilt from the real notes (or from the row itself if the notes no longer have it).
Prints 3-way agreement, correct-vs-not agreement and a confusion matrix per group of splits:
"dev" (tune, heldout, holdout2 and holdout3: the rows the grader's rules and constants
were tuned on; holdout3 was a blind annotator's test split until it was scored, then
became dev) and, with --test, "holdout4" (90 answers to 30 items none of the other rows
use, written and labelled by an annotator who never saw the grader, 2026-12-02), scored
once after the grader was frozen. Since 2026-12 every row of bench/grading.jsonl is dev data
(holdout4 was scored once and may now be tuned on); a fresh blind set is scored with --file.

    .venv/bin/python bench/grading.py [-v] [--test] [--by-split]
    .venv/bin/python bench/grading.py --split holdout4 [--split tune ...]
    .venv/bin/python bench/grading.py --file PATH [--split NAME]

--file scores another JSONL file in the same row format (note, kind, answer, response,
label, split; question and key_facts optional) instead of bench/grading.jsonl; --split
keeps only the named splits (repeatable) and reports them as one group; --by-split adds
one report per split.

`bench/sets/grading_holdout5.jsonl` (90 answers to 30 items no other row uses, by an annotator
blind to the grader and to every earlier set, 2026-12-06) was scored once, with `--file`:
3-way 78.9%, correct-vs-not 94.4%. A partly band tuned on the rows above (72.2% on holdout4)
scored 77.8% there and was not kept.

Since 2026-12 the free-text verdict past the score comes from two small logistic models
(grading.CORRECT_COEF: correct against not; grading.PARTLY_COEF: partly against incorrect) on
seven features (grading.verdict_features), which replaced the score thresholds, the "on the
right track" rule and the vague model below the partly band. Leave-one-annotator-out over
bench/grading.jsonl and bench/sets/grading_holdout{5,6,7}.jsonl, and the coefficients to ship:
`.venv/bin/python bench/grading_cv.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELS = ("correct", "partly", "incorrect")


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Agreement of the quiz grader with hand labels")
    parser.add_argument("-v", action="store_true", help="one line per answer")
    parser.add_argument("--test", action="store_true", help="also report holdout4 on its own")
    parser.add_argument("--file", type=Path, help="a JSONL file of labelled answers to score")
    parser.add_argument("--split", action="append", default=[], help="score only this split")
    parser.add_argument("--by-split", action="store_true", help="one report per split too")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _args(sys.argv[1:] if argv is None else argv)
    from knowledge.embedder import Embedder
    from tutor.quiz.grading import grade_answer
    from tutor.settings import ensure_offline

    ensure_offline()
    path = args.file or ROOT / "bench" / "grading.jsonl"
    rows = [json.loads(line) for line in path.open() if line.strip()]
    if args.split:
        rows = [r for r in rows if r.get("split") in args.split]
    if not rows:
        sys.exit(f"no rows in {path} for splits {args.split or 'any'}")
    index = item_index()
    embedder = Embedder()
    results: list[tuple[str, str, str, float, str]] = []
    rebuilt = 0
    start = time.perf_counter()
    for row in rows:
        item, found = item_for(row, index)
        rebuilt += not found
        got = grade_answer(item, row["response"], embedder.embed)
        split = row.get("split", "?")
        results.append((split, row["label"], got.verdict, got.score, row["response"]))
    elapsed = time.perf_counter() - start
    print(
        f"{len(rows)} answers ({rebuilt} items rebuilt from the row), "
        f"{elapsed / len(rows) * 1000:.1f} ms per grade (CPU shared with other work)"
    )
    if args.file or args.split:  # a chosen file or split: every row it has, as one group
        groups = {f"{path.name}: {', '.join(args.split) or 'all splits'}": {r[0] for r in results}}
    else:
        dev = {"tune", "heldout", "holdout2", "holdout3"}
        groups = {"dev (tune + heldout + holdout2 + holdout3)": dev}
        if args.test:  # scored once, after the grader is frozen
            groups["test: holdout4 (fresh annotator, untouched)"] = {"holdout4"}
        results = [r for r in results if r[0] != "holdout4" or args.test]
    for name, splits in groups.items():
        _report(name, [r for r in results if r[0] in splits])
    if args.by_split:
        for split in dict.fromkeys(r[0] for r in results):
            _report(split, [r for r in results if r[0] == split])
    if args.v:
        for split, label, got, score, response in results:
            mark = " " if (label == "correct") == (got == "correct") else "!"
            print(f"{mark} {split:<8} {label:<9} -> {got:<9} {score:.2f}  {response[:70]}")


def item_index() -> dict:
    """The real bank, keyed the way rows name their item: (note, kind, normalized answer)."""
    from knowledge.chunking import chunk_dirs
    from tutor.quiz.bank import build_bank
    from tutor.quiz.textnorm import normalize
    from tutor.settings import DEFAULT_NOTES_DIR

    items = build_bank(chunk_dirs([DEFAULT_NOTES_DIR]))
    return {(i.note, i.kind, normalize(i.answer)): i for i in items}


def item_for(row: dict, index: dict) -> tuple:
    """The row's item from the bank, or rebuilt from the row (no siblings, no weights) when the
    notes no longer have it; the flag says whether the bank had it."""
    from tutor.quiz.bank import item_id, key_facts
    from tutor.quiz.items import Item
    from tutor.quiz.textnorm import normalize

    item = index.get((row["note"], row["kind"], normalize(row["answer"])))
    if item is not None:
        return item, True
    question = row.get("question", "Explain this.")
    facts = row.get("key_facts") or (
        [p.strip() for p in row["answer"].split(";")]
        if row["kind"] == "list"
        else key_facts(row["answer"], question)
    )
    rebuilt = Item(
        item_id(row["note"], "", row["kind"], row["answer"]), "?", row["kind"], question, [],
        row["answer"], facts, row["note"], "", row["answer"],
    )
    return rebuilt, False


def _report(name: str, part: list[tuple[str, str, str, float, str]]) -> None:
    if not part:
        return
    exact = sum(1 for r in part if r[1] == r[2]) / len(part)
    binary = sum(1 for r in part if (r[1] == "correct") == (r[2] == "correct")) / len(part)
    print(
        f"\n[{name}] n={len(part)}  correct-vs-not agreement {binary:.1%}  "
        f"3-way agreement {exact:.1%}"
    )
    counts = Counter((r[1], r[2]) for r in part)
    print(f"{'label/graded':<16}" + "".join(f"{g:>11}" for g in LABELS))
    for label in LABELS:
        print(f"{label:<16}" + "".join(f"{counts[(label, g)]:>11}" for g in LABELS))


if __name__ == "__main__":
    main()
