"""Answering the last question again with other sampling settings ("/resample 0.9",
"answer that again at temperature 0.9"): the same prompt (notes, history, question) goes to
the model with a new temperature / top-p; the result is checked like any answer, and both
answers are shown side by side. Temperature reshapes the model's next-token distribution
(see demos/sampling.py): the notes and the question stay the same, only the draws change."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from knowledge.types import Passage
from tutor.agent.context import Context
from tutor.agent.events import Notice, Retrieved, Route, Token
from tutor.agent.prompts import strip_echo
from tutor.agent.state import State, message

NOTHING_YET = "There is no answer to re-sample yet: ask a question first."
NO_MODEL = (
    "There is no language model to sample from: answers are the notes' own sentences, "
    "the same every time."
)
NOT_GENERATED = (
    "The last answer came from the notes alone (nothing was generated), so there is "
    "nothing to re-sample."
)


def last_answer(question: str, prompt: Any, passages: list[dict[str, Any]], text: str,
                params: Any) -> dict[str, Any]:
    """What a later re-sample needs of an answer (plain data, checkpointed with the turn)."""
    return {
        "question": question,
        "prompt": prompt,
        "passages": passages,
        "text": text,
        "settings": {"temperature": float(params.temperature), "top_p": float(params.top_p)},
    }


def resample_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx, write = runtime.context, get_stream_writer()
    route = Route.from_dict(state["route"] or {})
    last = state.get("last_answer")
    problem = (
        NOTHING_YET if not last
        else NO_MODEL if ctx.llm is None
        else NOT_GENERATED if not last.get("prompt")
        else None
    )
    if problem or last is None:
        write(Notice(problem or NOTHING_YET))
        return {"resample_of": None, "messages": [message("assistant", problem or NOTHING_YET)]}
    settings = {
        "temperature": float(route.args.get("temperature", 0.8)),
        "top_p": float(route.args.get("top_p", 1.0)),
    }
    passages = list(last.get("passages") or [])
    write(Retrieved([Passage(**{k: v for k, v in d.items() if k != "retrieve_s"})
                     for d in passages]))
    pieces: list[str] = []
    for piece in ctx.llm.stream(list(last["prompt"]), replace(ctx.params, **settings), ctx.cancel):
        pieces.append(piece)
        write(Token(piece))
    return {
        "draft": strip_echo("".join(pieces)),
        "passages": passages,
        "resample_of": {
            "question": last["question"],
            "text": last["text"],
            "settings": dict(last.get("settings") or {}),
            "new_settings": settings,
        },
    }


def after_resample(state: State) -> Literal["check", "__end__"]:
    """Check the new draft like any answer, unless there was nothing to re-sample."""
    return "check" if state.get("resample_of") else "__end__"
