"""Is a message a follow-up of the previous question, and what should retrieval search for?

A message that refers back ("why?", "how is it different from a GAN?") says too little to
retrieve on its own. The decision is made by what retrieval finds, not by spotting pronouns
(which also open stand-alone questions, "what is one-shot learning?"): the message is searched
alone, and only when nothing relevant comes back, or the message opens like a continuation,
the previous question is searched with it. Measured on bench/sets/followups_b.jsonl.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.types import Passage

MAX_QUERY = 400
# Openings that only make sense as a continuation of the previous turn.
_CONTINUES = re.compile(
    r"^\s*(and|but|so|also|then|what about|how about|why( not)?\??$|how come|"
    r"(can|could) you (give|show) (me )?(an )?example|give (me )?an example|"
    r"in what way|is that|does that|is it|does it|are they|do they|which one|"
    r"explain (it|that|this)|say (it|that) again|more|elaborate|simpler|in simpler)\b",
    re.I,
)


def opens_as_continuation(text: str) -> bool:
    return bool(_CONTINUES.search(text))


def combine(last_query: str, text: str) -> str:
    """The previous query and the message, cut from the end of the previous one so the
    message itself is never lost."""
    room = max(MAX_QUERY - len(text) - 1, 0)
    head = last_query[:room].rsplit(" ", 1)[0] if len(last_query) > room else last_query
    return f"{head} {text}".strip()


def follow_up_query(
    text: str, last_query: str, knowledge: Any, k: int
) -> tuple[str, list[Passage]]:
    """The retrieval query and its passages for a message, given the previous query."""
    alone = knowledge.retrieve(text, k=k)
    if not last_query:
        return text, alone
    if any(p.relevant for p in alone) and not opens_as_continuation(text):
        return text, alone
    query = combine(last_query, text)
    return query, knowledge.retrieve(query, k=k)
