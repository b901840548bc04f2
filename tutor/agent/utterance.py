"""What kind of thing each clause of a message is: an interjection ("hold on"), a question
("why is it …", "summarize …", "compare …"), a statement ("I read that WGANs are more
stable", "it's oscillating") or an instruction ("lower the lr", "you can stop now").

Steering a running demo acts only on the instruction clauses, so a question or a remark that
happens to name a setting is answered, never executed. Pure regex work over classes of
phrasing (sentence shape), not over particular messages."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["interjection", "question", "statement", "instruction"]

# Words that ask for an explanation, whether phrased as a question or as an imperative
# ("summarize the WGAN idea", "compare this with a VAE"): these are answered.
QUESTION_START = re.compile(
    r"^\s*(why|what|how|when|where|who|which|does|did|is|are|was|were|explain|tell me"
    r"|summar(?:y|i[sz]e)|compare|contrast|describe|define|definition|overview|elaborate"
    r"|clarify|remind me|walk me through|talk me through|help me understand"
    r"|show me (?:how|why|what|where)"
    r"|give me (?:an? |the |some )?(?:quick |short |brief )?(?:overview|summary|rundown|recap"
    r"|explanation|definition|example|intuition|idea|comparison))\b",
    re.I,
)
REQUEST = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+(?:you|u|ya|we)|please|kindly)(?:\s+please)?\b\s*", re.I
)
HYPOTHETICAL = re.compile(
    r"^\s*(if|suppose|supposing|what if|would|wouldn'?t|should|shouldn'?t|might|could it)\b", re.I
)
CHANGE_VERB = re.compile(
    r"\b(set|switch|change|make|turn|use|put|lower|raise|reduce|increase|decrease|drop|bump|"
    r"cut|halve|double|multiply|divide|go back|pause|stop|resume|continue|carry on|keep going|"
    r"hold|quit|freeze|abort|kill|cancel|end|slow|speed)\b",
    re.I,
)

# Discourse markers that open a message without being its content: "wait a second, why …"
# is a question, "hang on, pause" an instruction.
_INTERJECTION = (
    r"(?:wait(?: wait)*|hold on|hang on|hold up|one (?:sec|second|moment)|just a (?:sec|second"
    r"|moment|minute)|ok(?:ay)?|alright|all right|so|and|but|oh|ah|hm+|um+|uh+|hey|well|right"
    r"|actually|also|btw|by the way|sorry|quick question|question|now then)"
    r"(?: a (?:sec|second|moment|minute|bit))?"
)
_LEAD = re.compile(rf"^(?:{_INTERJECTION}\b\s*)+", re.I)

# A clause that opens with a verb in the imperative (or a polite or wishing frame around
# one) gives an order; these are the verbs a learner steers a demo with.
_IMPERATIVE = re.compile(
    r"^(?:(?:please|just|now|then|you can|you could|you may|you should|we can|we could|"
    r"we should|i want(?: you)? to|i'?d like(?: you)? to|i need(?: you)? to|let'?s|time to|"
    r"go ahead and)\s+)*"
    r"(?:set|switch|change|make|turn|use|put|lower|raise|reduce|increase|decrease|drop|bump|"
    r"cut|halve|double|triple|multiply|divide|go|pause|stop|resume|unpause|continue|carry|keep|"
    r"hold|quit|freeze|abort|kill|cancel|end|finish|halt|slow|speed|try|crank|give|show|draw|"
    r"run|rerun|redo|train|retrain|restart|start|take|pick|choose|sample|move|bring|scale|"
    r"boost|add|remove|disable|enable|apply|jump|skip|swap|flip|let|sharpen|shrink|grow|"
    # the causative "have it draw fours", "get it to use the grid"
    r"(?:have|get|make) (?:it|the model|the demo|them)(?= to | \w))\b",
    re.I,
)
# "that's enough", "I've seen enough": the conventional ways to say stop.
_ENOUGH = re.compile(
    r"^(?:(?:ok(?:ay)?|alright|that'?s|that is|i'?ve seen|i have seen)\s+)?enough"
    r"(?:\s+(?:now|already|for now|for me))?$",
    re.I,
)
# A finite verb after a subject makes a clause a statement ("WGANs are more stable",
# "I read that …", "it won't stop"): contractions of pronouns count, possessives do not.
_FINITE = re.compile(
    r"\b(is|are|was|were|am|been|seems|seemed|looks|looked|keeps|kept|gets|got|has|have|had|"
    r"read|heard|think|thought|saw|seen|noticed|guess|believe|said|says|know|knew|learned|"
    r"learnt|feel|felt|wonder|goes|went|does|did|can|could|will|would|should|might|must|may|"
    r"happens|happened|helps|helped|works|worked|makes|made|becomes|became|wants|needs|"
    r"(?:do|does|did|is|are|was|were|wo|ca|could|would|should|has|have|had|ai|must|need)n'?t)\b"
    r"|\b(?:it|that|there|here|what|he|she|who)'s\b|\w'(?:re|ve|m|d|ll)\b",
    re.I,
)


def clauses(text: str) -> list[tuple[str, bool]]:
    """The message cut at clause punctuation, each clause with whether it ended in "?".
    Decimal points and thousands commas stay inside their number."""
    parts = re.split(r"([?!;—–]|(?<!\d)[.,](?!\d)|[.,](?=\s|$)|\s-\s|\.\.\.|…)", text)
    out: list[tuple[str, bool]] = []
    for body, sep in zip(parts[0::2], [*parts[1::2], ""], strict=True):
        if body.strip():
            out.append((body.strip(), sep == "?"))
    return out


def strip_lead(clause: str) -> str:
    """The clause without its opening interjections ("wait wait pause" -> "pause")."""
    return _LEAD.sub("", clause.strip()).strip()


def kind(clause: str, asked: bool = False) -> Kind:
    """What one clause is; `asked` says it ended in a question mark."""
    body = strip_lead(clause)
    if not body:
        return "interjection"
    if _ENOUGH.match(body):
        return "instruction"
    plain = REQUEST.sub("", body)  # "could you explain …" asks; "could you pause" orders
    if QUESTION_START.match(plain) or HYPOTHETICAL.match(plain):
        return "question"
    if asked and not CHANGE_VERB.search(body):
        return "question"
    if _IMPERATIVE.match(plain) or REQUEST.match(body):
        return "instruction"
    if _FINITE.search(body):
        return "statement"
    return "instruction"  # a fragment: "lr 0.002 please", "wgan-gp"


def instruction_clauses(text: str) -> list[str] | None:
    """The clauses of a message that give an order (without their interjections), or None
    where the message is only interjections ("hold on", "wait a sec"), which then speak
    for themselves. An empty list: the message asks or remarks, and orders nothing."""
    parts = clauses(text)
    kinds = [kind(body, asked) for body, asked in parts]
    if all(k == "interjection" for k in kinds):
        return None
    return [strip_lead(body) for (body, _), k in zip(parts, kinds, strict=True)
            if k == "instruction"]


def orders(text: str) -> list[str]:
    """The order clauses of a message that may act on a running demo, or [] where it asks,
    remarks, negates or supposes ("why did halving the lr help?", "if I set beta to 0 would
    …?", "don't stop it"): a question with no verb of change is never a command. A message
    of interjections alone ("hold on") is its own order. Steering and restarting a running
    demo both read only these clauses."""
    whole = text.lower().strip()
    if QUESTION_START.match(whole) and not REQUEST.match(whole):
        return []
    if HYPOTHETICAL.match(whole) or (whole.endswith("?") and not CHANGE_VERB.search(whole)):
        return []
    if re.search(r"\b(don'?t|do not|never)\b", whole):
        return []
    found = instruction_clauses(text.strip())
    return [text.strip()] if found is None else found


def opens_with_order(clause: str) -> bool:
    """Whether a clause opens with a verb of command, bare or in a polite frame ("use …",
    "could you set …", "let's try …"), not only a setting and its value."""
    body = strip_lead(clause)
    return bool(_IMPERATIVE.match(REQUEST.sub("", body)) or REQUEST.match(body))


def asks(text: str) -> bool:
    """Whether a message opens by asking or by asking for an explanation ("compare this
    with a GAN", "why …"), not as a polite request ("could you …") nor as a request to be
    shown ("show me how text splits into tokens" may launch a demo)."""
    whole = text.strip()
    return bool(QUESTION_START.match(whole) and not REQUEST.match(whole)
                and not re.match(r"(?:show|give) me\b", whole, re.I))
