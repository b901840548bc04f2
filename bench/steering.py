"""Steering while a demo runs, on bench/sets/steering_b.jsonl (an outside annotator's set),
per split: the precision of steering (of the messages that steered the demo, how many were
instructions), how many questions were executed as commands (steered, restarted or launched a
demo; the target is none), how many instructions were carried out with the right action, how
many of the settings changes carried the labelled values, and how many were missed. A change
to a setting the demo takes only at launch restarts it with that setting (action "restart"):
that carries out a "set".

    .venv/bin/python bench/steering.py [--file bench/sets/steering_e.jsonl] [--split dev]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.router import Router  # noqa: E402
from tutor.errors import TutorError  # noqa: E402

_PAIR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^,]+))')


def _acts(action: str | None, want: str) -> bool:
    return action == want or (want == "set" and action == "restart")


def same_value(got: object, value: object) -> bool:
    """Numbers within a rounding; text regardless of case, and a list regardless of the
    spaces after its commas ("red, green" is the "red,green" the demo takes)."""
    try:
        return abs(float(got) - float(value)) <= 1e-3 * max(1.0, abs(float(value)))
    except (TypeError, ValueError):
        def plain(x: object) -> str:
            return re.sub(r",\s+", ",", str(x).strip().lower())
        return plain(got) == plain(value)


def settings_right(args: dict, changes: dict) -> bool:
    """Whether a set carried the labelled values; set e writes a scale as "x0.5"."""
    for key, value in changes.items():
        if isinstance(value, str) and value.startswith("x") and key == "lr":
            key, value = "lr_scale", value[1:]
        if not same_value(args.get(key), value):
            return False
    return True


def carried_out(args: dict, want: str) -> bool:
    """Whether the routed control does what the label says. Sets b and e name the action
    ("pause", "set", "more"); set f writes settings as "lr=0.0001", "conditional=true,
    digit=4" and more training as "steps+=2000"; set g writes a relative change "lr*=0.5",
    which the router sends as the setting's scale ("lr_scale", "batch_size_scale"). Only
    "steps+=N" (alone or beside other settings) is more training, unless the router sent it
    as a step of the demo's steps ("steps_step": the sampling demo's 30 more tokens); any
    other "+=" or "-=" is a relative move, "head+=1", "layer-=1" or "guidance+=2", which the
    router sends as the setting's step ("head_step": 1), and "words+=tiger,lion" adds those
    to the setting's list."""
    if re.search(r"\bsteps\s*\+=", want) and "steps_step" not in args:
        return args.get("action") == "more"
    if move := re.fullmatch(r"\s*(\w+)\s*([+-])=\s*(\d+(?:\.\d+)?)\s*", want):
        key, sign, amount = move.groups()
        step = float(amount) * (1 if sign == "+" else -1)
        return _acts(args.get("action"), "set") and same_value(args.get(f"{key}_step"), step)
    if add := re.fullmatch(r"\s*(\w+)\s*\+=\s*(.+)", want):  # "words+=tiger,lion": added
        key, items = add.groups()
        got = str(args.get(key, "")).lower()
        return _acts(args.get("action"), "set") and all(
            i.strip().lower() in got for i in items.split(","))
    if "*=" in want:
        key, _, factor = (x.strip() for x in want.partition("*="))
        return _acts(args.get("action"), "set") and same_value(args.get(f"{key}_scale"), factor)
    if "=" not in want:
        return _acts(args.get("action"), want)
    if not _acts(args.get("action"), "set"):
        return False
    # sets h and i quote text values, which may hold commas: text="hello, world", lr=0.001
    for key, quoted, bare in _PAIR.findall(want):
        value = quoted or bare.strip()
        if not same_value(args.get(key), value):
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
        executed = done = steered_instructions = valued = sets = 0
        for r in part:
            try:
                route = router.route(r["text"], demo_running=r["demo"])
            except TutorError:
                continue
            steered = route.tool == "control"
            if r["label"] == "question":
                executed += route.intent == "demo"  # steered, restarted, or launched one
            else:
                steered_instructions += steered
                right = steered and carried_out(route.args, r["action"])
                done += right
                if r.get("changes") and "=" not in r["action"]:
                    sets += 1
                    valued += right and settings_right(route.args, r["changes"])
        questions = sum(r["label"] == "question" for r in part)
        instructions = len(part) - questions
        steered_all = steered_instructions + executed
        precision = steered_instructions / steered_all if steered_all else 1.0
        missed = instructions - steered_instructions
        print(
            f"{split}: precision of steering {steered_instructions}/{steered_all} "
            f"({precision:.0%}); questions executed as commands {executed}/{questions}; "
            f"instructions carried out with the right action {done}/{instructions}"
            + (f" (settings changes with the labelled values {valued}/{sets})" if sets else "")
            + "; "
            f"instructions missed (not steered) {missed}/{instructions}"
        )


if __name__ == "__main__":
    main()
