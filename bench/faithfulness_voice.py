"""The voice as a second checker of its own sentences, read from log-probabilities.

Each labelled sentence (bench/runs/NAME-sentences.jsonl, blind labels in NAME-labels.jsonl)
is put to the voice with the passages it was written from: "Do the numbered passages above
state this: ...? Reply yes or no." (bench/voice_judge.py). Its P(yes) is combined with
the lexical check (tutor/agent/faithfulness.py): a sentence is shown as supported when the
lexical check passes it AND P(yes) >= the threshold (the voice only ever takes support away).

faith (121 sentences) is the dev set; faith2 (72 sentences, scored once) is the test set.

    .venv/bin/python bench/faithfulness_voice.py --name faith
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = ROOT / "bench" / "runs"
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def table(records: list[dict]) -> None:
    def rates(ok) -> str:  # noqa: ANN001
        shown = [r for r in records if ok(r)]
        bad = sum(r["label"] == "unsupported" for r in shown)
        sup = [r for r in records if r["label"] == "supported"]
        marked = sum(not ok(r) for r in sup)
        return (f"shown {len(shown):3}, unsupported among them {bad:3} "
                f"({bad / max(len(shown), 1):5.1%})   supported marked {marked:3}/{len(sup)} "
                f"({marked / max(len(sup), 1):5.1%})")

    print(f"lexical check alone           {rates(lambda r: r['lexical'])}")
    for t in THRESHOLDS[1:]:
        print(f"lexical & P(yes) >= {t:<4}      "
              f"{rates(lambda r, t=t: r['lexical'] and (r['p_yes'] is None or r['p_yes'] >= t))}")
    for t in THRESHOLDS[1:]:
        print(f"voice alone, P(yes) >= {t:<4}   "
              f"{rates(lambda r, t=t: r['p_yes'] is not None and r['p_yes'] >= t)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", default="faith")
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--report-only", action="store_true")
    args = ap.parse_args()
    out = RUNS / f"faithvoice-{args.name}-{args.model}.jsonl"
    if not args.report_only:
        from bench.voice_judge import sentence_support
        from knowledge.embedder import Embedder
        from knowledge.types import Passage
        from tutor.agent.faithfulness import FaithfulnessChecker
        from tutor.agent.headings import as_checked
        from tutor.llm import load_chat_model
        from tutor.settings import Settings

        labels = {r["id"]: r["label"]
                  for r in map(json.loads, (RUNS / f"{args.name}-labels.jsonl").open())}
        rows = [json.loads(x) for x in (RUNS / f"{args.name}-sentences.jsonl").open() if x.strip()]
        settings = Settings(model=args.model, quant="auto",
                            home=Path(tempfile.gettempdir()) / "bench-home")
        llm = load_chat_model(settings, print)
        checker = FaithfulnessChecker(Embedder())
        with out.open("w") as f:
            for row in rows:
                label = labels.get(row["id"])
                if label not in ("supported", "unsupported"):
                    continue
                passages = [Passage(p["note"], p["section"], p["text"], 0.0, True)
                            for p in row["passages"]]
                [p_yes] = sentence_support(llm, row["question"], [row["sentence"]], passages)
                [v] = checker.check([row["sentence"]],
                                   [as_checked(p.section, p.text) for p in passages])
                rec = {"id": row["id"], "label": label, "lexical": v.supported, "p_yes": p_yes}
                f.write(json.dumps(rec) + "\n")
                f.flush()
                print(rec, flush=True)
    table([json.loads(x) for x in out.read_text().splitlines() if x.strip()])


if __name__ == "__main__":
    main()
