"""Steering a running demo from a message: "halve the learning rate", "switch to WGAN",
"pause", "train more". Only the message's order clauses steer (utterance.py): a question or a
remark about a change is answered, never executed. Pure regex work, no model; the demos'
bounds still apply (tools.py)."""

from __future__ import annotations

import re
from typing import Any

from tutor.agent.extract import NUMBER, find, number
from tutor.agent.extract_inside import pick
from tutor.agent.spelling import control_word
from tutor.agent.utterance import CHANGE_VERB, HYPOTHETICAL, QUESTION_START, REQUEST, orders

_MORE = re.compile(
    r"\btrain(ing)? (it |the [\w-]+ (demo )?|some )?(more|longer|for longer|some more)\b"
    r"|\bkeep (on )?training\b|\bmore (training )?steps\b|\bmore training\b"
    # class "the step budget raised by an amount": "bump the steps by 500", "extend the
    # training", "increase the iterations", "500 extra steps", "another 1000 steps"; a value
    # to set ("increase the steps to 5000") is a new setting, not more training
    r"|\b(bump|raise|increase|up|boost|extend|lengthen|add to)\s+(up\s+)?(the\s+|its\s+)?"
    r"(number of\s+|total\s+)?(training\s+)?(steps?|iterations?|step (count|budget)"
    r"|training(?!\s+(data|set|sets|examples?|samples?|images?|batch\w*|rate|loss)\b))"
    r"\b(?!\s+(up\s+)?to\b)"
    r"|\b(extra|additional|further) (training )?(steps|iterations)\b"
    r"|\banother [\d,.]+k? (training )?(steps|iterations)\b"
)


def train_more(text: str) -> bool:
    """Whether the message asks a finished demo to train more ("train more", "keep
    training", "more steps please"); a question about it ("what does training more do?")
    does not."""
    t = text.lower().strip()
    if QUESTION_START.match(t) and not REQUEST.match(t):
        return False
    if (HYPOTHETICAL.match(t) or t.endswith("?")) and not REQUEST.match(t):
        return False
    if re.search(r"\b(don'?t|do not|never|no)\b", t):
        return False
    return bool(_MORE.search(t))


def steering(text: str, allows: tuple[str, ...] | None = None) -> tuple[str, dict[str, Any]] | None:
    """(action, changes) if the message steers a running demo, else None. `allows` (the
    running demo's steerable settings) turns on what only one demo understands ("pick 2").
    Only the message's instruction clauses steer (utterance.py): a question about a change
    ("why did halving the lr help?", "summarize the WGAN idea", "wait, why is the loss going
    up") or a remark ("I read that WGANs are more stable") is answered, never executed."""
    parts_said = orders(control_word(text) or text)
    if not parts_said:
        return None
    said = ", ".join(parts_said)
    parts = [o.lower() for o in parts_said]
    t = said.lower()
    if re.search(
        r"\b(un-?pause|resume|continue|keep going|carry on|go on|restart training|start again)\b", t
    ):
        return "resume", {}
    if re.search(r"\b(pause|freeze|hold on|hold it|wait a (sec|second|moment))\b", t):
        return "pause", {}
    # "end" the verb, not the noun of "till the end", "in the end"; "stop generating" ends
    # the run, "stop generating ones" asks for another output
    if re.search(
        r"\b(stop|halt|abort|kill|cancel|quit|(?<!the )(?<!an )end)\b"
        r"(?!.{0,20}\bgenerat\w*\s+\w)|\benough\b", t
    ):
        return "stop", {}
    if _orders_loss(parts, r"\b(wgan|wasserstein)"):
        return "set", {"loss": "wgan-gp"}
    if _orders_loss(parts, r"\b(plain|normal|vanilla|standard|original|non-saturating|regular)"
                           r"\s+gan\b"):
        return "set", {"loss": "gan"}
    lr = r"(learning[- ]rate|\blr\b|step size)"
    if re.search(lr, t):
        if v := find(lr + r"\s*(?:of|to|=|:|at|is)?\s*" + NUMBER, t):
            return "set", {"lr": number(v)}
        if re.search(r"\b(halve|half|halving|cut .{0,20}in half)\b", t):
            return "set", {"lr_scale": 0.5}
        # "double", "triple", "quadruple the learning rate": a factor in one word
        if v := find(r"\b(double|twice|triple|treble|thrice|quadruple)\b", t):
            return "set", {"lr_scale": FACTOR_WORDS[v]}
        if v := find(r"\b(?:divide|cut|reduce|lower).{0,30}\bby\s*(?:a factor of\s*)?" + NUMBER, t):
            n = number(v)
            return "set", {"lr_scale": 1.0 / n if n else 0.0}
        if v := find(
            r"\b(?:multiply|increase|raise|boost|scale).{0,30}\bby\s*(?:a factor of\s*)?"
            + NUMBER, t
        ):
            return "set", {"lr_scale": float(number(v))}
        # "10x smaller", "ten times lower"; "3 times the learning rate", "2x the lr"
        if v := find(_TIMES + r"\s*(?:smaller|lower|less)", t):
            n = _times(v)
            return "set", {"lr_scale": 1.0 / n if n else 0.0}
        if v := find(_TIMES + r"\s*(?:bigger|higher|larger|more|faster"
                      r"|(?:the )?(?:learning[- ]rate|lr)\b)", t):
            return "set", {"lr_scale": _times(v)}
        if re.search(r"\b(lower|decrease|reduce|smaller|slow|drop)\w*", t):
            return "set", {"lr_scale": 0.5}
        if re.search(r"\b(raise|increase|bigger|higher|larger|speed|boost|bump)\w*", t):
            return "set", {"lr_scale": 2.0}
    if re.search(r"\bbeta\b", t) and (v := find(r"\bbeta\s*(?:of|to|=|:|at)?\s*" + NUMBER, t)):
        return "set", {"beta": number(v)}
    knobs = {}
    for key, name in (("temperature", r"\b(?:temperature|temp)"), ("top_k", r"\btop[- ]?k"),
                      ("top_p", r"\btop[- ]?p")):
        if v := find(name + r"\s*(?:of|to|=|:|at|is)?\s*" + NUMBER, t):
            knobs[key] = number(v)
    if knobs:
        return "set", knobs
    if diffusion := _diffusion_steering(t):  # its words (ddim, guidance, t=) are specific
        return diffusion
    if (allows is None or "pick" in allows) and (choice := pick(said)) is not None:
        return "set", {"pick": choice}
    return None


# A factor said in one word, for the learning rate here and any launch setting (retune.py).
FACTOR_WORDS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "treble": 3.0, "thrice": 3.0,
                "quadruple": 4.0, "halve": 0.5, "half": 0.5}
_TIMES = r"\b(\d+(?:\.\d+)?|two|three|four|five|ten|a hundred|hundred)\s*(?:x|times)\b"


def _times(word: str) -> float:
    """'3' -> 3.0, 'ten' -> 10.0: a factor as typed in front of "x" or "times"."""
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "a hundred": 100,
             "hundred": 100}
    return float(words.get(word.lower(), 0) or number(word))


# Naming a loss switches to it only in an order to change or use it ("switch to WGAN", "try
# wgan-gp instead", or the bare name), never in a remark or a request for an explanation.
_LOSS_VERB = re.compile(
    r"\b(switch|change|use|try|go|move|put|set|make|turn|swap|flip|give|run|train|rerun|redo|"
    r"retrain|restart)\b|\binstead\b"
)
_BARE = r"(?:the )?{}[\w-]*(?: (?:gp|gan|gans|loss|please|now|instead|then|again))*[.!]*"


def _orders_loss(parts: list[str], name: str) -> bool:
    """Whether an instruction clause orders the loss that `name` matches."""
    return any(
        re.search(name, p) and (_LOSS_VERB.search(p) or re.fullmatch(_BARE.format(name), p))
        for p in parts
    )


def _diffusion_steering(t: str) -> tuple[str, dict[str, Any]] | None:
    """The diffusion demo's knobs: the t shown, the sampler, its steps, the guidance scale."""
    if v := find(r"(?<!')\b(?:t|timestep|time[- ]step|noise (?:level|step))\s*(?:=|:|to|of|at)?\s*"
                  r"(\d+)\b(?!\s*(?:training\s+)?steps)", t):
        return "set", {"t_shown": number(v)}
    sampling = r"(?:sampling|reverse|ddim|denoising)[- ]steps?"
    if v := find(r"\b" + sampling + r"\s*(?:of|to|=|:|at)?\s*" + NUMBER, t) or find(
        NUMBER + r"\s*" + sampling + r"\b", t
    ):
        return "set", {"sampling_steps": number(v)}
    sampler = re.search(r"\b(ddpm|ddim)\b", t)
    if sampler and (CHANGE_VERB.search(t) or re.search(r"\b(sample|sampler|with)\b", t)):
        return "set", {"sampler": sampler.group(1)}
    if v := find(r"\bguidance(?:[- ]scale)?\s*(?:of|to|=|:|at)?\s*" + NUMBER, t):
        return "set", {"guidance": number(v)}
    return None
