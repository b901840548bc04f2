"""The voice as a judge: do the passages answer the question, do they state a sentence?

Measured, not used by the tutor: the 0.5B voice's yes/no log-probabilities carried little
signal on the dev sets (bench/answerable.py: AUC 0.67 between covered and uncovered questions;
bench/faithfulness_voice.py: P(yes) barely separates supported from unsupported sentences).
Kept to measure a stronger voice (the 1.5B on a GPU) the same way.

Retrieval's relevance rule (knowledge/retriever.py) looks at similarity only, so it cannot tell
"these passages are on the topic" from "these passages answer it": asked how many parameters
GPT-3 has, the notes' LLM section is close in meaning and the rule lets it through, and the
tutor then explains something else. The class this catches: questions whose topic the notes
cover but whose asked-for detail they never state (a number, a name, a date, a formula, a
step), and neighbouring topics that share the notes' words.

The voice is asked the yes/no question with the very passages and question of the answer
prompt, and its answer is read from the log-probabilities of "yes" and "no" (the backend's
`yes_probability`), not from the word it writes. The check's prompt extends the answer
prompt, so llama.cpp reads the passages once for both. Backends without log-probabilities
return None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from knowledge.types import Passage
from tutor.agent.prompts import answer_messages
from tutor.llm.base import ChatMessage

QUESTION = "Do the numbered passages above state the answer to this question? Reply yes or no."
# The threshold bench/answerable.py marks in its table (dev split only).
MIN_YES = 0.5


def check_messages(
    question: str, passages: Sequence[Passage], history: Sequence[dict] = ()
) -> list[ChatMessage]:
    """The answer prompt with the yes/no question after the learner's question."""
    messages = answer_messages(question, passages, history)
    last = messages[-1]
    messages[-1] = ChatMessage(role=last["role"], content=f"{last['content']}\n\n{QUESTION}")
    return messages


def statement_messages(
    question: str, sentence: str, passages: Sequence[Passage], history: Sequence[dict] = ()
) -> list[ChatMessage]:
    """The answer prompt with a yes/no question on one sentence of a draft answer."""
    messages = answer_messages(question, passages, history)
    last = messages[-1]
    ask = f'Do the numbered passages above state this: "{sentence}"? Reply yes or no.'
    messages[-1] = ChatMessage(role=last["role"], content=f"{last['content']}\n\n{ask}")
    return messages


def yes_probability(
    llm: Any, question: str, passages: Sequence[Passage], history: Sequence[dict] = ()
) -> float | None:
    """The voice's P(yes) that `passages` answer `question`; None when it cannot say."""
    ask = getattr(llm, "yes_probability", None)
    if ask is None or not passages:
        return None
    return ask(check_messages(question, passages, history))


def sentence_support(
    llm: Any, question: str, sentences: Sequence[str], passages: Sequence[Passage],
    history: Sequence[dict] = (),
) -> list[float | None]:
    """The voice's P(yes) that the passages state each sentence (None where it cannot say)."""
    ask = getattr(llm, "yes_probability", None)
    if ask is None or not passages:
        return [None] * len(sentences)
    return [ask(statement_messages(question, s, passages, history)) for s in sentences]
