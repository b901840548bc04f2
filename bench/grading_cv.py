"""Leave-one-annotator-out check of the free-text grader's two verdict models.

Four files of hand-labelled answers, each by a different annotator: bench/grading.jsonl and
bench/sets/grading_holdout{5,6,7}.jsonl. The free-text verdict comes from two logistic models
on grading.verdict_features (grading.CORRECT_COEF: correct against not, fitted on every free
answer; grading.PARTLY_COEF: partly against incorrect, fitted on the answers labelled either).
For each file both are fitted on the other three files and scored on it. "before" is the
grader as it was up to 2026-12 (score thresholds CORRECT_AT and PARTLY_AT, the on-track rule
and the vague model below the partly band, as shipped, so in-sample on the first three files).
Then both are fitted on all four: those are the coefficients to ship.

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
    ROOT / "bench" / "sets" / "grading_holdout7.jsonl",
)
# The grader before the verdict models, for the "before" column: below PARTLY_AT an answer
# was partly when on track (cosine to the question >= 0.40, no closer to a sibling) or when
# this model on (score, framed, clipped sibling margin) gave positive log-odds.
OLD_ON_TOPIC = 0.40
OLD_VAGUE_COEF = (-7.015, 2.185, 7.252, 1.436)


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


def _old_verdict(row: Row) -> str:
    from tutor.quiz.grading import CORRECT_AT, MARGIN_CLIP, PARTLY_AT

    ev = row.ev
    if row.fixed or row.score >= PARTLY_AT:
        return row.fixed or ("correct" if row.score >= CORRECT_AT else "partly")
    margin = float(np.clip(ev.sim - ev.sibling_sim, -MARGIN_CLIP, MARGIN_CLIP))
    odds = OLD_VAGUE_COEF[0] + float(np.dot(OLD_VAGUE_COEF[1:], (row.score, ev.framed, margin)))
    on_track = ev.topic >= OLD_ON_TOPIC and ev.sibling_sim <= ev.sim
    return "partly" if on_track or odds >= 0.0 else "incorrect"


def _verdict(row: Row, coefs: tuple | None) -> str:
    from tutor.quiz.grading import free_verdict

    if coefs is None:
        return _old_verdict(row)
    return row.fixed or free_verdict(row.score, row.ev, *coefs)


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


def _agreement(rows: list[Row], coefs: tuple | None) -> tuple[float, float, int]:
    got = [_verdict(r, coefs) for r in rows]
    exact = np.mean([g == r.label for g, r in zip(got, rows, strict=True)])
    hits = sum((g == "correct") == (r.label == "correct") for g, r in zip(got, rows, strict=True))
    return float(exact), hits / len(rows), hits


def _fmt(coef: tuple[float, ...]) -> str:
    return f"({', '.join(f'{v:.3f}' for v in coef)})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from tutor.quiz.grading import CORRECT_COEF, PARTLY_COEF

    rows = _rows()
    print(f"held-out file (models fitted on the other three), C={args.c}")
    print(f"{'file':<26}{'n':>4}  {'3-way before':>12} {'after':>6}  "
          f"{'c-vs-not before':>15} {'after':>6}  {'(answers)':>11}")
    gains = []
    for path in FILES:
        held = [r for r in rows if r.file == path.name]
        coefs = fit([r for r in rows if r.file != path.name], args.c)
        (b3, b2, bh), (a3, a2, ah) = _agreement(held, None), _agreement(held, coefs)
        gains.append(a3 - b3)
        print(f"{path.name:<26}{len(held):>4}  {b3:>12.1%} {a3:>6.1%}  {b2:>15.1%} {a2:>6.1%}"
              f"  {bh:>4} -> {ah:<4}")
    print(f"mean 3-way change on the held-out file: {np.mean(gains):+.1%}")
    correct, partly = fit(rows, args.c)
    print(f"\nfitted on all four: CORRECT_COEF = {_fmt(correct)}")
    print(f"                    PARTLY_COEF  = {_fmt(partly)}")
    print(f"shipped:            CORRECT_COEF = {_fmt(CORRECT_COEF)}")
    print(f"                    PARTLY_COEF  = {_fmt(PARTLY_COEF)}")
    for path in FILES:
        held = [r for r in rows if r.file == path.name]
        exact, binary, _ = _agreement(held, (CORRECT_COEF, PARTLY_COEF))
        print(f"  shipped on {path.name:<26} 3-way {exact:.1%}  correct-vs-not {binary:.1%}"
              "  (in-sample)")


if __name__ == "__main__":
    main()
