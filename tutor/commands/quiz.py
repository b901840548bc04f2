"""`quiz`, `grade` and `progress`: quiz yourself at a prompt, or script it with JSON."""

from __future__ import annotations

import argparse

from tutor.commands.io import print_json, progress_to_stderr
from tutor.errors import InputError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import clean_message


def _service(settings: Settings):  # noqa: ANN202 - QuizService is imported lazily
    return Runtime(settings, with_llm=False).quiz(progress_to_stderr)


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
    answer = clean_message(args.answer)
    grade = _service(settings).grade(args.item_id, answer)
    if args.json:
        print_json(grade.as_json())
    else:
        print(f"{grade.verdict} ({grade.score:.2f})")
        if grade.missing:
            print("missing: " + "; ".join(grade.missing))
        print(f"the notes say: “{grade.quote}” — {grade.source}")
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

    print(progress_table(service))
    return 0
