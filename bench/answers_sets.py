"""Key-fact coverage of shown answers on the outside question sets (bench/sets/questions_*.jsonl).

Reads answers as `genai-tutor ask --batch --json` writes them (one JSON object per line, with
the question) and scores each against its question's key facts: a fact counts when one of its
"|"-separated stems appears in the part of the answer the check kept (sentences marked
⟦not in your notes: …⟧ do not count). Also: the right section cited, refusals of covered
questions, and answers showing at least one marked sentence.

    genai-tutor ask --batch questions.txt > answers.jsonl
    .venv/bin/python bench/answers_sets.py answers.jsonl [more.jsonl ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from retrieval_sets import is_hit  # noqa: E402

MARKED = re.compile(r"⟦not in your notes: .+?⟧", re.S)


def kept_text(answer: str) -> str:
    return MARKED.sub(" ", answer).lower()


def fact_found(fact: str, text: str) -> bool:
    return any(stem.strip() and stem.strip().lower() in text for stem in fact.split("|"))


def score(path: Path, questions: dict[str, dict]) -> None:
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    facts = found = cited = refused = marked = n = 0
    for row in rows:
        q = questions.get(" ".join(row["question"].split()))
        if q is None or not q.get("covered"):
            continue
        n += 1
        text = kept_text(row.get("answer", ""))
        facts += len(q["facts"])
        found += sum(fact_found(f, text) for f in q["facts"])
        cited += any(is_hit(c["note"], c["section"], q) for c in row.get("citations") or [])
        refused += "don't cover" in text or "do not cover" in text
        marked += "⟦not in your notes" in row.get("answer", "")
    print(
        f"{path.name}: {n} covered questions | key facts {found}/{facts} = "
        f"{found / max(facts, 1):.1%}"
        f" | right section cited {cited / max(n, 1):.1%} | refused {refused} | "
        f"answers with a marked sentence {marked}"
    )


def main() -> None:
    qs = [json.loads(x) for name in ("questions_a", "uncovered_c", "questions_d",
                                                    "questions_f", "questions_g", "questions_h",
                                                    "questions_i", "questions_j",
                                                    "questions_k", "questions_l", "questions_m",
                                                    "questions_n", "questions_o",
                                                    "questions_p", "questions_q", "questions_r",
                                                    "questions_s")
          for x in (ROOT / f"bench/sets/{name}.jsonl").read_text().splitlines() if x.strip()]
    questions = {" ".join(q["question"].split()): q for q in qs}
    for arg in sys.argv[1:]:
        score(Path(arg), questions)


if __name__ == "__main__":
    main()
