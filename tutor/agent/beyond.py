"""Answering beyond the notes (opt-in: `--beyond-notes`, `/beyond on`): for a question the
notes don't cover, the refusal still comes first, then the model's answer from its own
knowledge, every sentence labelled as not from the notes and unverified. Nothing here is
checked against the notes, so none of it ever joins the checked, notes-backed part."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from typing import Any

from tutor.agent.compose import Sentence
from tutor.agent.events import (
    BEYOND_LABEL,
    BEYOND_NEEDS_MODEL,
    INCOMPLETE_NOTICE,
    Answer,
    Notice,
    Token,
)
from tutor.agent.faithfulness import split_sentences
from tutor.agent.prompts import BEYOND_SYSTEM_PROMPT, beyond_messages, citations_of, strip_echo
from tutor.llm.base import ChatModel, GenerationParams
from tutor.text import sanitize

log = logging.getLogger(__name__)
NOTHING_WRITTEN = "The model wrote nothing beyond your notes for this question."


# A sentence about the learner's notes ("Your notes never say …") is the tutor's refusal
# copied from the conversation so far, not knowledge of the model's own.
_ABOUT_THE_NOTES = re.compile(r"^\W*(?:your|the|my)\s+notes\b", re.IGNORECASE)


def beyond_sentences(text: str) -> list[str]:
    """The model's text as shown sentences: sanitised, echoes of the prompt, copies of the
    tutor's refusals and any [n] marks (there are no passages to cite) removed, blanks
    dropped."""
    cleaned = strip_echo(sanitize(text), system=BEYOND_SYSTEM_PROMPT)
    kept = (citations_of(s)[0] for s in split_sentences(cleaned))
    return [
        " ".join(s.split()) for s in kept if s.strip() and not _ABOUT_THE_NOTES.match(s)
    ]


def beyond_block(sentences: Sequence[str]) -> str:
    """The labelled block shown under the refusal: the label, then one sentence a line."""
    return BEYOND_LABEL + "\n" + "\n".join(f"- {s}" for s in sentences)


def with_beyond(refusal: Answer, sentences: Sequence[str], draft: str = "") -> Answer:
    """The refusal with the model's own sentences after it, labelled, never mixed in."""
    if not sentences:
        return refusal
    beyond = [asdict(Sentence(s, False, (), "beyond_notes")) for s in sentences]
    return replace(
        refusal,
        text=f"{refusal.text}\n\n{beyond_block(sentences)}",
        grounded=False,
        draft=draft,
        sentences=list(refusal.sentences) + beyond,
        beyond=list(sentences),
    )


def answer_beyond(
    refusal: Answer,
    question: str,
    history: Sequence[dict[str, Any]],
    llm: ChatModel | None,
    params: GenerationParams,
    cancel: Any,
    write: Callable[[Any], None],
) -> Answer:
    """After the refusal has been streamed: the model's own answer, streamed under the label
    and returned as the refusal plus labelled sentences. Without a model, one line says the
    mode needs it and the refusal stands."""
    if llm is None:
        write(Notice(BEYOND_NEEDS_MODEL))
        return refusal
    write(Token(f"\n\n{BEYOND_LABEL}\n\n"))  # labelled while it streams, not only at the end
    pieces: list[str] = []
    for piece in llm.stream(beyond_messages(question, history), params, cancel):
        pieces.append(piece)
        write(Token(piece))
    draft = "".join(pieces)
    sentences = beyond_sentences(draft)
    if not sentences:
        write(Notice(NOTHING_WRITTEN))
        return refusal
    answer = with_beyond(refusal, sentences, draft)
    if llm.last_timings is not None:
        answer = replace(answer, timings=asdict(llm.last_timings))
    if getattr(llm, "last_incomplete", False):
        log.warning("the model's stream ended early: %s", getattr(llm, "last_error", ""))
        answer = replace(answer, incomplete=True, notice=INCOMPLETE_NOTICE)
    return answer
