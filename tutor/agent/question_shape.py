"""The shape of a message: whether it asks (a question, a request for an explanation, a
question after an account), or passes a verdict on what was done. No embedder: the router
reads these beside its similarity scores."""

from __future__ import annotations

import re

from knowledge.comparison import sides
from tutor.agent import cues
from tutor.agent.utterance import clauses, opens_with_order, strip_lead


def is_question(text: str) -> bool:
    """A question or a request for an explanation, which is answered, never launched. One
    that ends in an order to show it ("...? show me"), and an order opening with "do"
    ("do paris - france + italy with the embeddings demo"), are requests."""
    if closing_question(text) or cues.BARE_TERM_QUESTION.match(text):
        return True
    if cues.PLAIN_TERMS.search(text) and not cues.TRAILING_ORDER.search(text):
        return True  # "attention in simple words" asks for an explanation
    # "so when did diffusion arrive", "basically how does a GAN learn?": the question word second
    text = cues.HEDGE.sub("", strip_lead(text)) or text
    if cues.REQUEST.search(text) and not cues.EXPLAIN.match(text) and not cues.ASKS_HOW.match(text):
        return False
    if cues.TRAILING_ORDER.search(text) or cues.DO_ORDER.match(text):
        return False
    if cues.ASKS_HOW.match(text) or cues.HYPOTHETICAL.match(text):
        return True
    return bool(cues.QUESTION.match(text) or cues.EXPLAIN.match(text)
                or cues.LATE_QUESTION.match(text))


def closing_question(text: str) -> bool:
    """Class "a question after an account": the message closes by asking ("I ran the GAN
    and the points collapsed, why?") and does not open with an order ("run the VAE, what
    will it draw?" still runs it)."""
    if not (cues.CLOSING_QUESTION.search(text) or cues.CLOSING_WHY.search(text)):
        return False
    first = clauses(text)[0][0]
    return not opens_with_order(first) and not cues.LAUNCH.match(first)


def verdict(text: str) -> bool:
    """Class "a verdict on what was done": a remark on a quiz or demo already had ("that
    quiz was fun", "loved the GAN demo"), with no other clause ordering something ("nice
    demo! now the VAE please" still launches)."""
    if not cues.VERDICT.search(text) or cues.TRAILING_ORDER.search(text):
        return False
    others = [c for c, _ in clauses(text) if not cues.VERDICT.search(c)]
    return not any(opens_with_order(c) or cues.LAUNCH.search(c) or cues.QUIZ.search(c)
                   or cues.REQUEST.search(c) or re.search(r"\b(another|one more|next)\b", c, re.I)
                   for c in others)


def looks_like_question(text: str) -> bool:
    """Question-shaped: a question mark, a question word first, or a comparison of two things
    ("colab vs jupyter notebooks, which one"), which asks without either."""
    return (text.rstrip().endswith("?") or bool(cues.QUESTION.match(text))
            or sides(text) is not None)
