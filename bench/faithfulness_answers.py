"""The faithfulness check on real answers, against a blind helper's labels.

bench/runs/faith2-sentences.jsonl holds the sentences of the 0.5B voice's answers to test
questions with the passages they were written from; faith2-labels.jsonl the helper's
label for each (supported / unsupported, read from the passages alone, never from the
check). Scored here: of the sentences the check shows as supported, the share the helper
found unsupported (target <= 5%), and of the supported ones, the share the check marks.
Nothing is tuned on these rows; the check's constants come from bench/faithfulness.py.

    .venv/bin/python bench/faithfulness_answers.py [--overlap 0.5]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = ROOT / "bench" / "runs"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--overlap", type=float, default=None, help="min_overlap to try")
    ap.add_argument("--name", default="faith2")
    args = ap.parse_args()

    from knowledge.embedder import Embedder
    from tutor.agent.faithfulness import FaithfulnessChecker
    from tutor.agent.headings import as_checked

    rows = [json.loads(x) for x in (RUNS / f"{args.name}-sentences.jsonl").open() if x.strip()]
    labels = {
        r["id"]: r["label"]
        for r in map(json.loads, (RUNS / f"{args.name}-labels.jsonl").open())
    }
    checker = FaithfulnessChecker(Embedder())
    if args.overlap is not None:
        checker.min_overlap = args.overlap
    shown = unsupported_shown = supported = supported_marked = 0
    for row in rows:
        label = labels.get(row["id"])
        if label not in ("supported", "unsupported"):
            continue
        [verdict] = checker.check(
            [row["sentence"]], [as_checked(p["section"], p["text"]) for p in row["passages"]])
        if verdict.supported:
            shown += 1
            unsupported_shown += label == "unsupported"
        if label == "supported":
            supported += 1
            supported_marked += not verdict.supported
    questions = len({r["id"].split("-")[0] for r in rows})
    print(f"{args.name}: {len(rows)} sentences, {questions} answers; {checker.describe()}")
    print(f"shown as supported {shown}, of which the helper found unsupported "
          f"{unsupported_shown} ({unsupported_shown / max(shown, 1):.1%}, target <= 5%)")
    print(f"supported by the helper {supported}, marked unsupported by the check "
          f"{supported_marked} ({supported_marked / max(supported, 1):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
