"""The diffusion and BLEU demos in plain words: the phrasings that name them without their
names ("turn noise into a picture", "score my sentence against a reference") and the
arguments a request states (dataset, sampler, sampling steps, digit, guidance; the text to
score and its reference). Regex only, like extract.py: the demos' pydantic bounds still
check what is found."""

from __future__ import annotations

import re
from typing import Any

_NUM = r"(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
_PICTURE = r"(?:pictures?|images?|photos?|samples?|digits?|drawings?|data)"

# Making data out of noise, the idea of diffusion, said without the word.
DIFFUSION_WORDS = re.compile(
    rf"\bnoise\b.{{0,40}}\b(?:into|becomes?|turns? into|to)\b.{{0,20}}\b{_PICTURE}"
    rf"|\b{_PICTURE}\b.{{0,30}}\bout of (?:pure |random |just )?noise\b"
    r"|\b(?:from|out of) (?:pure |random |just )noise\b"
    r"|\b(?:add\w*|pil\w* on) noise\b.{0,60}\b(?:remov\w*|undo\w*|revers\w*|tak\w* (?:it )?away)",
    re.I,
)
# BLEU by name (a misspelling is respelt first), or scoring a text against a reference.
BLEU_WORDS = re.compile(
    r"\bbleu\b|\bn-?gram (?:overlap|precision|match\w*)"
    r"|\breference (?:sentence|translation|text)\b|\breference\s*:"
    r"|\b(?:score|rate|grade|compare|match\w*)\b.{0,80}\bagainst (?:a|the|my) reference\b"
    r"|\b(?:score|rate|grade)\b.{0,60}\b(?:sentence|translation)s?\b"
    r"|\b(?:sentence|translation)s?\b.{0,80}\b(?:score|rate|grade) (?:it|this|that|them)\b",
    re.I,
)
# A request to score, in the shapes a learner uses with the BLEU demo: "score it for me",
# "compare ... with the reference ...", "using BLEU", "bleu score for: ...".
BLEU_REQUEST = re.compile(
    r"\b(?:score|rate|grade) (?:it|this|that|them|my \w+)\b"
    r"|\b(?:score|compare|rate|grade|check|measure)\b.{0,100}\b(?:with|against|to) "
    r"(?:the |a |my )?reference\b"
    r"|\b(?:using|with|via|by) (?:the )?bleu\b|\bbleu(?: score)? (?:for|of)\b\s*:?",
    re.I,
)


def bleu_named(text: str, quotes: int) -> bool:
    """Whether a message names the BLEU demo; `quotes` is how many quoted spans it holds
    (two quoted sentences and a word of scoring or matching is a BLEU request too)."""
    if BLEU_WORDS.search(text):
        return True
    return quotes >= 2 and bool(re.search(r"\b(score|match\w*|similar|close|compare)\b", text,
                                          re.I))


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|(?<!\w)'([^']+)'(?!\w)")
_TAIL = r"(?:\s+(?:using|with|via|by|in)\s+(?:the\s+)?bleu\b.*)?[\s.!?]*$"
_SEP = r"\s*(?:/|;|\||,?\s*(?:against|with|vs\.?|versus|to))\s*(?:the\s+|a\s+|my\s+)?"


def bleu_args(text: str) -> dict[str, Any]:
    """The text to score and its reference: two quoted spans (the one after "reference" is
    the reference), or "<text> / reference: <ref>", "the sentence X with the reference Y"."""
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    if len(quoted) >= 2:
        first, second = quoted[:2]
        before_first = text[: text.find(first)].lower()
        if re.search(r"\breference\b[^\"“']{0,15}$", before_first):
            first, second = second, first
        return {"text": first.strip(), "reference": second.strip()}
    m = re.search(
        r"(?:\b(?:sentence|text|candidate|translation|output|hypothesis)|\bbleu(?: score)?"
        r"(?: for| of)?|\bscore(?: for| of)?)\s*:?\s*(?P<text>\S.*?)" + _SEP +
        r"(?:reference|ref)(?:\s+(?:sentence|text|translation))?\s*(?::|is|=)?\s*"
        r"(?P<ref>\S.*?)" + _TAIL,
        text,
        re.I,
    )
    if m:
        return {"text": m.group("text").strip(" ,"), "reference": m.group("ref").strip(" ,")}
    if len(quoted) == 1:
        return {"text": quoted[0].strip()}
    return {}


# "50 sampling steps", "ddim steps of 20": the sampler's steps, not the training steps.
SAMPLING_STEPS = re.compile(
    r"\b(?:sampling|reverse|ddim|ddpm|denoising|sampler)[- ]steps?\s*(?:of|to|=|:|at)?\s*"
    + _NUM + r"|" + _NUM + r"\s*(?:sampling|reverse|ddim|ddpm|denoising|sampler)[- ]steps?\b",
    re.I,
)


def diffusion_args(text: str) -> tuple[str, dict[str, Any]]:
    """(the text with its sampler's steps blanked, so they are not read as training steps;
    the diffusion demo's own arguments)."""
    args: dict[str, Any] = {}
    if m := SAMPLING_STEPS.search(text):
        args["sampling_steps"] = int(float(m.group(1) or m.group(2)))
        text = text[: m.start()] + " " + text[m.end():]
    if m := re.search(r"\b(ring|grid|spiral|digits|mnist|handwritten digits)\b", text, re.I):
        word = m.group(1).lower()
        args["dataset"] = "digits" if "digit" in word or word == "mnist" else word
    samplers = re.findall(r"\b(ddpm|ddim)\b", text, re.I)
    if samplers:
        chosen = re.search(r"\b(?:with|using|use|switch to|sampler|sampling with)\s+"
                           r"(?:the\s+|a\s+)?(ddpm|ddim)\b|\b(ddpm|ddim)\s+(?:sampler|sampling)\b",
                           text, re.I)
        pick = next((g for g in chosen.groups() if g), None) if chosen else samplers[0]
        args["sampler"] = (pick or samplers[0]).lower()
    if v := re.search(r"\b(?:guidance|cfg)(?:[- ]scale)?\s*(?:of|to|=|:|at|is)?\s*" + _NUM,
                      text, re.I):
        args["guidance"] = float(v.group(1))
    # random Fourier features of x on 2-D data: "64 fourier features", "without fourier"
    if re.search(r"\b(?:no|without|turn off|disable|drop|remove)\s+(?:the\s+)?(?:random\s+)?"
                 r"fourier\b", text, re.I):
        args["fourier"] = 0
    elif v := (re.search(_NUM + r"\s+(?:random\s+)?fourier(?:\s+features?)?\b", text, re.I)
               or re.search(r"\bfourier(?:\s+features?)?\s*(?:of|to|=|:|at)?\s*" + _NUM, text,
                            re.I)):
        args["fourier"] = int(float(v.group(1)))
    return text, args
