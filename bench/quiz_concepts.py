"""How a notes folder's quiz items spread over concepts: known concepts (with demos) and the
notes' own section concepts. No model is loaded; it prints counts per concept.

    .venv/bin/python bench/quiz_concepts.py knowledge/notes bench/sets/corpus2/notes
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.chunking import chunk_dirs  # noqa: E402
from tutor.quiz.bank import build_bank  # noqa: E402
from tutor.quiz.concepts import DEMOS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path, help="notes folders, each counted alone")
    args = ap.parse_args()
    for folder in args.folders:
        items = build_bank(chunk_dirs([folder]))
        counts = Counter(i.concept for i in items)
        print(f"== {folder}: {len(items)} items, {len(counts)} concepts")
        for concept, n in counts.most_common():
            demo = f"  (demo: {DEMOS[concept]})" if concept in DEMOS else ""
            print(f"  {n:4d}  {concept}{demo}")


if __name__ == "__main__":
    main()
