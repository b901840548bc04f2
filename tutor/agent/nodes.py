"""The graph's nodes. Each reads the state and the runtime context, emits events through
LangGraph's custom stream writer (so the UI sees them live), and returns a state update."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, replace
from typing import Any

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from knowledge.answer_type import asked_for
from knowledge.types import Passage
from tutor.agent import chat
from tutor.agent.beyond import answer_beyond
from tutor.agent.compose import SecondOpinion, compose, usable
from tutor.agent.context import Context
from tutor.agent.events import (
    INCOMPLETE_NOTICE,
    Answer,
    DemoControl,
    DemoRequest,
    Notice,
    QuizRequest,
    Resampled,
    Retrieved,
    Route,
    Routed,
    Token,
)
from tutor.agent.excerpts import budget_passages
from tutor.agent.followup import follow_up_query
from tutor.agent.not_covered import not_covered, outline_only
from tutor.agent.prompts import answer_messages, says_nothing, strip_echo
from tutor.agent.resample import last_answer
from tutor.agent.state import State, message
from tutor.agent.verify import voice_verdicts
from tutor.errors import TutorError
from tutor.language import without_unfinished

log = logging.getLogger(__name__)

def _last_user(state: State) -> str:
    return next(
        (m["content"] for m in reversed(state.get("messages", [])) if m["role"] == "user"), ""
    )


def route_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx, write = runtime.context, get_stream_writer()
    text = _last_user(state)
    # The router alone decides (its false-launch rate is measured); a model's proposed tool
    # call once overrode it and lost questions to invalid calls, so that path is gone.
    try:
        route = ctx.router.route(text, demo_running=state.get("demo_running"))
    except TutorError as exc:
        write(Notice(str(exc)))
        return {"route": None, "messages": [message("assistant", str(exc))]}
    write(Routed(route))
    return {"route": route.as_dict()}


def retrieve_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = runtime.context
    text = _last_user(state)
    t0 = time.perf_counter()
    query, passages = follow_up_query(text, state.get("last_query", ""), ctx.knowledge, ctx.k)
    get_stream_writer()(Retrieved(list(passages)))
    return {
        "query": query,
        "last_query": query,
        "passages": [asdict(p) | {"retrieve_s": time.perf_counter() - t0} for p in passages],
    }


def _context(state: State) -> list[dict]:
    """The turns before this question that the voice reads: all of them for a follow-up (the
    message was searched together with the previous question), none for a question that
    stands alone. Shown its previous answer, the 0.5B voice copied it into the next one
    whatever was asked."""
    question = _last_user(state)
    follow_up = " ".join(state.get("query", question).split()) != " ".join(question.split())
    return state.get("messages", [])[:-1] if follow_up else []


def _passages(state: State) -> list[Passage]:
    return [
        Passage(**{k: v for k, v in d.items() if k != "retrieve_s"})
        for d in state.get("passages", [])
    ]


def generate_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx, write = runtime.context, get_stream_writer()
    shown = usable(_passages(state))[: ctx.prompt_passages]
    if not shown or ctx.llm is None:
        return {"draft": "", "prompt": None}
    pieces: list[str] = []
    history = _context(state)
    question = _last_user(state)
    # The model reads excerpts; the check (check_node) reads `shown` whole.
    read = budget_passages(question, shown, ctx.checker, ctx.prompt_chars)
    prompt = answer_messages(question, read, history)
    for piece in ctx.llm.stream(prompt, ctx.params, ctx.cancel):
        pieces.append(piece)
        write(Token(piece))
    cut_short = bool(getattr(ctx.llm, "last_incomplete", False)) or (
        ctx.cancel is not None and ctx.cancel.is_set())
    if says_nothing("".join(pieces)) and not cut_short:
        # only passage marks or labels: ask once more without the citation instruction
        prompt = answer_messages(question, read, history, cite=False)
        pieces = []
        write(Token("\n\n"))
        for piece in ctx.llm.stream(prompt, ctx.params, ctx.cancel):
            pieces.append(piece)
            write(Token(piece))
    # A remote model whose server died mid-stream ends the stream early and says so; the
    # words so far are kept (and checked) and the answer is marked, never passed off as whole.
    incomplete = bool(getattr(ctx.llm, "last_incomplete", False))
    if incomplete:
        log.warning("the model's stream ended early: %s", getattr(ctx.llm, "last_error", ""))
    text = "".join(pieces)
    spent = getattr(ctx.llm, "last_timings", None)
    if spent is not None and spent.new_tokens >= ctx.params.max_new_tokens - 1:
        text = without_unfinished(text)  # the budget stopped it mid-sentence
    return {
        "draft": strip_echo(text),
        "incomplete": incomplete,
        "prompt": [dict(m) for m in prompt],
    }


def check_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx, write = runtime.context, get_stream_writer()
    passages = _passages(state)
    shown = usable(passages)[: ctx.prompt_passages]
    t0 = time.perf_counter()
    draft = state.get("draft", "")
    again = state.get("resample_of")  # this turn answers the last question again
    question = again["question"] if again else _last_user(state)
    if not shown:
        query = state.get("query") or question
        unknown = ctx.knowledge.unknown_terms(query) if passages else []
        asked = asked_for(query) if passages and not outline_only(passages) else None
        answer = not_covered(passages, unknown, asked.kind if asked else None, query)
        write(Token(answer.text))
        if ctx.beyond_notes and not again:
            history = state.get("messages", [])[:-1]  # the turns before this question
            answer = answer_beyond(answer, question, history, ctx.llm, ctx.params, ctx.cancel,
                                   write)
    else:
        timings: dict[str, Any] = {}
        if ctx.llm is not None and ctx.llm.last_timings is not None and state.get("draft"):
            timings = asdict(ctx.llm.last_timings)  # before the check's own call replaces them
        top = next((p for p in passages if p.relevant), None)
        answer = compose(
            question,
            draft,
            shown,
            ctx.checker,
            timings,
            named_empty=top if top is not None and top.empty else None,
            second_opinion=_second_opinion(state, ctx, shown, draft),
        )
        if ctx.llm is None:
            write(Token(answer.text))
    answer.timings["retrieve_s"] = (
        round(state.get("passages", [{}])[0].get("retrieve_s", 0.0), 4)
        if state.get("passages")
        else 0.0
    )
    answer.timings["retrieve_ms"] = round(answer.timings["retrieve_s"] * 1000, 1)  # for the CLI
    answer.timings["check_s"] = round(time.perf_counter() - t0, 4)
    extra: dict[str, Any] = {}
    if state.get("incomplete") and shown:
        answer = replace(answer, incomplete=True, notice=INCOMPLETE_NOTICE)
        extra["incomplete"] = True
    write(answer)
    update: dict[str, Any] = {
        "mode": "chat",
        "messages": [
            message(
                "assistant",
                answer.text,
                citations=[asdict(c) for c in answer.citations],
                quotes=[asdict(q) for q in answer.quotes],
                **extra,
                **({"beyond_notes": True} if answer.beyond else {}),
            )
        ],
    }
    if again:
        write(Resampled(question, again["text"], again["settings"], answer.text,
                        again["new_settings"]))
    else:  # what "/resample" would run again (a re-sample keeps the original to compare with)
        update["last_answer"] = last_answer(question, state.get("prompt"),
                                            list(state.get("passages", [])), answer.text,
                                            ctx.params)
    return update


def _second_opinion(
    state: State, ctx: Context, shown: list[Passage], draft: str
) -> SecondOpinion | None:
    """The voice re-reading its own draft against the passages, when there is a voice."""
    if ctx.llm is None or not ctx.verify or not draft.strip():
        return None
    llm = ctx.llm
    prompt = answer_messages(_last_user(state), shown, _context(state))
    return lambda sentences: voice_verdicts(llm, prompt, draft, sentences, ctx.cancel)


def demo_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx, write = runtime.context, get_stream_writer()
    route = Route.from_dict(state["route"] or {})
    if route.tool == "control":
        action = route.args["action"]
        changes = {k: v for k, v in route.args.items() if k != "action"}
        if action == "restart":  # a launch setting: the app starts the same demo again
            explanation = chat.restart_text(state.get("demo_running"), changes, route.notes)
        else:
            explanation = chat.explain_control(action, changes, route.notes, ctx.knowledge)
        write(DemoControl(action, changes, explanation))
        return {
            "mode": "demo",
            "pending_tool": route.as_dict(),
            "messages": [message("assistant", explanation)],
        }
    assert route.tool is not None
    write(DemoRequest(route.tool, dict(route.args), list(route.notes)))
    shown = ", ".join(f"{k}={v}" for k, v in route.args.items())
    text = f"Starting the {route.tool} demo" + (f" ({shown})." if shown else ".")
    text += "".join(f" {n}" for n in route.notes)
    return {
        "mode": "demo",
        "pending_tool": route.as_dict(),
        "messages": [message("assistant", text)],
    }


def quiz_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    route = Route.from_dict(state["route"] or {})
    topic = route.args.get("topic")
    get_stream_writer()(QuizRequest(topic))
    text = f"Starting a quiz on {topic}." if topic else "Starting a quiz on what is due."
    return {
        "mode": "quiz",
        "quiz": {"topic": topic},
        "pending_tool": route.as_dict(),
        "messages": [message("assistant", text)],
    }


def chat_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    route = Route.from_dict(state["route"] or {})
    reply = chat.reply(_last_user(state), off_topic="off-topic" in route.notes)
    write = get_stream_writer()
    write(Token(reply))
    write(Answer(reply, [], [], [], {}, False))
    return {"mode": "chat", "messages": [message("assistant", reply)]}
