"""Answer quality over bench/questions.jsonl: key-fact coverage, citation correctness, and
the share of generated sentences the faithfulness check flags unsupported; with the LLM at
a given --quant, or switched off (--no-llm: extractive answers from the notes only).

    .venv/bin/python bench/answers.py --no-llm
    .venv/bin/python bench/answers.py --quant nf4 --stride 3   # questions 0, 3, 6, ... (15)

Every question runs in a fresh session, so no follow-up logic carries one question into the
next. A citation counts as correct when it names the expected section (or one inside it), or
one of the item's `also` alternatives, exactly as bench/retrieval.py counts a hit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent import Answer, Token, Tutor  # noqa: E402
from tutor.agent.faithfulness import split_sentences  # noqa: E402
from tutor.llm.base import GenerationParams  # noqa: E402
from tutor.settings import DEFAULT_NOTES_DIR, Settings, tutor_home  # noqa: E402


def norm(text: str) -> str:
    return " ".join(text.lower().replace("**", "").replace("-", " ").split())


def cites_expected(note: str, section: str, row: dict) -> bool:
    targets = [(row["note"], row["section"]), *(tuple(pair) for pair in row.get("also", []))]
    return any(note == n and norm(section).startswith(norm(s)) for n, s in targets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=Path(__file__).with_name("questions.jsonl"))
    ap.add_argument("--quant", default="auto", help="auto|nf4|int8|bf16|fp32")
    ap.add_argument("--no-llm", action="store_true", help="extractive answers only")
    ap.add_argument("--limit", type=int, default=0, help="first N questions only")
    ap.add_argument("--stride", type=int, default=1, help="every Nth question (a fixed subset)")
    ap.add_argument("--max-new-tokens", type=int, default=120)
    ap.add_argument("--dump", type=Path, help="write each question's answer here (JSONL)")
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.file.read_text().splitlines() if x.strip()]
    rows = rows[:: args.stride]
    rows = rows[: args.limit] if args.limit else rows
    settings = Settings(home=tutor_home(), quant=args.quant, device="auto")
    settings.ensure_dirs()
    llm = None
    if not args.no_llm:
        from tutor.llm import load_chat_model

        llm = load_chat_model(settings)
    embedder = Embedder()
    kb = KnowledgeBase([DEFAULT_NOTES_DIR], settings.index_dir, embedder)
    kb.sync()
    with tempfile.TemporaryDirectory() as tmp:
        tutor = Tutor(
            knowledge=kb,
            embedder=embedder,
            llm=llm,
            sessions_db=Path(tmp) / "s.sqlite",
            params=GenerationParams(max_new_tokens=args.max_new_tokens),
        )
        facts_hit = facts_all = facts_shown = cite_any = cite_first = grounded = 0
        generated = flagged = 0
        latencies = []
        dump = args.dump.open("w") if args.dump else None
        for i, row in enumerate(rows):
            t0 = time.perf_counter()
            events = list(tutor.respond(row["question"], session=f"q{i}"))  # a fresh session
            latencies.append(time.perf_counter() - t0)
            answer = next((e for e in events if isinstance(e, Answer)), None)
            if answer is None:  # routed elsewhere or refused: counts as a miss
                print(f"  no answer for {row['question']!r}: {[type(e).__name__ for e in events]}")
                print(f"    {events[0]}")
                facts_all += len(row["facts"])
                continue
            draft = "".join(e.text for e in events if isinstance(e, Token)) if llm else ""
            text = norm(answer.text)
            shown = norm(answer.text + " " + " ".join(q.text for q in answer.quotes))
            facts_all += len(row["facts"])
            facts_hit += sum(norm(f) in text for f in row["facts"])
            facts_shown += sum(norm(f) in shown for f in row["facts"])
            hits = [c for c in answer.citations if cites_expected(c.note, c.section, row)]
            cite_any += bool(hits)
            cite_first += bool(answer.citations) and answer.citations[0] in hits
            grounded += answer.grounded
            generated += len(split_sentences(draft))
            flagged += len(answer.unsupported)
            if dump:
                record = {"question": row["question"], "draft": draft, **answer.as_json()}
                dump.write(json.dumps(record, ensure_ascii=False) + "\n")
        if dump:
            dump.close()
    n = len(rows)
    mode = "LLM off (extractive)" if llm is None else f"{llm.name} {llm.quant} on {llm.device}"
    print(f"answers over {n} questions — {mode}")
    print(
        f"key-fact coverage (answer text)        "
        f"{facts_hit / facts_all:.1%} ({facts_hit}/{facts_all})"
    )
    print(
        f"key-fact coverage (answer + quotes)    "
        f"{facts_shown / facts_all:.1%} ({facts_shown}/{facts_all})"
    )
    print(f"expected section cited (any)           {cite_any / n:.1%} ({cite_any}/{n})")
    print(f"expected section cited first           {cite_first / n:.1%} ({cite_first}/{n})")
    print(f"grounded answers                       {grounded / n:.1%}")
    if llm is not None:
        print(
            f"generated sentences flagged unsupported "
            f"{flagged / max(generated, 1):.1%} ({flagged}/{generated})"
        )
    print(
        f"latency per answer: median {statistics.median(latencies):.2f} s, "
        f"max {max(latencies):.2f} s"
    )


if __name__ == "__main__":
    main()
