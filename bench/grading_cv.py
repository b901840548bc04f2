"""Leave-one-annotator-out check of the free-text grader's two verdict models.

Five files of hand-labelled answers, each by a different annotator: bench/grading.jsonl and
bench/sets/grading_holdout{5,6,7,8}.jsonl. The free-text verdict comes from two logistic models
on grading.verdict_features (grading.CORRECT_COEF: correct against not, fitted on every free
answer; grading.PARTLY_COEF: partly against incorrect, fitted on the answers labelled either).
For each file both are fitted on the other four files and scored on it ("refit"); "shipped" is
the coefficients as they are in grading.py (in-sample on the files they were fitted on). The
pooled row counts every answer once. Then both are fitted on all five: the coefficients to ship.
Several --c values print one table each (the L2 strength is chosen on the pooled refit column).

    .venv/bin/python bench/grading_cv.py [--c 1.0 [0.3 ...]]
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
    *(ROOT / "bench" / "sets" / f"grading_holdout{n}.jsonl" for n in (5, 6, 7, 8)),
)


@dataclass
class Row:
    file: str
    label: str
    fixed: str  # the verdict when the models have no say (not free text, or nothing said)
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


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float) -> tuple[float, ...]:
    """L2-penalised logistic regression (penalty 1/(2c) on standardised weights, intercept
    free) by Newton's method; returned as (intercept, weights) on the raw features."""
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


def fit(rows: list[Row], c: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(correct model, partly model) fitted on the free answers the models decide."""
    from tutor.quiz.grading import verdict_features

    free = [r for r in rows if not r.fixed]
    x = np.array([verdict_features(r.score, r.ev) for r in free])
    correct = np.array([r.label == "correct" for r in free], dtype=float)
    rest = correct == 0.0
    partly = np.array([r.label == "partly" for r in free], dtype=float)
    return fit_logistic(x, correct, c), fit_logistic(x[rest], partly[rest], c)


def _agreement(rows: list[Row], coefs: tuple) -> tuple[int, int]:
    """(3-way hits, correct-vs-not hits) of the verdicts under these coefficients."""
    from tutor.quiz.grading import free_verdict

    got = [r.fixed or free_verdict(r.score, r.ev, *coefs) for r in rows]
    exact = sum(g == r.label for g, r in zip(got, rows, strict=True))
    hits = sum((g == "correct") == (r.label == "correct") for g, r in zip(got, rows, strict=True))
    return exact, hits


def _fmt(coef: tuple[float, ...]) -> str:
    return f"({', '.join(f'{v:.3f}' for v in coef)})"


def _cell(hits: int, n: int) -> str:
    return f"{hits / n:6.1%} ({hits:>3})"


def table(rows: list[Row], c: float) -> None:
    """Per file and pooled: shipped coefficients, and refit on the other files."""
    from tutor.quiz.grading import CORRECT_COEF, PARTLY_COEF

    print(f"\nC={c}  {'':<22}{'shipped 3-way':>14} {'c-vs-not':>12}   "
          f"{'refit 3-way':>12} {'c-vs-not':>12}")
    total = np.zeros(4, dtype=int)
    for path in FILES:
        held = [r for r in rows if r.file == path.name]
        refit = fit([r for r in rows if r.file != path.name], c)
        got = (*_agreement(held, (CORRECT_COEF, PARTLY_COEF)), *_agreement(held, refit))
        total += got
        print(f"{path.name:<26}{len(held):>4}  "
              + "  ".join(_cell(h, len(held)) for h in got))
    print(f"{'pooled':<26}{len(rows):>4}  " + "  ".join(_cell(int(h), len(rows)) for h in total))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, nargs="+", default=[1.0],
                        help="inverse L2 strength(s); the first is used for the final fit")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from tutor.quiz.grading import CORRECT_COEF, PARTLY_COEF

    rows = _rows()
    print("3-way and correct-vs-not agreement (answers agreed); refit: fitted without the file")
    for c in args.c:
        table(rows, c)
    correct, partly = fit(rows, args.c[0])
    print(f"\nfitted on all five (C={args.c[0]}): CORRECT_COEF = {_fmt(correct)}")
    print(f"{'':<27}PARTLY_COEF  = {_fmt(partly)}")
    print(f"{'shipped:':<27}CORRECT_COEF = {_fmt(CORRECT_COEF)}")
    print(f"{'':<27}PARTLY_COEF  = {_fmt(PARTLY_COEF)}")


if __name__ == "__main__":
    main()
