"""The quiz at a plain terminal prompt (`genai-tutor quiz`) and the `progress` table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from tutor.quiz.items import LETTERS, Grade, Item
from tutor.quiz.service import QuizService
from tutor.text import safe_print

InputFn = Callable[[str], str]
PrintFn = Callable[..., None]
MARKS = {"correct": "✓ correct", "partly": "~ partly right", "incorrect": "✗ not quite"}


def _ask(item: Item, index: int, total: int, print_fn: PrintFn) -> None:
    print_fn(f"\nQ{index}/{total} [{item.concept}] {item.question}")
    for letter, choice in zip(LETTERS, item.choices, strict=False):
        print_fn(f"  {letter}) {choice}")
    if item.kind == "list":
        print_fn("  (separate them with commas)")


def _show(grade: Grade, item: Item, print_fn: PrintFn) -> None:
    print_fn(f"{MARKS[grade.verdict]} (score {grade.score:.2f})")
    if grade.verdict != "correct":
        print_fn(f"  answer: {item.answer}")
        if grade.missing and item.kind in ("free", "list"):
            print_fn("  missing: " + "; ".join(grade.missing))
    print_fn(f"  the notes say: “{grade.quote}”")
    print_fn(f"  source: {grade.source}")


def run_plain_quiz(
    service: QuizService,
    topic: str | None = None,
    n: int = 5,
    input_fn: InputFn = input,
    print_fn: PrintFn = safe_print,
) -> None:
    """Ask n due/new items; after each verdict, 'd' disputes it. Ctrl-D or 'q' stops early
    (every answer already given is saved)."""
    if service.notice:
        print_fn(service.notice)
    items = service.next_items(topic, n)
    if not items:
        print_fn("Nothing is due right now. Come back later, or pick another topic.")
        return
    tally: Counter[str] = Counter()
    missed: list[Item] = []
    for index, item in enumerate(items, 1):
        _ask(item, index, len(items), print_fn)
        try:
            answer = input_fn("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print_fn("\nStopped; your answers so far are saved.")
            break
        if answer.lower() in {"q", "quit", "exit"}:
            break
        if not answer:
            print_fn(f"  skipped. answer: {item.answer}  ({item.source})")
            tally["skipped"] += 1
            continue
        grade = service.grade(item.id, answer)
        _show(grade, item, print_fn)
        try:
            follow = input_fn("[Enter] next · [d] dispute this verdict > ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            follow = "q"
        if follow == "d" and grade.verdict != "correct":
            grade = service.dispute(grade.review_id)
            print_fn("  dispute recorded: counted as correct, and the schedule follows it.")
        tally[grade.verdict] += 1
        if grade.verdict == "incorrect":
            missed.append(item)
        if follow == "q":
            break
    _summary(service, tally, missed, print_fn)


def _summary(
    service: QuizService, tally: Counter[str], missed: list[Item], print_fn: PrintFn
) -> None:
    done = sum(tally.values())
    print_fn(
        f"\nDone: {tally['correct']}/{done} correct, {tally['partly']} partly, "
        f"{tally['incorrect']} incorrect"
        + (f", {tally['skipped']} skipped." if tally["skipped"] else ".")
    )
    weak = {p.concept: p for p in service.progress() if p.weak}
    for concept in dict.fromkeys(i.concept for i in missed):
        p = weak.get(concept)
        if p and p.demo:
            print_fn(
                f"You missed some {concept} questions. Watch it happen: "
                f"`genai-tutor demo {p.demo}`."
            )
    if missed:
        print_fn("Re-read: " + "; ".join(dict.fromkeys(i.source for i in missed)))


_CONCEPT_WIDTH = 32


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def progress_table(service: QuizService) -> str:
    """Per concept: mastery over all its items (unseen count 0), items known of all, retention
    on the items reviewed, what is due; weak concepts with their demo and notes."""
    rows = service.progress()
    # a section concept from the user's notes can be long: the column fits it, up to a point
    width = min(max([15, *(len(p.concept) + 1 for p in rows)]), _CONCEPT_WIDTH)
    lines = [
        f"{'concept':<{width}}{'mastery':>8}  {'':<10}{'known':>8}{'retention':>11}{'due':>5}"
        "  note",
    ]
    for p in rows:
        filled = round(p.mastery * 10)
        bar = "█" * filled + "·" * (10 - filled)
        known = f"{p.known}/{p.items}"
        retention = f"{p.retention:.0%}" if p.reviewed else "-"
        flag = "weak" + (f" → demo: {p.demo}" if p.demo else "") if p.weak else ""
        lines.append(
            f"{_fit(p.concept, width - 1):<{width}}{p.mastery:>7.0%}  {bar}{known:>8}"
            f"{retention:>11}{p.due_label:>5}  "
            f"{flag}".rstrip()
        )
    lines.append(
        "mastery: share of the concept you would recall today (unseen items count 0); "
        "known: items answered right and still remembered; retention: recall on what you reviewed."
    )
    for p in (p for p in rows if p.weak):
        lines.append(f"  {p.concept}: re-read " + "; ".join(p.notes))
    if not any(p.reviewed for p in rows):
        lines.append("No answers yet: try `genai-tutor quiz`.")
    return "\n".join(lines)
