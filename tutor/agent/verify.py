"""The voice checks its own answer: one short follow-up turn asks, sentence by sentence,
whether the note passages state it.

Word overlap and sentence embeddings cannot tell "a VAE uses a discriminator" from "a GAN
uses a discriminator" when both words are in the passages; a language model reading the
passages can. The question is asked as the next turn of the same conversation (passages,
question, the model's own draft, then the check), so llama.cpp reuses the whole prompt from
its cache and only the short check is new: about a second on the CPU.

The verdict only ever removes support: a sentence stays supported when the lexical check
(`faithfulness.py`) and this one both say so. An unreadable reply changes nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from tutor.llm.base import ChatMessage, ChatModel, GenerationParams

INSTRUCTION = (
    "Check each numbered sentence against the note passages above. Reply with one line per "
    "sentence, its number then yes if the passages state what it says, or no if they do not "
    "(a detail the passages never give, something said of a different model or idea, or a "
    "guess is no). Example reply:\n1: yes\n2: no\n\nSentences:\n"
)
_NUMBERED = re.compile(r"(\d+)\s*[:.)-]\s*(yes|no)\b", re.I)
_BARE = re.compile(r"\b(yes|no)\b", re.I)


def check_messages(
    prompt: Sequence[ChatMessage], draft: str, sentences: Sequence[str]
) -> list[ChatMessage]:
    """The answer prompt, the model's draft as its turn, then the numbered check."""
    listing = "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, 1))
    return [
        *prompt,
        ChatMessage(role="assistant", content=draft),
        ChatMessage(role="user", content=INSTRUCTION + listing),
    ]


def parse_reply(text: str, count: int) -> list[bool | None]:
    """Per sentence: True (stated), False (not stated) or None (the reply did not say)."""
    found = {int(n): word.lower() == "yes" for n, word in _NUMBERED.findall(text)}
    words = _BARE.findall(text)
    if not found and words and not _BARE.sub("", text).strip(" \n\t.,;:-"):
        found = {i: w.lower() == "yes" for i, w in enumerate(words, 1)}  # "yes\nno", in order
    return [found.get(i) for i in range(1, count + 1)]


def voice_verdicts(
    llm: ChatModel,
    prompt: Sequence[ChatMessage],
    draft: str,
    sentences: Sequence[str],
    cancel: threading.Event | None = None,
) -> list[bool | None]:
    """Ask the voice whether the passages state each sentence (greedy, a few tokens each)."""
    if not sentences:
        return []
    messages = check_messages(prompt, draft, sentences)
    params = GenerationParams(max_new_tokens=6 * len(sentences) + 6, temperature=0.0)
    reply = "".join(llm.stream(messages, params, cancel))
    return parse_reply(reply, len(sentences))
