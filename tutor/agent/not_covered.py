"""The answer for a question the notes don't cover: it says so, names the question's terms
the notes never use (a learner spots a typo), or the kind of fact no passage states, and
points to the nearest section the notes do have."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.answer_type import AnswerType
from knowledge.types import Passage
from tutor.agent.events import Answer, Citation
from tutor.agent.faithfulness import content_words

# What the notes lack when a question asks for a fact of a kind no passage states.
MISSING = {
    AnswerType.NAME: "Your notes never say who",
    AnswerType.DATE: "Your notes never give a date for this",
    AnswerType.QUANTITY: "Your notes never give that figure",
}
NOT_COVERED = (
    "Your notes don't cover this, so I won't guess. "
    "Try rephrasing, or add notes on it with /notes DIR."
)


def outline_only(passages: Sequence[Passage]) -> list[Passage]:
    return [p for p in passages if p.relevant and (p.empty or not p.text.strip())]


def not_covered(
    passages: Sequence[Passage],
    unknown: Sequence[str] = (),
    missing: AnswerType | None = None,
    question: str = "",
) -> Answer:
    """The plain 'not in the notes' answer, pointing at the nearest section the notes do have,
    or 'named but empty' for outline-only sections. `unknown` are terms of the question the
    notes never use: the answer names them, so a learner sees why (and spots a typo).
    `missing` is the kind of fact asked for (a name, date, figure) that no passage states."""
    if unknown:
        named = ", ".join(f"“{t}”" for t in unknown[:3])
        opening = f"Your notes don't cover this: they never mention {named}, so I won't guess."
    elif missing is not None:
        opening = f"{MISSING[missing]}, so I won't guess."
    else:
        empty = [p for p in outline_only(passages) if not _said_elsewhere(p, passages)]
        if empty:
            p = empty[0]
            return Answer(
                f"The notes name this topic ({p.note} › {p.section}) but say nothing about it "
                "yet.",
                [Citation(1, p.note, p.section)],
                [],
                [],
                {},
                False,
            )
        opening = NOT_COVERED
    near = _nearby(passages, question)
    if near is None:
        return Answer(opening, [], [], [], {}, False)
    text = f"{opening} The closest they come is {near.note} › {near.section}."
    return Answer(text, [Citation(1, near.note, near.section)], [], [], {}, False)


def _said_elsewhere(heading: Passage, passages: Sequence[Passage]) -> bool:
    """Whether a retrieved passage with text speaks of an outline heading's topic: then "the
    notes say nothing about it" is untrue, only not what was asked (an empty "Tokenization"
    heading while another section defines tokenization)."""
    topic = content_words(heading.section.split(" › ")[-1])
    return bool(topic) and any(p.text.strip() and topic & content_words(p.text) for p in passages)


def _nearby(passages: Sequence[Passage], question: str) -> Passage | None:
    """The passage worth pointing a refused learner to: the best one with text that shares a
    word with the question. Pointing "what is XGBoost?" at the Transformer section because it
    ranked first among unrelated sections tells the learner nothing."""
    asked = content_words(question) if question else None
    for p in passages:
        if p.text.strip() and (asked is None or asked & content_words(f"{p.section} {p.text}")):
            return p
    return None
