"""Which faithfulness check flags unsupported sentences best, measured on hand-labelled data.

bench/faithfulness.jsonl holds sentences labelled supported / unsupported against the notes'
passages the agent would show for one bench question: real SmolLM2-135M sentences, paraphrases
of note sentences (supported) and plausible-but-wrong statements (unsupported). Each method
is scored as a detector of "unsupported" (precision, recall, F1, and the false alarms a
learner would see on good sentences); the best on the tune split is reported on held-out.

    .venv/bin/python bench/faithfulness.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.faithfulness import FaithfulnessChecker, Verdict  # noqa: E402
from tutor.agent.headings import as_checked  # noqa: E402

Rule = Callable[[Verdict], bool]  # True: flag the sentence as unsupported


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_alarm(self) -> float:
        """Share of supported sentences flagged: what the learner sees wrongly marked."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


def score(rule: Rule, items: list[tuple[dict, Verdict]]) -> Scores:
    tp = fp = fn = tn = 0
    for row, verdict in items:
        flagged, bad = rule(verdict), row["label"] == "unsupported"
        tp += flagged and bad
        fp += flagged and not bad
        fn += (not flagged) and bad
        tn += (not flagged) and not bad
    return Scores(tp, fp, fn, tn)


def methods() -> dict[str, Rule]:
    """Candidate rules over one verdict's features (best cosine, content-word overlap,
    numbers absent from the passages)."""
    out: dict[str, Rule] = {}
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        out[f"embedding cos<{t}"] = lambda v, t=t: v.score < t
        out[f"embedding cos<{t} | new number"] = lambda v, t=t: v.score < t or bool(v.new_numbers)
    for o in (0.5, 0.6, 0.7, 0.8, 0.9):
        out[f"overlap<{o}"] = lambda v, o=o: v.overlap < o
        out[f"overlap<{o} | new number"] = lambda v, o=o: v.overlap < o or bool(v.new_numbers)
    for t in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        for o in (0.5, 0.6, 0.7, 0.8):
            for sure in (0.8, 0.85, 1.01):
                name = f"combined cos>={t} & overlap>={o} (or cos>={sure}), no new number"
                out[name] = lambda v, t=t, o=o, sure=sure: (
                    bool(v.new_numbers)
                    or not (v.score >= sure or (v.score >= t and v.overlap >= o))
                )
    return out


def passages_for(kb: KnowledgeBase, refs: list[list[str]]) -> list[str]:
    """The text of each (note, section) the agent showed, from the indexed chunks."""
    chunks = kb.chunks
    texts = []
    for note, section in refs:
        parts = [c.text for c in chunks if c.note == note and c.section == section and c.text]
        if not parts:
            raise SystemExit(f"no chunk for {note} › {section}: the notes changed; relabel")
        texts.append(as_checked(section, "\n\n".join(parts)))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=Path(__file__).with_name("faithfulness.jsonl"))
    ap.add_argument("--errors", action="store_true", help="list held-out mistakes of the best")
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.file.read_text().splitlines() if x.strip()]
    embedder = Embedder()
    home = Path(os.environ.get("TUTOR_HOME") or tempfile.mkdtemp(prefix="bench-faith-"))
    kb = KnowledgeBase([ROOT / "knowledge" / "notes"], home / "index", embedder)
    kb.sync()
    checker = FaithfulnessChecker(embedder)
    items = [
        (row, checker.check([row["sentence"]], passages_for(kb, row["passages"]))[0])
        for row in rows
    ]
    tune = [x for x in items if x[0]["split"] == "tune"]
    held = [x for x in items if x[0]["split"] == "heldout"]
    for name, part in (("tune", tune), ("held-out", held)):
        bad = sum(r["label"] == "unsupported" for r, _ in part)
        kinds = {k: sum(r["kind"] == k for r, _ in part) for k in ("model", "paraphrase", "wrong")}
        print(f"{name}: {len(part)} sentences, {bad} unsupported; {kinds}")
    rules = methods()
    ranked = sorted(
        rules, key=lambda n: (-score(rules[n], tune).f1, score(rules[n], tune).false_alarm)
    )
    print(
        "\nbest per family on tune -> held-out (precision / recall / F1 of 'unsupported'; "
        "false alarms = supported sentences flagged)"
    )
    families = ("embedding cos<", "overlap<", "combined")
    for family in families:
        for name in [n for n in ranked if n.startswith(family)][:2]:
            t, h = score(rules[name], tune), score(rules[name], held)
            print(
                f"  {name}\n    tune     P {t.precision:.2f} R {t.recall:.2f} F1 {t.f1:.2f} "
                f"false alarms {t.false_alarm:.0%}\n    held-out P {h.precision:.2f} "
                f"R {h.recall:.2f} F1 {h.f1:.2f} false alarms {h.false_alarm:.0%}"
            )
    current = "combined cos>=0.62 & overlap>=0.5 (or cos>=0.85), no new number"
    checker_rule: Rule = lambda v: not checker.check_features(v)  # noqa: E731
    for label, rule in (("the graph's check as configured", checker_rule),):
        t, h = score(rule, tune), score(rule, held)
        print(
            f"\n{label} ({checker.describe()}):\n    tune     P {t.precision:.2f} "
            f"R {t.recall:.2f} F1 {t.f1:.2f} false alarms {t.false_alarm:.0%}\n"
            f"    held-out P {h.precision:.2f} R {h.recall:.2f} F1 {h.f1:.2f} "
            f"false alarms {h.false_alarm:.0%}"
        )
    print(f"(the uncalibrated rule before this bench: {current})")
    best = ranked[0]
    print(f"\nbest on tune: {best}")
    if args.errors:
        for row, v in held:
            if rules[best](v) != (row["label"] == "unsupported"):
                print(
                    f"  MISS [{row['label']}/{row['kind']}] cos {v.score:.2f} "
                    f"overlap {v.overlap:.2f} {v.new_numbers}: {row['sentence'][:110]}"
                )
    model = [(r, v) for r, v in items if r["kind"] == "model"]
    flagged = sum(not checker.check_features(v) for _, v in model)
    labelled_bad = sum(r["label"] == "unsupported" for r, _ in model)
    print(
        f"\nreal SmolLM2-135M sentences: {len(model)}; hand-labelled unsupported "
        f"{labelled_bad / max(len(model), 1):.0%}; flagged by the graph's check "
        f"{flagged / max(len(model), 1):.0%}"
    )


if __name__ == "__main__":
    main()
