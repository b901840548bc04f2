"""Two general readings of a demo request, shared by the extractors:

- settings written as labelled fields ("steps=1500", "batch_size: 128", "loss=gan", "r=16",
  "nucleus p=0.8"), read against the demo's own parameter model, so a number beside one
  label is never taken for another ("seed=42 steps=1500" has no "42 steps");
- a choice stated with a negation ("the standard loss, not the wasserstein one", "ddim
  rather than ddpm", "a VAE but not conditional"): a negated option is never chosen, and
  of two options, refusing one chooses the other.

Pure regex work; what is found still goes through the demos' bounds (tools.py)."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any

# A quoted span (its text in the one group that matched): "...", “...” or '...', where a
# single-quoted span may hold an apostrophe between letters ('I don't know').
QUOTED = r"\"([^\"]+)\"|“([^”]+)”|(?<!\w)'((?:[^']|(?<=\w)'(?=\w))+)'(?!\w)"

# Between a setting's name and its value: "lr 0.01", "lr=0.01", "beta of 4", "beta set to
# 4", "seed equal to 7", "temperature cranked up to 1.5", "batch size is around 64",
# "temperature like 0.1".
GAP = (
    r"(?:\s*(?:(?:is|be|being|was|set|turned|cranked|dialed|dialled|pushed|bumped|raised"
    r"|lowered|all the way|way|up|down|equal|equals|of|to|at|around|about|roughly|near"
    r"|like|say|approximately|approx)\b"
    r"|[=:]))*\s*"
)

# Other names a learner gives a field, normalised (lower case, "_" between words).
_FIELD_ALIASES = {
    "learning_rate": "lr", "batch": "batch_size", "bs": "batch_size", "iterations": "steps",
    "iters": "steps", "step": "steps", "latent": "latent_dim", "latent_size": "latent_dim",
    "latent_dims": "latent_dim", "latent_dimension": "latent_dim", "r": "rank",
    "lora_rank": "rank", "t": "temperature", "temp": "temperature", "topk": "top_k",
    "k": "top_k", "topp": "top_p", "p": "top_p", "nucleus": "top_p", "cfg": "guidance",
    "guidance_scale": "guidance", "sampling_step": "sampling_steps", "ddim_steps":
    "sampling_steps", "prompt": "text", "candidate": "text", "hypothesis": "text",
    "ref": "reference", "gradient_penalty": "r1", "r1_penalty": "r1", "merge": "merges",
    "bpe_merges": "merges", "neighbors": "neighbours", "new_tokens": "steps", "data": "dataset",
    "tokens": "steps", "objective": "loss",
}
# Other names for a choice's values.
_VALUE_ALIASES = {
    "wasserstein": "wgan-gp", "wgan": "wgan-gp", "wgangp": "wgan-gp", "wgan_gp": "wgan-gp",
    "standard": "gan", "vanilla": "gan", "non-saturating": "gan", "mnist": "digits",
}
_LABEL = re.compile(
    r"(?<![\w.-])(?P<key>[a-z][a-z0-9]*(?:[ _-][a-z0-9]+){0,2})\s*(?:=|:)\s*"
    r"(?P<val>\"[^\"]*\"|“[^”]*”|'[^']*'|[^\s,;]+)",
    re.I,
)
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", "none"}


def _field(key: str, fields: Mapping[str, Any]) -> str | None:
    """The field a label names: the longest run of its last words that is a field or an
    alias of one ("with batch size" -> batch_size, "nucleus p" -> top_p)."""
    words = re.split(r"[ _-]+", key.lower())
    for start in range(len(words)):
        name = "_".join(words[start:])
        for candidate in (name, _FIELD_ALIASES.get(name)):
            if candidate in fields:
                return candidate
    return None


def _typed(raw: str, annotation: Any) -> Any:
    """The value in the field's type, or None where it does not fit (left to the other
    readings rather than refused)."""
    from tutor.agent.extract import number

    quoted = raw[:1] in "\"'“"
    value = raw[1:-1] if quoted else raw.rstrip(".!?")
    kinds = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    for kind in kinds:
        if typing.get_origin(kind) is typing.Literal:
            low = value.lower()
            low = _VALUE_ALIASES.get(low, low)
            if low in typing.get_args(kind):
                return low
        elif kind is bool:
            if value.lower() in _TRUE | _FALSE:
                return value.lower() in _TRUE
        elif kind in (int, float) and not quoted:
            if re.fullmatch(r"[-+]?(?:\d[\d,_]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?[kKmM]?", value):
                return number(value.lstrip("+"))
        elif kind is str and quoted and value.strip():
            return value
    return None


def labelled_fields(text: str, fields: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """(the labelled settings of the demo whose parameter fields are given, the text with
    those labels and values blanked so no other reading takes them again)."""
    found: dict[str, Any] = {}
    out = text
    marks = list(_LABEL.finditer(text))
    for i, m in enumerate(marks):
        key = _field(m.group("key"), fields)
        if key is None or key in found:
            continue
        value = _typed(m.group("val"), fields[key].annotation)
        end = m.end()
        if value is None and _takes_text(fields[key].annotation) and m.group("val")[:1] not in (
            "\"'“"
        ):  # class "unquoted text in a labelled field": "query=happy", "text=hello there
            # steps=20": the text runs to the next label or the end
            end = next((_key_start(n, fields) for n in marks[i + 1:]
                        if _field(n.group("key"), fields)), len(text))
            value = re.sub(_JOINER, "", text[m.start("val"):end]).strip(" ,;") or None
        if value is None:
            continue
        found[key] = value
        out = out[: m.start()] + " " * (end - m.start()) + out[end:]
    return found, out


# What joins one labelled value to the next label: "X and reference = Y", "X, with top_k=5".
_JOINER = r"[\s,;/|]*(?:\b(?:and|with|vs\.?|versus|against|while|then)\b)?[\s,;/|]*$"


def _key_start(m: re.Match[str], fields: Mapping[str, Any]) -> int:
    """Where the words that name a field begin in a label: "a time steps=12" is labelled by
    "steps", so the text before it belongs to the value in front."""
    words = list(re.finditer(r"[a-z0-9]+", m.group("key"), re.I))
    for w in words:
        name = "_".join(x.group(0).lower() for x in words[words.index(w):])
        if name in fields or _FIELD_ALIASES.get(name) in fields:
            return m.start("key") + w.start()
    return m.start()


def _takes_text(annotation: Any) -> bool:
    """Whether a field takes free text (a plain str, not a choice of named values)."""
    kinds = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return str in kinds


# A negation whose scope runs to the option named next: "not (the)", "no", "without",
# "instead of", "rather than", "never", "don't use", "other than", "anything but".
_NEGATOR = re.compile(
    r"\b(?:not|no|non-?|without|never|instead of|rather than|other than|anything but|except|avoid"
    r"|skip|(?:don'?t|do not)(?: (?:use|want|need|pick|choose|run))?|nor)"
    r"(?:\s+(?:the|a|an|that|this|any|use|using|with|on|go|for|want))*\s*$",
    re.I,
)
# A negation's scope ends at a clause boundary.
_CLAUSE = re.compile(r"[,.;:!?()/]|(?<!anything )\bbut\b|\band\b|\bthen\b|\binstead\b(?! of)", re.I)


def negated(text: str, start: int) -> bool:
    """Whether the option named at `start` sits in the scope of a negation before it."""
    clause = _CLAUSE.split(text[max(0, start - 60):start])[-1]
    return bool(_NEGATOR.search(clause))


def choose(options: Mapping[Any, str], text: str) -> Any:
    """The option a message chooses, given each option's pattern (first listed wins a tie):
    one named outside any negation; else, of two options, the one not refused; else None."""
    named: list[Any] = []
    refused: list[Any] = []
    for value, pattern in options.items():
        for m in re.finditer(pattern, text, re.I):
            (refused if negated(text, m.start()) else named).append(value)
    chosen = [v for v in options if v in named and v not in refused]
    if chosen:
        return chosen[0]
    if len(options) == 2 and len(set(refused)) == 1:
        return next(v for v in options if v not in refused)
    return None
