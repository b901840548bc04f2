"""Questions that ask what the field can do for someone, and the sections that answer them.

The class of question: a learner asks how generative AI (or AI, or whatever the notes are
about) could help them, their team, their job or their domain, or whether it is used in some
field at all ("I teach chemistry, is AI any use in my lab?", "could gen AI write copy for our
small shop?", "is generative AI used in architecture?"). Such a question is as close in meaning
to the notes' definition of the field as to their list of applications, and the definition
wins on similarity; yet only a section titled with applications, use cases or real-world
examples answers it. Questions about what one named model or component is for ("what is the
decoder used for") are not of this class: the section about that component answers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tutor.language import STOPWORDS, words

# The field in general as the subject: AI words, plus the phrases naming the notes' field
# (passed in by the retriever), so that notes about another field work the same way.
_AI = r"(?:gen(?:erative)?[- ]?ai|ai|artificial intelligence|a\.i\.)"
# Words of use or help. A bare noun "use" is left out: "responsible use of AI" asks about
# ethics; "use" counts as a verb after a modal ("how could we use it") or in "any use".
_USE = re.compile(
    r"\b(?:help(?:s|ed|ing|ful)?|useful(?:ness)?|used|uses|usage|applied|apply|applications?|"
    r"relevan(?:t|ce)|(?:do|good|useful) for|make use|any use|of use|"
    r"(?:can|could|should|would|might|do|does)\s+(?:i|we|you|they|people|anyone|anybody)\s+(?:\w+\s+)?use|"
    r"(?:can|could|would|will|might)\s+(?:[\w-]+\s+){0,3}?do\s+(?:our|my))\b"
)
# The words for a group of people someone works in: "a small team", "our radiology group".
GROUP_WORDS = (r"(?:team|shop|store|company|business|startup|firm|studio|lab|hospital|clinic|"
               r"school|classroom|agency|organi[sz]ation|department|practice|group|unit|office)s?")
# Who it is for: the asker, their organisation ("I'm a nurse", "our shop", "a small team").
_ASKER = re.compile(
    r"\b(?:i'm|im|i am|i|me|my|mine|we|we're|us|our|ours)\b|"
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?" + GROUP_WORDS + r"\b"
)
# ...or a domain it is used in or for ("in fashion", "for manufacturing", "to customer support").
_DOMAIN = re.compile(r"\b(?:in|for|to|within)\s+(?:the\s+|a\s+|an\s+)?([a-z][\w-]*)")
# Not domains: "in practice", "in general", "in the real world" ask after uses of anything.
_NOT_DOMAINS = frozenset(
    "practice general short theory detail real simple plain".split()  # noqa: SIM905
)
# "which cloud platforms can I use": a tool for the asker, not a use of the field.
_TOOL = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:can|should|could|do|would|might)\s+(?:i|we)\s+"
    r"(?:\w+\s+)?use\b"
)


def asks_for_uses(question: str, field: Iterable[str] = ()) -> bool:
    """Whether a question asks what the field (AI, or one of the `field` phrases) can do for a
    person, a team, a job or a domain: a word of use or help, AI as the subject, and the
    asker, their organisation or an "in/for <domain>" phrase. Not a definition, and not a
    question about what a named model or component is used for."""
    q = " ".join(words(question))
    phrases = sorted({" ".join(words(f)) for f in field} - {""}, key=len, reverse=True)
    subject = "|".join([_AI, *(re.escape(f) for f in phrases)])
    if not re.search(rf"\b(?:{subject})\b", q):
        return False
    if not _USE.search(q) or _TOOL.search(q):
        return False
    if _ASKER.search(q):
        return True
    for match in _DOMAIN.finditer(q):
        domain = match.group(1)
        if domain in STOPWORDS or domain in _NOT_DOMAINS:
            continue
        if re.match(rf"(?:{subject})\b", q[match.start(1):]):
            continue  # "used in generative AI" names the subject, not a domain
        return True
    return False


# Headings about applications, use cases, uses or real-world examples, in anyone's notes.
_USES_HEADING = re.compile(
    r"\b(?:applications?|use[- ]cases?|uses|real[- ]world|in practice|in the wild|"
    r"practical (?:examples?|uses?)|industry (?:examples?|uses?)|who uses|"
    r"(?:is|are|it|they) (?:used|good) for|where (?:\w+ ){0,3}?used)\b"
)


def is_uses_heading(heading: str) -> bool:
    """Whether a section heading names applications, use cases, uses or real-world examples
    ("Applications of X", "Use Cases", "Real-World Examples", "What It's Used For")."""
    return bool(_USES_HEADING.search(" ".join(words(heading)).replace("it's", "it is")))


# Words that name a kind of note rather than its field ("beekeeping-basics", "gan-notes").
_NOTE_NAME_FILLER = frozenset(
    """notes note basics intro introduction guide explained overview key concepts personal
    summary cheat sheet glance fundamentals part chapter draft copy final""".split()  # noqa: SIM905
)


def field_of(note_names: Iterable[str]) -> str:
    """The field the notes are about, as the words more than half their names share, in order
    ("generative-ai-at-a-glance", "intro-to-generative-ai": "generative ai"); "" if none."""
    named = [
        [w for w in words(name.replace("_", " ").replace("-", " "))
         if w not in STOPWORDS and w not in _NOTE_NAME_FILLER and not w.isdigit()]
        for name in dict.fromkeys(note_names)
    ]
    named = [n for n in named if n]
    if not named:
        return ""
    shared = {w for n in named for w in n if 2 * sum(w in m for m in named) > len(named)}
    for name in named:
        if shared <= set(name):
            return " ".join(dict.fromkeys(w for w in name if w in shared))
    return ""
