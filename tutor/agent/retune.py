"""Any launch setting of the running demo, changed from chat: "use batch size 256", "make
the latent space 8-dimensional", "switch to the spiral", "now draw 7s", "try 'unbelievable'
instead". The running demo's own parameters (demos/params.py) are read from the message's
order clauses by the launch-time extractor (extract.demo_args), after a few rewrites of how
people word a change rather than a request ("push beta up to 8", "make beta lower, 0.3",
"take the KL weight down to zero"). The router steers what the demo changes live and restarts it
for the rest (tools.control_route). Questions and remarks never get here: utterance.orders
keeps only a message's order clauses, the same guard steering has. A relative move through
the attention demo's heads or layers ("the next head") is sent as a step that the app adds
to the run's current value (stepped_settings, apply_steps); so is a relative change of
another launch setting, by a factor ("double the batch size") or an amount ("the guidance
up by 2", "30 more tokens")."""

from __future__ import annotations

import re
from typing import Any

from tutor.agent.extract import FREE_TEXT, GENERIC_TEXT, demo_args, quoted
from tutor.agent.steer import FACTOR_WORDS
from tutor.agent.utterance import opens_with_order, orders

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER_WORD = {w: str(i) for i, w in enumerate(_WORDS)} | {
    "twenty": "20", "thirty": "30", "fifty": "50", "hundred": "100"}
_DIGIT = r"(?:\d|" + "|".join(_WORDS[:10]) + r")(?:s|es|'s)?\b"

# How a change is worded, rewritten to the "setting value" shapes demo_args reads.
# A number in words after the word that sets it: "drop it to zero", "beta of two".
_SPELT = re.compile(r"\b(to|of|at|=|like|say|be|is)\s+(" + "|".join(_NUMBER_WORD) + r")\b")
_REWRITES: tuple[tuple[str, str], ...] = (
    # the VAE's beta by what it weighs: "the KL weight", "the weight on the KL term"
    (r"\b(?:the\s+)?(?:kl|kullback[- ]leibler)(?:\s+(?:term|loss|divergence))?(?:'s)?\s+"
     r"(?:weight(?:ing)?|coefficient|multiplier|strength|scale)\b", "beta"),
    (r"\b(?:the\s+)?weight\s+(?:of|on)\s+the\s+kl(?:\s+(?:term|loss|divergence))?\b", "beta"),
    # the GAN's R1 weight: "the penalty", "the gradient penalty", "switch the penalty off"
    (r"\b(?:(?:r1|gradient)\s+)?penalty(?:\s+(?:weight|strength))?\b", "r1 penalty"),
    (r"\b(?:turn|switch)\s+(?:the\s+)?r1 penalty\s+off\b|\b(?:switch off|remove|get rid of)"
     r"\s+(?:the\s+)?r1 penalty\b", "turn off the r1 penalty"),
    (r"\b(\d{1,2})\s+latent\s+(?:dimensions?|dims?|units|variables)\b", r"latent dim \1"),
    (r"\blatent[_ ](?:space|dim(?:ension)?s?|size|code|vector)(?:\s+(?:size|dimension|dim))?\b",
     "latent dim"),
    (r"\bbatch_size\b", "batch size"),
    (r"\bbatches\s+of\s+(\d+)", r"batch size \1"),
    (r"\b(?:cfg|classifier[- ]free guidance|guidance)(?:\s+(?:scale|weight|strength|w))?\b",
     "guidance"),
    # "raise it up to 10", "put r1 back to 10", "beta from 4 to 1": the value is the last
    (r"\b(?:up|down|back|all the way|right)\s+to\b", "to"),
    (r"\bfrom\s+\d[\d.]*\s+to\b", "to"),
    # "make beta lower, 0.3", "make the penalty stronger, say 15": the number is the new value
    (r"\b(smaller|bigger|larger|higher|lower|stronger|weaker|up|down|more|less)\b"
     r"\s*[,;:—–-]?\s*(?:like|say|maybe|about|around|roughly|try|to|at)?\s*(?=\.?\d)",
     "to "),
    # the digit to draw: "set the digit to 7", "show me sevens", "switch to 3s"
    (r"\b(digit|class|label)\s+(?:to|=|:|of|is)\s+", "digit "),
    (r"\b(?:show|give|get)\s+me\s+(?=(?:an?\s+|some\s+)?" + _DIGIT + ")", "draw "),
    (r"\b(?:switch|change|go|move)\s+(?:over\s+)?to\s+(?=(?:an?\s+)?" + _DIGIT + ")", "draw "),
)
# Settings and their values with no verb count as an order only in this shape: "top_k 5",
# "batch size 64 please", "layer 10, head 2"; "at step 500 already" and "8 modes at step
# 3000!" are remarks.
_PAIR = r"(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s*(?:=|:|to|of|at|is)?\s*\d[\d.,]*"
_BARE_SETTING = re.compile(
    r"^(?!(?:at|in|on|by|after|before|around|since|from|until|with|for|about|like|only|"
    r"just|already|still|almost|nearly|over|under)\b)"
    + _PAIR + r"(?:\s*(?:,|and|,\s*and)\s*" + _PAIR + r")*"
    r"(?:\s*(?:please|now|instead|then|again|from now on|thanks))?[.!]*$"
)
# Words that make an order of a phrase with no verb: "the spiral instead", "digits please".
_CHANGE_WORD = re.compile(r"\b(instead|please|from now on|now on|next|switch)\b")
# Verbs of the demos' own work that order a change too ("generate 40 tokens", "now map cat,
# dog, car", "tokenize 'x'", "adapt the top 4 layers"), beyond utterance.py's verbs of change.
_DEMO_VERB = re.compile(
    r"^(?:(?:now|then|please|just|ok(?:ay)?|and|so)\s+)*(?:generate|produce|create|write|"
    r"render|plot|map|tokeni[sz]e|split|score|rate|adapt|embed|complete|average|save|do|get|"
    r"sample|find|push|pull|nudge|tweak|adjust|modify|alter|update|replace)\b"
)
# "prompt: ...", "new reference: ...": a setting's text after a colon, whatever its words.
_LABELLED = re.compile(
    r"^\s*(?:(?:now|ok(?:ay)?|then|and)\W+)*(?:the\s+)?(?:new\s+)?(prompt|reference|sentence|"
    r"text|words|analogy|query)(?:\s+(?:sentence|text|word|list))?\s*:\s*(\S.*?)\s*$",
    re.I,
)
_LABEL_KEY = {"prompt": "text", "sentence": "text", "text": "text", "reference": "reference",
              "words": "words", "analogy": "analogy", "query": "query"}


def _rewrite(text: str) -> str:
    t = _SPELT.sub(lambda m: f"{m.group(1)} {_NUMBER_WORD[m.group(2)]}", text.lower())
    for pattern, replacement in _REWRITES:
        t = re.sub(pattern, replacement, t)
    return t


def stated_settings(text: str, running: str) -> dict[str, Any]:
    """The running demo's launch parameters that the orders of `text` state (unchecked;
    tools.py bounds them); {} for a question, a remark, or orders that state none."""
    from demos.registry import get_spec

    fields = get_spec(running).params.model_fields
    if (m := _LABELLED.match(text)) and _LABEL_KEY[m.group(1).lower()] in fields:
        return {_LABEL_KEY[m.group(1).lower()]: m.group(2).strip("\"'“”")}
    said_parts = orders(text)
    if not said_parts:
        return {}
    said = ", ".join(said_parts)
    ordered = any(opens_with_order(p) or _DEMO_VERB.match(p.lower()) for p in said_parts) or \
        bool(_CHANGE_WORD.search(said.lower()))
    bare = bool(_BARE_SETTING.match(said.lower().strip()))
    out: dict[str, Any] = {}
    for key, value in demo_args(_rewrite(said), running).items():
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if key not in FREE_TEXT and (ordered or (numeric and bare)):
            out[key] = value
    if ordered:  # free text is data, read from the message as typed (commas and case kept)
        free = {k: v for k, v in demo_args(text, running).items() if k in FREE_TEXT}
        out |= _more_free_text(text.strip(), running, free, bool(out)) | free
    if running == "diffusion" and "digit" in out:
        out.setdefault("dataset", "digits")  # a digit is drawn only from the digits data
    return out


def _tail(pattern: str, text: str) -> str | None:
    m = re.search(pattern, text, re.I)
    if not m:
        return None
    value = re.sub(r"\s+instead$|\s+please$", "", m.group(1).strip(" .!\"'“”"), flags=re.I)
    value = value.strip(" .!\"'“”")
    return value if value and not GENERIC_TEXT.match(value) else None


_SAY = r"\s*(?:to|:|=|is|with|as)(?:\s*:)?\s*"
_VERB = r"^(?:(?:now|ok(?:ay)?|then|and|so|please|just|next)[,\s]+)*"


def _more_free_text(text: str, running: str, found: dict[str, Any],
                    other: bool) -> dict[str, Any]:
    """Text a change of the running demo gives that a launch request words otherwise: "set
    the reference to ...", "use ... as the reference", "change the prompt to ...", "try
    the sentence ...", "now map cat, dog, car", "try unbelievable instead" (that last shape
    only where the orders state no other setting: "try 500 merges" is a number of merges)."""
    out: dict[str, Any] = {}
    q = quoted(text)
    if running == "bleu":
        ref = _tail(r"\breference(?:\s+(?:sentence|text|translation))?" + _SAY + r"(.+)$", text)
        if q and re.search(r"\bas\s+(?:the\s+|a\s+|my\s+)?reference\b", text, re.I):
            ref = q
        elif not ref:
            ref = _tail(r"\buse\s+(.+?)\s+as\s+(?:the\s+|a\s+)?reference\b", text)
        if ref:
            out["reference"] = ref
            if found.get("text") == ref:
                found.pop("text")
        elif text_ := _tail(r"\b(?:candidate|hypothesis|sentence|text|translation)" + _SAY
                            + r"(.+)$", text):
            out["text"] = text_
    elif running in ("sampling", "attention", "tokenize") and "text" not in found:
        noun = {"sampling": r"(?:prompt|start(?:ing)? text|text)",
                "attention": r"(?:sentence|text|phrase)",
                "tokenize": r"(?:text|sentence|word|phrase|string|input)"}[running]
        value = q or _tail(r"\b" + noun + _SAY + r"(.+)$", text) or _tail(
            _VERB + r"(?:use|try|do|split|look at|start with|give it)\s+(?:the\s+)?"
            + noun + r"\s*:?\s+(.+)$", text)
        if value is None and not other:  # "try unbelievable", "now do 'x'"; class "the
            # verb, a colon, the text": "try: 你好世界", "now use: hello there"
            value = _tail(_VERB + r"(?:try|do|use|split|tokeni[sz]e)(?:\s*:\s*|\s+)(.+)$", text)
        if value:
            out["text"] = value
    elif running == "embeddings" and not found:
        # a list of words after a verb, with no "of"/"for" before it: "now map cat, dog, car"
        m = re.search(r"\b(?:map|plot|show|try|use|compare|place|embed|do)\s+(?:the\s+|these\s+)?"
                      r"(?:words?\s*:?\s*)?([A-Za-z][\w-]*(?:\s*(?:,|\band\b)\s*[A-Za-z][\w-]*){2,})"
                      r"[\s.!]*$", text, re.I)
        if m:
            out["words"] = ",".join(w.strip() for w in re.split(r"\s*,\s*|\s+and\s+", m.group(1))
                                    if w.strip())
    return out


# Each demo by its own name: a message naming another demo ("now run the vae with lr
# 1e-3") launches that one; it does not change the one running.
_NAMED: tuple[tuple[str, str], ...] = (
    ("gan", r"\bgans?\b|\bdcgans?\b|\badversarial\b"),
    ("vae", r"\bc?vaes?\b|\bbeta-vae\b|\bauto-?encoders?\b|\bvariational\b"),
    ("diffusion", r"\bdiffusion\b"),
    ("bleu", r"\bbleu\b"),
    ("tokenize", r"\btokeni[sz]\w*|\bbpe\b"),
    ("sampling", r"\bsampling demo\b|\bnext[- ]token demo\b"),
    ("attention", r"\battention\b"),
    ("embeddings", r"\bembeddings?\b|\bword vectors?\b"),
    ("finetune", r"\bfine-?tun\w*|\blora\b"),
)


def names_other_demo(text: str, running: str) -> bool:
    """Whether the message names a demo other than the running one (outside quotes; the
    GAN on digits is the GAN's family)."""
    family = "gan" if running == "gan-digits" else running
    t = re.sub(r"\"[^\"]+\"|“[^”]+”|(?<!\w)'[^']+'(?!\w)", " ", text.lower())
    return any(name != family and re.search(pattern, t) for name, pattern in _NAMED)


# Relative moves through the attention demo's heads and layers: "the next head", "show me the
# previous layer", "one head back", "go back a layer". Sent as a step ("head_step": 1), as a
# scale is for the learning rate: the app adds it to the run's current value when it starts
# the demo again (apply_steps).
STEPS = {"head_step": "head", "layer_step": "layer",
         # relative changes of other launch settings, the same way: "double the batch size"
         # (a scale), "push the guidance up by 3", "30 more tokens" (a step)
         "batch_size_scale": "batch_size", "guidance_step": "guidance", "steps_step": "steps"}
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_AHEAD = {"next": 1, "following": 1, "previous": -1, "prev": -1, "preceding": -1, "prior": -1}
_WAY = {"back": -1, "backward": -1, "backwards": -1, "down": -1, "earlier": -1, "lower": -1,
        "forward": 1, "forwards": 1, "ahead": 1, "on": 1, "up": 1, "over": 1, "later": 1,
        "deeper": 1, "higher": 1, "further": 1}
_N = r"(a|an|one|two|three|four|five|\d{1,2})"
_WAYS = "|".join(_WAY)
_MOVES = (
    # "the next head", "previous layer"
    (re.compile(r"\b(" + "|".join(_AHEAD) + r")\s+(head|layer)s?\b"), "ahead"),
    # "one head back", "two layers deeper"
    (re.compile(r"\b" + _N + r"\s+(head|layer)s?\s+(" + _WAYS + r")\b"), "count-first"),
    # "go back a layer", "forward two heads"
    (re.compile(r"\b(" + _WAYS + r")\s+" + _N + r"\s+(head|layer)s?\b"), "way-first"),
)


# Relative changes of a launch setting by what it is called: a factor ("double the batch
# size") or an amount ("turn the guidance up by 2", "give it 30 more tokens"). The learning
# rate's scale is steer.py's (it changes live). Tokens are the sampling demo's steps only:
# "more steps" of a training demo is more training (steer.train_more).
_NOUNS = {"batch size": "batch_size", "batch": "batch_size", "guidance": "guidance",
          "tokens": "steps", "new tokens": "steps"}
_NOUN = r"(batch size|batch|guidance|new tokens|tokens)"
_SCALED = re.compile(
    r"\b(" + "|".join(FACTOR_WORDS) + r")\s+(?:the\s+|its\s+|our\s+)?" + _NOUN + r"\b")
_BY = re.compile(
    r"\b(crank|turn|push|bump|raise|increase|boost|up|lower|decrease|reduce|drop|cut|bring|take)"
    r"\s+(up\s+|down\s+)?(?:the\s+|its\s+)?" + _NOUN + r"\s+(up\s+|down\s+)?by\s+(\d+(?:\.\d+)?)")
_DOWN = {"lower", "decrease", "reduce", "drop", "cut"}
_MORE_OF = re.compile(r"\b(\d+)\s+(more|extra|additional|fewer|less)\s+" + _NOUN + r"\b")


def stepped_settings(text: str, running: str) -> dict[str, int | float]:
    """The relative moves (head_step, layer_step) that the orders of `text` make through
    the running demo's heads or layers, and the relative changes of its other launch settings
    (batch_size_scale, guidance_step, steps_step); {} for a demo without them, a question or
    a remark."""
    from demos.registry import get_spec

    fields = get_spec(running).params.model_fields
    out: dict[str, int | float] = {}
    for part in orders(text):
        p = _rewrite(part)
        for m in _SCALED.finditer(p):
            setting = _NOUNS[m.group(2)]
            if f"{setting}_scale" in STEPS and setting in fields:
                out.setdefault(f"{setting}_scale", FACTOR_WORDS[m.group(1)])
        for m in _BY.finditer(p):
            down = m.group(1) in _DOWN or "down" in f"{m.group(2)}{m.group(4)}"
            _add(out, _NOUNS[m.group(3)], float(m.group(5)) * (-1 if down else 1), fields, running)
        for m in _MORE_OF.finditer(p):
            down = m.group(2) in ("fewer", "less")
            _add(out, _NOUNS[m.group(3)], int(m.group(1)) * (-1 if down else 1), fields, running)
        for pattern, shape in _MOVES:
            for m in pattern.finditer(p):
                if shape == "ahead":
                    setting, step = m.group(2), _AHEAD[m.group(1)]
                elif shape == "count-first":
                    setting, step = m.group(2), _count(m.group(1)) * _WAY[m.group(3)]
                else:
                    setting, step = m.group(3), _count(m.group(2)) * _WAY[m.group(1)]
                if setting in fields:
                    out.setdefault(f"{setting}_step", step)
    return out


def _add(out: dict[str, int | float], setting: str, amount: float, fields: Any,
         running: str) -> None:
    if setting == "steps" and running != "sampling":  # a training demo's steps: more training
        return
    if f"{setting}_step" in STEPS and setting in fields:
        out.setdefault(f"{setting}_step", int(amount) if setting == "steps" else amount)


def _count(word: str) -> int:
    return _COUNT[word] if word in _COUNT else int(word)


def apply_steps(running: str, changes: dict[str, Any], started: dict[str, Any],
                reported: dict[str, Any] | None = None) -> dict[str, Any]:
    """`changes` with each step turned into the setting's new value: the run's current value
    plus the step (times the scale, for a "_scale"), never below 0 (so from head -1, the mean
    over heads, "next head" is head 0). The current value is what the run was started with,
    else what it reported (the attention demo's layer defaults to the model's middle one,
    known only once it ran), else the demo's own default. The demo checks the upper end
    (against its model, or its launch bounds)."""
    from tutor.errors import DemoError

    # the learning rate's scale is steered live; a finished demo started again takes the
    # scaled value ("triple the learning rate" after the run)
    relative = {**STEPS, "lr_scale": "lr"}
    out = {k: v for k, v in changes.items() if k not in relative}
    for key, setting in relative.items():
        if key not in changes or setting in out:  # a value stated outright wins
            continue
        current = started.get(setting)
        if current is None:
            current = _reported(setting, reported or {})
        if current is None:
            current = _default(running, setting)
        if current is None:
            name = setting.replace("_", " ")
            raise DemoError(
                f"The {running} demo has not shown its {name} yet, so there is nothing to "
                "change it from.", f"Say the value, e.g. '{name} 3'.")
        value = current * changes[key] if key.endswith("_scale") else current + changes[key]
        out[setting] = max(0, round(value) if isinstance(current, int) else float(value))
    return out


def _reported(setting: str, values: dict[str, Any]) -> int | float | None:
    """The run's value of `setting` from its figures, or from the settings its closing
    figures list (the GAN's learning rate is chosen by its loss when none is given)."""
    value = values.get(setting)
    if value is None and isinstance(values.get("settings"), dict):
        value = values["settings"].get(setting)
    if value == "mean":  # the attention demo reports head -1 as "mean"
        return -1
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _default(running: str, setting: str) -> int | float | None:
    """The demo's own default for `setting` (its Config). The demos' modules import torch
    lazily, so this stays light."""
    import dataclasses
    import importlib

    from demos.registry import get_spec

    config = getattr(importlib.import_module(get_spec(running).module), "Config", None)
    if config is None or not dataclasses.is_dataclass(config):
        return None
    field = next((f for f in dataclasses.fields(config) if f.name == setting), None)
    default = None if field is None else field.default
    return default if isinstance(default, int | float) and not isinstance(default, bool) else None
