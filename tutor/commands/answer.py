"""`ask`, `retrieve` and `route`: the tutor's answers as text for people or JSON for tools."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
import time
import uuid
from collections.abc import Iterable
from typing import Any

from tutor.commands.io import (
    check_batch_source,
    checked_question,
    print_json,
    progress_to_stderr,
    run_batch,
)
from tutor.commands.live_draft import LiveDraft
from tutor.errors import InputError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import safe_terminal


def cmd_retrieve(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.k <= 20:
        raise InputError(f"-k must be between 1 and 20 (got {args.k}).")
    if args.batch:
        check_batch_source(args.batch)
    knowledge = Runtime(settings, with_llm=False).knowledge(progress_to_stderr)

    def handle(question: str) -> dict[str, Any]:
        return {
            "question": question,
            "passages": [p.as_json() for p in knowledge.retrieve(question, k=args.k)],
        }

    if args.batch:
        return run_batch(args.batch, handle)
    passages = knowledge.retrieve(checked_question(args.question), k=args.k)
    if args.json:
        print_json([p.as_json() for p in passages])
        return 0
    for i, p in enumerate(passages, 1):
        flag = "" if p.relevant else "  (weak match)"
        print(
            f"[{i}] {safe_terminal(p.note)} › {safe_terminal(p.section)}  score {p.score:.3f}{flag}"
        )
        print(
            "    "
            + (
                safe_terminal(p.text.strip()).replace("\n", "\n    ")
                or "(this section is empty in the notes)"
            )
        )
        print()
    return 0


def cmd_route(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch:
        check_batch_source(args.batch)
    # The router alone, as the tutor would route: it loads the embedder and the notes
    # only when the message needs them (never the LLM, the sessions or the agent graph).
    router = Runtime(settings, with_llm=False).router(_quiet)

    def handle(message: str) -> dict[str, Any]:
        return router.route(message, demo_running=args.demo_running).as_json()

    if args.batch:
        return run_batch(args.batch, lambda m: {"message": m, **handle(m)})
    route = router.route(checked_question(args.message), demo_running=args.demo_running)
    if args.json:
        print_json(route.as_json())
    else:
        print(f"intent: {route.intent}\ntool:   {route.tool}\nargs:   {route.args}")
        for note in route.notes:
            print(f"note:   {note}")
    return 0


def collect(
    events: Iterable[Any], question: str, draft: LiveDraft | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One turn's events -> the result `ask --json` prints (and the turn's timings); tokens go
    to `draft` as they come, which takes them back off the screen once the checked answer is
    in (the caller prints that)."""
    from tutor.agent.events import (
        Answer,
        DemoRequest,
        Notice,
        QuizRequest,
        Resampled,
        Retrieved,
        Routed,
        Token,
    )

    result: dict[str, Any] = {
        "question": question,
        "answer": "",
        "sources": [],
        "quotes": [],
        "unsupported": [],
        "route": None,
        "incomplete": False,
        "beyond_notes": False,
    }
    timings: dict[str, Any] = {}
    for event in events:
        if isinstance(event, Routed):
            result["route"] = event.route.as_json()
        elif isinstance(event, Retrieved):
            result["sources"] = [p.as_json() for p in event.passages if p.relevant] or []
        elif isinstance(event, Token):
            if draft is not None:
                draft.write(event.text)
        elif isinstance(event, Answer):
            result["answer"] = event.text
            result["draft"] = event.draft
            result["sentences"] = list(event.sentences)
            result["grounded"] = event.grounded
            result["incomplete"] = event.incomplete
            if event.notice:
                result["notice"] = event.notice
            result["citations"] = [
                {"n": c.n, "note": c.note, "section": c.section} for c in event.citations
            ]
            result["quotes"] = [
                {"note": q.note, "section": q.section, "text": q.text} for q in event.quotes
            ]
            result["unsupported"] = list(event.unsupported)
            result["beyond_notes"] = event.beyond_notes
            result["beyond"] = list(event.beyond)
            timings = dict(event.timings)
        elif isinstance(event, DemoRequest):
            result["demo"] = {"name": event.name, "args": event.args, "notes": list(event.notes)}
        elif isinstance(event, QuizRequest):
            result["quiz"] = {"topic": event.topic}
        elif isinstance(event, Notice):
            result.setdefault("notices", []).append(event.text)
        elif isinstance(event, Resampled):
            result["resampled"] = {"question": event.question, "before": event.before,
                                   "before_settings": event.before_settings,
                                   "settings": event.settings}
    return result, timings


def answer_once(
    runtime: Runtime, question: str, session: str, draft: LiveDraft | None = None
) -> dict[str, Any]:
    """Run one message through the agent; the model's tokens go to `draft` as they come,
    and are taken back off the screen at the end (the caller prints the checked answer)."""
    events = runtime.tutor().respond(question, session=session,
                                     beyond_notes=runtime.settings.beyond_notes)
    try:
        result, timings = collect(events, question, draft)
    finally:
        if draft is not None:
            draft.take_back()
    llm = runtime.llm()
    result["model"] = llm.name if llm else "none (extractive)"
    if llm and timings.get("decode_tok_s"):
        from tutor.llm.catalogue import record_speed

        record_speed(
            runtime.settings.models_dir,
            llm.name,
            llm.quant,
            timings["decode_tok_s"],
            timings.get("ttft_s") or 0.0,
        )
    result["quant"] = llm.quant if llm else None
    result["timings"] = {
        "load_s": round(llm.load_s, 3) if llm else 0.0,
        "retrieve_ms": timings.get("retrieve_ms"),
        "ttft_s": timings.get("ttft_s"),
        "decode_tok_s": timings.get("decode_tok_s"),
    }
    return result


def shown_answer(result: dict[str, Any]) -> str:
    """The checked answer as a person reads it: unsupported sentences marked in place."""
    return safe_terminal(result["answer"])


def _beyond_apart(result: dict[str, Any]) -> tuple[str, str]:
    """The answer's notes part, and its labelled block beyond the notes ("" if none): the
    block is printed last, below the sources, so no source seems to back it."""
    from tutor.agent.events import BEYOND_LABEL

    if not result.get("beyond"):
        return shown_answer(result), ""
    notes, _, block = result["answer"].partition(f"\n\n{BEYOND_LABEL}")
    return safe_terminal(notes), safe_terminal(BEYOND_LABEL + block)


def _print_sources(result: dict[str, Any]) -> None:
    for notice in result.get("notices", []):
        print(f"notice: {safe_terminal(notice)}", file=sys.stderr)
    answer, beyond = _beyond_apart(result)
    if answer:
        print(answer)
    if result.get("incomplete"):  # said right under the answer, never only in --json
        print(f"\n[incomplete] {safe_terminal(result.get('notice', ''))}")
    if again := result.get("resampled"):
        before = ", ".join(f"{k} {v:g}" for k, v in again["before_settings"].items())
        print(f"\n(before, {before}:) {safe_terminal(again['before'])}")
    if not result["answer"] and result.get("demo"):
        demo = result["demo"]
        flags = " ".join(f"--{k} {v}" for k, v in demo["args"].items())
        print(f"That is a demo. Run it with: genai-tutor demo {demo['name']} {flags}".rstrip())
    for quote in result["quotes"]:
        text, note, section = (safe_terminal(quote[k]) for k in ("text", "note", "section"))
        print(f"\n  “{text}”\n    — {note} › {section}")
    if result["unsupported"]:
        n = len(result["unsupported"])
        print(
            f"\n({n} sentence{'s' * (n != 1)} of the model's draft not found in your notes: "
            "marked ⟦…⟧ above, or left out; --json lists them.)"
        )
    if result.get("citations"):
        print("\nSources:")
        for c in result["citations"]:
            print(f"  [{c['n']}] {safe_terminal(c['note'])} › {safe_terminal(c['section'])}")
    if beyond:
        print(f"\n{beyond}")
    t = result["timings"]
    if t.get("ttft_s") is not None:
        print(
            f"\n({result['model']}, {result['quant']}: first token {t['ttft_s']:.2f} s, "
            f"{t['decode_tok_s']:.1f} tok/s)",
            file=sys.stderr,
        )


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    runtime = Runtime(settings, with_llm=not args.no_llm)
    if args.batch:
        check_batch_source(args.batch)
        tutor = runtime.tutor(progress_to_stderr)
        batch_id = uuid.uuid4().hex[:8]
        count = itertools.count()

        def handle(question: str) -> dict[str, Any]:
            # Batch questions are independent: each gets a fresh conversation, removed after.
            session = f"batch-{batch_id}-{next(count)}"
            try:
                return answer_once(runtime, question, session)
            finally:
                tutor.delete_session(session)

        return run_batch(args.batch, handle)
    question = checked_question(args.question)
    started = time.perf_counter()
    runtime.tutor(progress_to_stderr)
    if not args.json:
        print(f"(ready in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    # A one-off question starts a fresh conversation unless --session names one.
    session = args.session or f"ask-{uuid.uuid4().hex[:8]}"
    try:
        result = answer_once(runtime, question, session, None if args.json else LiveDraft())
    finally:
        if not args.session:
            _forget(runtime, session)
    if args.json:
        print_json(result)
    else:
        _print_sources(result)
    return 0


def _forget(runtime: Runtime, session: str) -> None:
    from tutor.errors import TutorError

    with contextlib.suppress(TutorError):  # nothing was saved (e.g. the turn was refused)
        runtime.tutor().delete_session(session)


def _quiet(_: str) -> None:
    pass
