"""`quiz`, `grade` and `progress`: quiz yourself at a prompt, or script it with JSON."""

from __future__ import annotations

import argparse
import sys

from tutor.commands.io import print_json, progress_to_stderr
from tutor.errors import InputError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import clean_message, safe_print


def _service(settings: Settings):  # noqa: ANN202 - QuizService is imported lazily
    """The quiz service; a notice (a damaged progress file moved aside) goes to stderr at
    once, so every command says why progress starts again at 0% (JSON output too)."""
    service = Runtime(settings, with_llm=False).quiz(progress_to_stderr)
    if service.notice:
        safe_print(f"notice: {service.notice}", file=sys.stderr)
    return service


def cmd_quiz(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.n <= 50:
        raise InputError(f"--n must be between 1 and 50 (got {args.n}).")
    service = _service(settings)
    if args.json:
        print_json([item.as_json() for item in service.next_items(args.topic, n=args.n)])
        return 0
    from tutor.quiz.plain import run_plain_quiz

    run_plain_quiz(service, args.topic, args.n)
    return 0


def cmd_grade(args: argparse.Namespace, settings: Settings) -> int:
    if not args.item_id.strip():
        raise InputError(
            "The quiz item id is missing.", "Get item ids from `genai-tutor quiz --json`."
        )
    answer = clean_message(args.answer)
    service = _service(settings)
    grade = service.grade(args.item_id, answer)
    if args.json:
        print_json({**grade.as_json(), **({"notice": service.notice} if service.notice else {})})
    else:
        safe_print(f"{grade.verdict} ({grade.score:.2f})")
        if grade.missing:
            safe_print("missing: " + "; ".join(grade.missing))
        safe_print(f"the notes say: “{grade.quote}” — {grade.source}")
    return 0


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    if args.json:
        print_json(
            [
                {
                    "concept": p.concept,
                    "mastery": round(p.mastery, 3),
                    "reviewed": p.reviewed,
                    "due": p.due,
                    "weak": p.weak,
                    "demo": p.demo,
                    "notes": list(p.notes),
                }
                for p in service.progress()
            ]
        )
        return 0
    from tutor.quiz.plain import progress_table

    safe_print(progress_table(service))
    return 0
