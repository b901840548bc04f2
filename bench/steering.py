"""Steering while a demo runs, on bench/sets/steering_b.jsonl (an outside annotator's set),
per split: the precision of steering (of the messages that steered the demo, how many were
instructions), how many questions were executed as commands (the target is none), how many
instructions were carried out with the right action, and how many were missed (not steered).

    .venv/bin/python bench/steering.py [--file bench/sets/steering_e.jsonl] [--split dev]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.router import Router  # noqa: E402
from tutor.errors import TutorError  # noqa: E402


def carried_out(args: dict, want: str) -> bool:
    """Whether the routed control does what the label says. Sets b and e name the action
    ("pause", "set", "more"); set f writes settings as "lr=0.0001", "conditional=true,
    digit=4" and more training as "steps+=2000"."""
    if "+=" in want:
        return args.get("action") == "more"
    if "=" not in want:
        return args.get("action") == want
    if args.get("action") != "set":
        return False
    for pair in want.split(","):
        key, _, value = (x.strip() for x in pair.partition("="))
        got = args.get(key)
        try:
            same = float(got) == float(value)
        except (TypeError, ValueError):
            same = str(got).lower() == value.lower()
        if not same:
            return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", type=Path, default=ROOT / "bench/sets/steering_b.jsonl")
    ap.add_argument("--split", choices=["dev", "test"], action="append")
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.file.read_text().splitlines() if x.strip()]
    router = Router(Embedder())
    for split in args.split or ("dev", "test"):
        part = [r for r in rows if r["split"] == split]
        executed = done = steered_instructions = 0
        for r in part:
            try:
                route = router.route(r["text"], demo_running=r["demo"])
            except TutorError:
                continue
            steered = route.tool == "control"
            if r["label"] == "question":
                executed += steered
            else:
                steered_instructions += steered
                done += steered and carried_out(route.args, r["action"])
        questions = sum(r["label"] == "question" for r in part)
        instructions = len(part) - questions
        steered_all = steered_instructions + executed
        precision = steered_instructions / steered_all if steered_all else 1.0
        missed = instructions - steered_instructions
        print(
            f"{split}: precision of steering {steered_instructions}/{steered_all} "
            f"({precision:.0%}); questions executed as commands {executed}/{questions}; "
            f"instructions carried out with the right action {done}/{instructions}; "
            f"instructions missed (not steered) {missed}/{instructions}"
        )


if __name__ == "__main__":
    main()
