"""A question that asks for the members of a short list in the notes gets the whole list.

The class: the question names, in the plural, what a short list or table of a retrieved
passage enumerates under its own heading ("what books would you suggest?" and "Books";
"name the stages of training a chatbot" and "Training Stages of
Generative Models"). The small voice names one or two members and stops, and the notes'
sentences picked for their closeness to the question drop the rest: blind judges marked
such answers "partly" ("omits Dive into Deep Learning", "omits RLHF"). The answer then
shows every item of that list, in the notes' words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.types import Passage
from tutor.agent.faithfulness import content_words, split_sentences
from tutor.agent.headings import own_heading
from tutor.language import STOPWORDS, everyday, plain

_ITEM = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|\|)\s*")
_TABLE_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
# A plural word as the learner typed it: lower case (a capitalised "GANs" names a model).
_WORD = re.compile(r"[\w'-]+")
_ASKING = frozenset(["what", "which", "list", "name"])
MAX_ITEMS, MAX_CHARS = 8, 700


def list_items(text: str) -> list[str]:
    """The items of a passage that is nothing but a short list or table (a lead-in line
    ending in ":" allowed), each as one line of plain text; [] for any other passage."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    items: list[str] = []
    for i, line in enumerate(lines):
        if _TABLE_RULE.match(line):
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            continue  # a table's header row names its columns, not an item
        if _ITEM.match(line):
            item = plain(" ".join(split_sentences(line)))
            if item:
                items.append(item)
        elif not (line.rstrip().endswith(":") and not items):
            return []  # prose: not a list passage
    if not 2 <= len(items) <= MAX_ITEMS or sum(len(s) for s in items) > MAX_CHARS:
        return []
    return items


def _plurals(question: str) -> dict[str, str]:
    """The everyday plural nouns a question asks for, each with the word typed
    before it: the plural closes what a "what" or "which" opened at most four words before
    ("what books", "what are the main stages", "which kinds"), or follows "list" or "name".
    Lower case as typed: a capitalised "GANs" names a model, not a collection."""
    typed = _WORD.findall(question)
    out = {}
    for i, w in enumerate(typed):
        if (
            len(w) > 3
            and w.islower()
            and w.endswith("s")
            and not w.endswith(("ss", "us", "is"))
            and w not in STOPWORDS
            and _ASKING & {t.lower() for t in typed[max(0, i - 4) : i]}
            and everyday(w)
        ):
            out[w] = typed[i - 1].lower() if i else ""
    return out


def _lists_it(section: str, plural: str, before: str, question: str) -> bool:
    """Whether a section's own heading names the collection the plural asks for ("Books",
    "Training Stages of ..." for "stages"), as the learner means it. Not when the plural is
    the head of a term the question repeats ("what are diffusion models?" under "Diffusion
    Models": a topic, not a collection) unless "the" comes before it, nor when a word that
    narrows it ("which multimodal models") appears nowhere in the section's path."""
    heading = [w.lower() for w in _WORD.findall(own_heading(section))]
    forms = {plural, plural[:-1]} | ({plural[:-2]} if plural.endswith("es") else set())
    at = [i for i, w in enumerate(heading) if w in forms]
    if not at:
        return False
    if any(i and heading[i - 1] == before for i in at) and not re.search(
        rf"\bthe {re.escape(before)} {re.escape(plural)}\b", question.lower()
    ):
        return False  # "what are diffusion models?" asks what the term means; "what are
        # the training stages?" asks for the stages the heading's table lists
    # a heading's own narrowing word must be the question's too: "Generative Adversarial
    # Networks" lists a GAN's parts, not the "kind of networks" generative AI is built on
    asked = content_words(question)
    if any(i and content_words(heading[i - 1]) - asked for i in at):
        return False
    narrowed = before and before not in STOPWORDS and before not in _ASKING
    return not narrowed or before in {w.lower() for w in _WORD.findall(section)}


def asked_list(question: str, passages: Sequence[Passage]) -> tuple[int, list[str]]:
    """The first passage (its index) whose own heading names a collection the question asks
    for, when that passage is a short list, with its items; (-1, []) when there is none."""
    asked = _plurals(question)
    for i, p in enumerate(passages):
        if any(_lists_it(p.section, w, before, question) for w, before in asked.items()):
            items = list_items(p.text)
            if items:
                return i, items
    return -1, []


def missing_items(items: Sequence[str], said: str) -> list[str]:
    """The items of which `said` leaves out most of the words."""
    have = content_words(said)
    return [s for s in items if len(content_words(s) & have) < 0.5 * len(content_words(s))]


def as_sentences(items: Sequence[str]) -> str:
    """The items as one run of sentences, each closed by a full stop."""
    return " ".join(s if s.rstrip()[-1:] in ".!?" else f"{s.rstrip()}." for s in items)
