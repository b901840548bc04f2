"""Questions that compare two things: "how does a VAE differ from a GAN?", "BERT vs GPT".

The class: a question whose answer needs a passage about each side. Ranked as one query, the
passages close to both words win, and those are often a third thing that mentions both (the
DCGAN section for "VAE vs GAN", which says "GAN" densely and is near "VAE" in meaning), so the
voice writes about the wrong model and the check, finding the words in the passages, lets it
through. Split into its two sides, each side's own best passage can be put next to the best
passage for the whole question.
"""

from __future__ import annotations

import re

_BETWEEN = re.compile(
    r"\b(?:differences?|diff|distinction|contrast)\s+between\s+(.+?)\s+and\s+(.+)", re.I
)
_VERSUS = re.compile(
    r"(.+?)\s+(?:vs\.?|versus|compared\s+(?:to|with)|as\s+opposed\s+to|"
    r"differ(?:s|ent)?\s+from|(?:is|are)\s+different\s+from|unlike|instead\s+of|"
    r"compared?\s+(?:to|with|against))\s+(.+)",
    re.I,
)
# "X or Y" in a question that asks which, or how they differ ("GPT or BERT for sentiment?",
# "pytorch or tensorflow, what's the difference?")
_CHOICE = re.compile(r"\b(?:which|better|best|prefer|should|differ\w*|diff)\b", re.I)
_OR = re.compile(r"(?:^|[,:;?]\s*)([^,:;?]+?)\s+or\s+([^,:;?]+)")
_LEAD = re.compile(
    r"^\s*(?:so\s+)?(?:what(?:'s| is| are)?|how|why|in what ways?|explain|tell me|"
    r"can you|could you|does|do|is|are|should i use|which(?: one)?)\b"
    r"(?:\s+(?:does|do|is|are|exactly|the|a|an|it|s|use|i))*\s+",
    re.I,
)
_TAIL = re.compile(r"\s*(?:models?\s+)?(?:\?|!|\.|,).*$|\s+(?:in|when|for)\s+.*$", re.I)


def sides(question: str) -> tuple[str, str] | None:
    """The two things a comparison question names, or None for any other question."""
    text = " ".join(question.split())
    patterns = [_BETWEEN, _VERSUS] + ([_OR] if _CHOICE.search(text) else [])
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            a, b = (_clean(x) for x in m.groups())
            if a and b and a.lower() != b.lower():
                return a, b
    return None


def _clean(side: str) -> str:
    side = _TAIL.sub("", _LEAD.sub("", side.strip()))
    return side.strip(" ,;:-'\"").strip()
