"""Leave-one-file-out check of the grader's partly-vs-incorrect model across annotators.

Three files of hand-labelled answers, each by a different annotator: bench/grading.jsonl and
bench/sets/grading_holdout{5,6}.jsonl. For each file, the model (grading.VAGUE_COEF: a
logistic regression on grading.vague_features, fitted only on answers the rest of the grader
calls incorrect, partly against incorrect) is fitted on the other two files and scored on it;
"before" is the grader without the model (coefficients that never fire). Then it is fitted on
all three: those are the coefficients to ship.

    .venv/bin/python bench/grading_cv.py [--c 1.0]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FILES = (
    ROOT / "bench" / "grading.jsonl",
    ROOT / "bench" / "sets" / "grading_holdout5.jsonl",
    ROOT / "bench" / "sets" / "grading_holdout6.jsonl",
)
OFF = (-1e9, 0.0, 0.0, 0.0)  # coefficients that never call an answer partly


@dataclass
class Row:
    file: str
    label: str
    fixed: str  # the verdict when the model has no say (not free text, or nothing said)
    score: float = 0.0
    ev: object = None


def _rows() -> list[Row]:
    from grading import item_for, item_index

    from knowledge.embedder import Embedder
    from tutor.quiz.grading import MAX_ANSWER, free_evidence, free_score, grade_answer, nothing_said
    from tutor.settings import ensure_offline

    ensure_offline()
    index, embed = item_index(), Embedder().embed
    out = []
    for path in FILES:
        for line in path.open():
            if not line.strip():
                continue
            row = json.loads(line)
            item, _ = item_for(row, index)
            text = row["response"].strip()[:MAX_ANSWER]
            if item.kind != "free" or nothing_said(text, item.question):
                verdict = grade_answer(item, row["response"], embed).verdict
                out.append(Row(path.name, row["label"], verdict))
                continue
            ev = free_evidence(item, text, embed)
            out.append(Row(path.name, row["label"], "", free_score(ev), ev))
    return out


def _verdict(row: Row, coef) -> str:
    from tutor.quiz.grading import free_verdict

    return row.fixed or free_verdict(row.score, row.ev, coef)


def fit(rows: list[Row], c: float) -> tuple[float, ...]:
    """L2-penalised logistic regression (penalty 1/(2c) on standardised weights, intercept
    free) by Newton's method, on the answers the grader without the model calls incorrect and
    whose label is partly or incorrect; returned as (intercept, weights) on the raw features."""
    from tutor.quiz.grading import vague_features

    train = [r for r in rows if not r.fixed and _verdict(r, OFF) == "incorrect"
             and r.label != "correct"]
    x = np.array([vague_features(r.score, r.ev) for r in train])
    y = np.array([r.label == "partly" for r in train], dtype=float)
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-12
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(z.shape[1])
    ridge = np.diag([0.0] + [1.0 / c] * x.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + ridge @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    weights = w[1:] / sd
    return (float(w[0] - weights @ mu), *map(float, weights))


def _agreement(rows: list[Row], coef) -> tuple[float, float]:
    got = [_verdict(r, coef) for r in rows]
    exact = np.mean([g == r.label for g, r in zip(got, rows, strict=True)])
    binary = np.mean([(g == "correct") == (r.label == "correct") for g, r in zip(got, rows,
                                                                                strict=True)])
    return float(exact), float(binary)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from tutor.quiz.grading import VAGUE_COEF

    rows = _rows()
    print(f"held-out file (model fitted on the other two), C={args.c}")
    print(f"{'file':<26}{'n':>4}  {'3-way before':>12} {'after':>6}  "
          f"{'c-vs-not before':>15} {'after':>6}")
    for path in FILES:
        held = [r for r in rows if r.file == path.name]
        coef = fit([r for r in rows if r.file != path.name], args.c)
        (b3, b2), (a3, a2) = _agreement(held, OFF), _agreement(held, coef)
        print(f"{path.name:<26}{len(held):>4}  {b3:>12.1%} {a3:>6.1%}  {b2:>15.1%} {a2:>6.1%}")
    coef = fit(rows, args.c)
    print(f"\nfitted on all three: VAGUE_COEF = ({', '.join(f'{v:.3f}' for v in coef)})")
    print(f"shipped:             VAGUE_COEF = ({', '.join(f'{v:.3f}' for v in VAGUE_COEF)})")
    for path in FILES:
        held = [r for r in rows if r.file == path.name]
        print(f"  shipped on {path.name:<26} 3-way {_agreement(held, None)[0]:.1%}  "
              f"correct-vs-not {_agreement(held, None)[1]:.1%}  (in-sample)")


if __name__ == "__main__":
    main()
