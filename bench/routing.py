"""Routing accuracy over bench/routing.jsonl: accuracy (intent and tool), a confusion
matrix, and the false tool-launch rate (a demo or quiz launched where the label says
answer or chat). Reported separately for the dev split (used to tune thresholds and the
router's examples) and the held-out test split.

    .venv/bin/python bench/routing.py [--file bench/routing.jsonl] [--errors] [--split dev]

--split dev reports (and lists misses for) the dev split alone, so tuning never sees a
held-out row.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demos.registry import validate_args  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.router import Router  # noqa: E402
from tutor.errors import TutorError  # noqa: E402
from tutor.language import fold, stem  # noqa: E402
from tutor.quiz.concepts import CONCEPTS, match_topic  # noqa: E402

INTENTS = ("answer", "demo", "quiz", "chat", "error")


def evaluate(rows: list[dict], router: Router) -> list[tuple[dict, str, str | None]]:
    out = []
    for row in rows:
        try:
            route = router.route(row["text"], demo_running=row.get("demo_running"))
            row["_args"] = dict(route.args)
            row["_notes"] = list(route.notes)
            out.append((row, route.intent, route.tool))
        except TutorError:
            out.append((row, "error", None))
    return out


def _intent_ok(row: dict, intent: str) -> bool:
    """The intent matches; a row may accept more than one (an off-topic question may be
    answered with "the notes don't cover this" or chatted about: neither launches anything).
    The labelled intent is always right; "accept" adds the others (routing_o's annotator
    listed only the others, every earlier set lists both)."""
    return intent == row["intent"] or intent in row.get("accept", ())


def _tool_ok(row: dict, intent: str, tool: str | None) -> bool:
    """The tool matches; a quiz is a quiz whether a set labels its tool "quiz" or null."""
    if intent == "quiz":
        return True
    return row.get("tool") == tool


def _args_ok(want: dict, got: dict, tool: str | None = None, notes: list[str] = ()) -> bool:
    """Every argument the message states was extracted with that value, as the demo or the
    quiz reads it: a value above the demo's bound is right clamped to it with a note (the
    learner sees why), a word list is right as the comma-separated string the demo takes,
    and a quiz topic is right if the quiz reads it the same way (see _same_topic)."""
    for key, value in want.items():
        have = got.get(key)
        if key == "topic" and isinstance(value, str) and isinstance(have, str):
            if not _same_topic(value, have):
                return False
        elif (isinstance(value, list) or key == "words") and isinstance(have, str):
            # set i writes a word list as one string: "cat, dog, car"
            items = value if isinstance(value, list) else str(value).split(",")
            if [str(v).strip() for v in items] != [w.strip() for w in have.split(",")]:
                return False
        elif isinstance(value, int | float) and isinstance(have, int | float):
            value = _clamped(tool, key, value, notes)
            if abs(float(have) - float(value)) > 1e-9 * max(1.0, abs(float(value))):
                return False
        elif have != value:
            return False
    return True


def _clamped(tool: str | None, key: str, value: float, notes: list[str]) -> float:
    """The stated value as the demo's bounds take it: clamped where a note says so."""
    if tool is None:
        return value
    try:
        clean, clamp_notes = validate_args(tool, {key: value})
    except (TutorError, KeyError):
        return value
    if clamp_notes and any(n in notes for n in clamp_notes):
        return clean.get(key, value)
    return value


def topic_key(topic: str) -> str:
    """A topic's words stemmed, articles and joining words dropped."""
    words = re.findall(r"[a-z0-9]+", fold(topic))
    return " ".join(stem(w) for w in words if w not in {"the", "a", "an", "of", "and"})


def _same_topic(want: str, got: str) -> bool:
    """Whether two quiz topics ask for the same thing: equal word by word after stemming
    ("transformers", "Transformer"), naming the same concepts to the quiz ("large language
    models", "llm"; "fine-tuning", "finetuning"), or the extracted one keeping every word
    of the label and more of the learner's ("attention heads" for "attention")."""
    want_key, got_key = topic_key(want), topic_key(got)
    if want_key == got_key:
        return True
    concepts = match_topic(want, CONCEPTS)
    if concepts and concepts == match_topic(got, CONCEPTS):
        return True
    return bool(want_key) and set(want_key.split()) <= set(got_key.split())


def report(name: str, results: list[tuple[dict, str, str | None]], show_errors: bool) -> None:
    n = len(results)
    intent_ok = sum(_intent_ok(r, i) for r, i, _ in results)
    full_ok = sum(_intent_ok(r, i) and _tool_ok(r, i, t) for r, i, t in results)
    negatives = [(r, i) for r, i, _ in results if r["intent"] in ("answer", "chat")]
    false_launch = sum(i in ("demo", "quiz") for _, i in negatives)
    print(f"\n== {name}: {n} utterances ==")
    print(f"intent accuracy        {intent_ok / n:.1%} ({intent_ok}/{n})")
    print(f"intent+tool accuracy   {full_ok / n:.1%} ({full_ok}/{n})")
    print(
        f"false tool launches    {false_launch / max(len(negatives), 1):.1%} "
        f"({false_launch}/{len(negatives)} answer/chat utterances)"
    )
    with_args = [(r, i, t) for r, i, t in results
                 if r.get("args") and (r["intent"] == "demo" or r.get("tool"))]
    if with_args:
        ok = sum(
            _intent_ok(r, i) and _tool_ok(r, i, t)
            and _args_ok(r["args"], r.get("_args", {}), t, r.get("_notes", []))
            for r, i, t in with_args
        )
        print(
            f"demo arguments right   {ok / len(with_args):.1%} ({ok}/{len(with_args)} "
            "tool requests that state arguments; routed right and every stated one extracted)"
        )
    print("confusion (rows = label, columns = routed):")
    print(" " * 8 + "".join(f"{c:>8}" for c in INTENTS))
    for label in INTENTS[:4]:
        counts = [sum(r["intent"] == label and i == c for r, i, _ in results) for c in INTENTS]
        print(f"{label:>8}" + "".join(f"{c:>8}" for c in counts))
    if show_errors:
        for r, i, t in results:
            if not _intent_ok(r, i) or not _tool_ok(r, i, t):
                print(
                    f"  MISS {r['text']!r} (running={r.get('demo_running')}): "
                    f"want {r['intent']}/{r.get('tool')}, got {i}/{t}"
                )
            elif r.get("args") and not _args_ok(r["args"], r.get("_args", {}), t,
                                                r.get("_notes", [])):
                print(f"  ARGS {r['text']!r}: want {r['args']}, got {r.get('_args')}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=Path(__file__).with_name("routing.jsonl"))
    ap.add_argument("--errors", action="store_true", help="list every miss")
    ap.add_argument("--split", choices=("dev", "test"), help="only this split's rows")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.file.read_text().splitlines() if line.strip()]
    if args.split:
        rows = [r for r in rows if r.get("split", "dev") == args.split]
    t0 = time.perf_counter()
    embedder = Embedder()
    # the notes' index goes to a scratch folder removed afterwards (TUTOR_HOME keeps it)
    with tempfile.TemporaryDirectory(prefix="bench-routing-") as scratch:
        home = Path(os.environ.get("TUTOR_HOME") or scratch)
        kb = KnowledgeBase([ROOT / "knowledge" / "notes"], home / "index", embedder)
        kb.sync()
        router = Router(embedder, knowledge=kb)  # as the Tutor builds it: notes rescue questions
        results = evaluate(rows, router)
    elapsed = time.perf_counter() - t0
    for split in ("dev", "test"):
        chosen = [x for x in results if x[0].get("split", "dev") == split]
        if chosen:
            report(f"{split} split", chosen, args.errors)
    report("all", results, False)
    print(f"\n{len(rows)} routed in {elapsed:.1f} s (embedder load and notes index included)")


if __name__ == "__main__":
    main()
