"""The diffusion and BLEU demos in plain words: the phrasings that name them without their
names ("turn noise into a picture", "score my sentence against a reference") and the
arguments a request states (dataset, sampler, sampling steps, digit, guidance; the text to
score and its reference). Regex only, like extract.py: the demos' pydantic bounds still
check what is found."""

from __future__ import annotations

import re
from typing import Any

from tutor.agent.labelled import GAP, QUOTED, choose, negated

_NUM = r"(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
_PICTURE = r"(?:pictures?|images?|photos?|samples?|digits?|drawings?|data|handwrit\w*)"

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


_QUOTED = re.compile(QUOTED)
_TAIL = r"(?:\s+(?:using|with|via|by|in)\s+(?:the\s+)?bleu\b.*)?[\s.!?]*$"
_BLEU_TAIL = r"\s+(?:using|with|via|by|in)\s+(?:the\s+)?bleu\b.*$"
_SEP = r"\s*(?:/|;|\||,?\s*(?:against|with|vs\.?|versus|to))\s*(?:the\s+|a\s+|my\s+)?"


# The two roles a BLEU request labels: the text to score and the reference it is scored by.
_ROLES = {
    "reference": r"reference|ref",
    "text": r"candidate|hypothesis|text|sentence|translation|output|prediction",
}
_LABELLED = re.compile(
    rf"\b(?:(?P<reference>{_ROLES['reference']})|(?P<text>{_ROLES['text']}))"
    r"(?:\s+(?:sentence|text|translation))?"
    r"\s*(?:[=:]|\b(?:is|reads|says)\b(?=\s*[\"“']))\s*",
    re.I,
)
# What joins one labelled value to the next label: "X, reference = Y", "X and the reference".
_JOIN = r"[\s,;/|]*(?:\b(?:and|with|vs\.?|versus|against|while)\b)?[\s,;/|]*(?:the|my|a)?\s*$"


def _unquote(value: str) -> str:
    m = _QUOTED.fullmatch(value.strip())
    return next(g for g in m.groups() if g) if m else value


def _labelled(text: str) -> dict[str, str]:
    """Values written after their role's label, in either order: "candidate = X, reference
    = Y", "reference: Y / candidate: X"; each runs to the next label or the request's end."""
    marks = list(_LABELLED.finditer(text))
    found: dict[str, str] = {}
    for i, m in enumerate(marks):
        role = "reference" if m.group("reference") else "text"
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end():end]
        # the last value runs to the end, its full stop included: it is the learner's text
        value = re.sub(_JOIN, "", value) if i + 1 < len(marks) else re.sub(_BLEU_TAIL, "", value)
        value = _unquote(value.strip(" ,;"))
        if value.strip() and role not in found:
            found[role] = value.strip()
    return found


def _role(text: str, start: int, end: int) -> str | None:
    """The role a quoted span's own label gives it: "the reference 'X'", "'X' as the
    reference", "my candidate 'X'"; None if it has none."""
    before = text[max(0, start - 25):start]
    after = text[end:end + 25]
    for role, words in _ROLES.items():
        if re.search(rf"\b(?:{words})\b(?:\s+(?:sentence|text|translation))?[\s:=]*(?:is\s*)?$",
                     before, re.I) or re.match(rf"\s*(?:is|as|for)\s+(?:the\s+|my\s+)?"
                                               rf"(?:{words})\b", after, re.I):
            return role
    return None


def bleu_args(text: str) -> dict[str, Any]:
    """The text to score and its reference: two quoted spans (each by its label, "the
    reference 'X'", "'Y' as the candidate"; else in order), labelled values ("candidate = X,
    reference = Y", in either order), or "<text> / reference: <ref>", "the sentence X with
    the reference Y"."""
    spans = list(_QUOTED.finditer(text))
    if len(spans) >= 2:
        values = [next(g for g in m.groups() if g).strip() for m in spans[:2]]
        roles = [_role(text, m.start(), m.end()) for m in spans[:2]]
        if roles[0] == "reference" or roles[1] == "text":
            values.reverse()
        return {"text": values[0], "reference": values[1]}
    if len(spans) == 1 and _role(text, spans[0].start(), spans[0].end()) == "reference":
        # class "one span, named by its role": "with reference 'X'" gives the reference alone
        return {"reference": next(g for g in spans[0].groups() if g).strip()}
    labelled = _labelled(text)
    m = re.search(
        r"(?:\b(?:sentence|text|candidate|translation|output|hypothesis)|\bbleu(?: score)?"
        r"(?: for| of| on)?|\bscore(?: for| of| on)?)\s*:?\s*(?P<text>\S.*?)" + _SEP +
        r"(?:reference|ref)(?:\s+(?:sentence|text|translation))?\s*(?::|is|=)?\s*"
        r"(?P<ref>\S.*?)" + _TAIL,
        text,
        re.I,
    )
    if m:
        return {"text": m.group("text").strip(" ,"), "reference": m.group("ref").strip(" ,")
                } | labelled
    if labelled:
        return labelled
    # class "the text after the demo's name and a colon": "check my caption with bleu: X"
    after = re.search(r"\bbleu(?: score)?(?: for| of| on)?\s*:\s*(?P<text>\S.*)$", text, re.I)
    if after and not spans:
        return {"text": after.group("text").strip()}
    if len(spans) == 1:
        return {"text": next(g for g in spans[0].groups() if g).strip()}
    return {}


# "50 sampling steps", "ddim steps of 20": the sampler's steps, not the training steps.
SAMPLING_STEPS = re.compile(
    r"\b(?:sampling|reverse|ddim|ddpm|denoising|sampler)[- ]steps?\s*(?:of|to|=|:|at)?\s*"
    + _NUM + r"|" + _NUM + r"\s*(?:sampling|reverse|ddim|ddpm|denoising|sampler)[- ]steps?\b"
    # "sample with ddim in 25 steps" ("ddpm for 4000 steps" is training)
    r"|\b(?:ddim|ddpm|sampl\w*)\s+(?:in|with|using|over)\s+" + _NUM + r"\s*steps?\b",
    re.I,
)


_DIFFUSION_DATA = {
    "ring": r"\bring\b|\bcircle\b", "grid": r"\bgrid\b", "spiral": r"\bspiral\b",
    "digits": r"\bdigits\b|\bmnist\b|\bhandwrit\w*",
}


def diffusion_args(text: str) -> tuple[str, dict[str, Any]]:
    """(the text with its sampler's steps blanked, so they are not read as training steps;
    the diffusion demo's own arguments)."""
    args: dict[str, Any] = {}
    if m := SAMPLING_STEPS.search(text):
        args["sampling_steps"] = int(float(next(g for g in m.groups() if g)))
        sampler = " ".join(re.findall(r"\b(?:ddim|ddpm)\b", m.group(0), re.I))  # kept
        text = f"{text[: m.start()]} {sampler} {text[m.end():]}"
    if dataset := choose(_DIFFUSION_DATA, text):
        args["dataset"] = dataset
    # the sampler named with "with", "using", "switch to" if several are, never a refused one
    samplers = [m.group(1).lower() for m in re.finditer(r"\b(ddpm|ddim)\b", text, re.I)
                if not negated(text, m.start())]
    refused = {m.group(1).lower() for m in re.finditer(r"\b(ddpm|ddim)\b", text, re.I)
               if negated(text, m.start())}
    both = re.search(r"\b(ddpm|ddim)\s+(?:and|vs\.?|versus|or|against)\s+(ddpm|ddim)\b",
                     text, re.I)
    if both and both.group(1).lower() != both.group(2).lower():
        pass  # "ddim versus ddpm": the demo shows both, neither is chosen
    elif samplers:
        chosen = re.search(r"\b(?:with|using|use|switch to|sampler|sampling with)\s+"
                           r"(?:the\s+|a\s+)?(ddpm|ddim)\b|\b(ddpm|ddim)\s+(?:sampler|sampling)\b",
                           text, re.I)
        pick = next((g for g in chosen.groups() if g), None) if chosen else None
        args["sampler"] = pick.lower() if pick and pick.lower() in samplers else samplers[0]
    elif len(refused) == 1:
        args["sampler"] = ({"ddpm", "ddim"} - refused).pop()
    # "guidance 3", "cfg scale of 2", "guidance strength 4", "a guidance weight of 1.5"
    if v := re.search(r"\b(?:guidance|cfg)(?:[- ](?:scale|strength|weight))?" + GAP + _NUM,
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


# The GAN's two losses and two datasets, by name or by what they are (25 blobs on a grid,
# 8 on a ring); a negated one is never chosen ("the standard loss, not the wasserstein one").
_LOSSES = {
    "wgan-gp": r"\bwgan|\bwasserstein",
    "gan": r"\b(?:standard|basic|plain|vanilla|original|normal|regular|usual|default|classic"
           r"|non-saturating)\s+(?:gan\s+)?(?:loss|objective|one|version|gan)\b|\bloss\s+gan\b",
}
_BLOBS = r"(?:blobs|gaussians|modes|clusters|points|dots|peaks|spots)"
_GAN_DATA = {
    "grid": rf"\bgrid\b|\b25\s+{_BLOBS}|\b5\s*(?:x|by)\s*5\b",
    "ring": rf"\bring\b|\bcircle\b|\b8\s+{_BLOBS}",
}


def gan_args(text: str) -> dict[str, Any]:
    """The 2-D GAN's dataset, loss and R1 penalty ("no gradient penalty" is 0)."""
    args: dict[str, Any] = {}
    if dataset := choose(_GAN_DATA, text):
        args["dataset"] = dataset
    if loss := choose(_LOSSES, text):
        args["loss"] = loss
    if re.search(r"\b(?:no|without(?: a| the)?|turn off(?: the)?|disable(?: the)?)"
                 r" (?:r1|gradient) penalty", text, re.I):
        args["r1"] = 0
    elif v := re.search(r"\b(?:r1|gradient penalty)(?:\s*(?:penalty|weight|strength|coefficient))?"
                        + GAP + _NUM, text, re.I):
        args["r1"] = float(v.group(1))
    return args


def vae_args(text: str) -> dict[str, Any]:
    """The VAE's beta, latent size ("latent dim 8", "a 16-d latent", "16 latent dimensions")
    and whether it is conditional ("conditioned on the label"; "not conditional" is False)."""
    args: dict[str, Any] = {}
    if v := re.search(r"\bbeta" + GAP + _NUM, text, re.I):
        args["beta"] = float(v.group(1)) if re.search(r"[.eE]", v.group(1)) else int(v.group(1))
    for pattern in (
        r"\blatent(?:[- _](?:dim(?:ension)?s?|size))?" + GAP + r"(\d+)\b",
        r"\b(\d{1,2})[- ]?(?:d\b|dim(?:ension(?:al)?)?s?\b)\s*(?:latent)",
        r"\b(\d{1,2})\s+latent[- ](?:dim(?:ension)?s?|size|units|variables)\b",
    ):
        if v := re.search(pattern, text, re.I):
            args["latent_dim"] = int(v.group(1))
            break
    conditional = choose({True: r"\bconditional\b|\bcvae\b|\bcondition(?:ed|ing)? on\b",
                          False: r"\bunconditional\b|\bunconditioned\b"}, text)
    if conditional is not None:
        args["conditional"] = conditional
    return args
