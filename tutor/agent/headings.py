"""What a section's own heading says: the notes state facts in headings too.

"c. GPT (Generative Pre-trained Transformer)" is where the notes spell GPT out, and the body
under a list item's heading seldom names what it describes ("Frames all NLP tasks as
text-to-text problems" under "e. T5 (Text-To-Text Transfer Transformer)"). So the check reads
a passage with its heading, and notes' sentences quoted from a list item are led by it.
"""

from __future__ import annotations

import re

from knowledge.types import SECTION_SEP
from tutor.agent.faithfulness import content_words

_LIST_MARK = re.compile(r"^(?:\d+|[a-zA-Z])[.)]\s+")
_BRACKETS = re.compile(r"\s*[()]\s*")
# A body that opens with its own label ("Computational Costs: Training needs ...") quotes an
# item of a list under a section heading, not the item the heading names.
_LABELLED = re.compile(r"[\w ()/&'-]{1,40}:\s")


def own_heading(section: str) -> str:
    """The last heading of a section path, without its list number or letter."""
    return _LIST_MARK.sub("", section.split(SECTION_SEP)[-1].lstrip("# ").strip())


def as_checked(section: str, text: str) -> str:
    """A passage as the check reads it: its own heading, then its text."""
    return f"{own_heading(section)}\n{text}"


def led_by_item(section: str, body: str) -> str:
    """Sentences quoted from under a list item's heading ("e. T5 (...)", "2. Diffusion
    Models"), led by that heading when they never name the item: neither the words before
    its brackets nor those inside them ("Variational Autoencoders (VAEs)"). Anything else,
    and a body that opens with a label of its own, is returned unchanged."""
    listed = _LIST_MARK.match(section.split(SECTION_SEP)[-1].lstrip("# ").strip())
    heading = own_heading(section)
    if not listed or heading.endswith("?") or not body or _LABELLED.match(body):
        return body
    said = content_words(body)
    names = [content_words(n) for n in _BRACKETS.split(heading)]
    if any(n and n <= said for n in names):
        return body
    return f"{heading}: {body}"
