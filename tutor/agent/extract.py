"""Arguments from plain language: which demo, numbers for steps, learning rate, beta,
digit, dataset and loss names, quoted text for the tokenizer (steering a running demo is
tutor/agent/steer.py). Pure regex work, no model: what it finds still goes through the
demos' bounds (tools.py)."""

from __future__ import annotations

import math
import re
from typing import Any

from tutor.agent.extract_inside import INSIDE, inside_args, inside_name
from tutor.agent.extract_more import (
    DIFFUSION_WORDS,
    bleu_args,
    bleu_named,
    diffusion_args,
    gan_args,
    vae_args,
)
from tutor.agent.labelled import GAP, QUOTED, labelled_fields
from tutor.agent.number_words import spelled_to_digits
from tutor.agent.spelling import respell, restore
from tutor.errors import TutorError

NUMBER = r"(\d[\d,_]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?:\s*(?:\^|\*\*)\s*\d{1,3})?\s*[kKmM]?\b|\.\d+)"
_WORD_DIGITS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
}
# A digit stands alone: the 0 of "top-p 0.9" is no digit to draw.
_DIGIT_WORD = (
    r"((?<![\d.,])\d(?![.,]?\d)|zero|one|two|three|four|five|six|seven|eight|nine)(?:s|es)?\b"
)


def number(text: str) -> float | int:
    """'2,000' -> 2000, '5k' -> 5000, '1e-4' -> 0.0001, '10^9' -> 1e9."""
    t = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    scale = 1
    if t[-1:] in "kK":
        scale, t = 1000, t[:-1]
    elif t[-1:] in "mM":
        scale, t = 1_000_000, t[:-1]
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)(?:\^|\*\*)(\d+)", t):
        return power(float(m.group(1)), int(m.group(2))) * scale
    try:
        value = float(t) * scale
    except (ValueError, OverflowError):
        return math.nan  # the bounds refuse it with a message of their own
    if value.is_integer() and not re.search(r"[.eE]", t):
        return int(value)
    return value


def power(base: float, exponent: int) -> float:
    """base ** exponent, or inf where that would overflow (the bounds then clamp it)."""
    if base > 1 and exponent * math.log10(base) > 300:
        return math.inf
    return base**exponent


def quoted(text: str) -> str | None:
    """The first quoted span ("...", '...', “...”), if any."""
    m = re.search(QUOTED, text)
    return next((g for g in m.groups() if g), None) if m else None


# "the word unhappiness", "the name Kubernetes": a string called out by what it is, unquoted.
_CALLED = re.compile(
    r"\bthe (?:word|name|term|string|phrase)\s+(?!like\b|such\b|as\b|itself\b)([\w'-]+)", re.I
)


def tokenizer_target(text: str) -> str | None:
    """The string a tokenizer request gives to split: quoted, or called "the word X"."""
    if q := quoted(text):
        return q
    m = _CALLED.search(text)
    return m.group(1) if m else None


def _unquoted(text: str) -> str:
    """The message with its quoted spans blanked: they are data ("what does the word 'token'
    mean?"), not words that name a demo."""
    return re.sub(QUOTED, " ", text)


# Class "'number' that numbers a setting": "head number three", "layer number 2", "the
# number of steps" count or label something; they name no digits to draw (the VAE's).
_SETTING_VALUE = re.compile(
    r"\b(?:top[- _]?[kp]|temp(?:erature)?|steps?|tokens?|lr|seed|rank|layer|head|merges)"
    r"\s*(?:=|:|of|at|to)?\s*\d[\d.]*", re.I)
_NUMBERING = re.compile(
    r"\b(?:heads?|layers?|blocks?|steps?|seeds?|epochs?|options?|candidates?|choices?|rows?"
    r"|columns?|positions?|tokens?|words?|dimensions?|dims?|items?|versions?|runs?)"
    r"\s+(?:no\.?|num(?:ber)?)\b|\bnumbers?\s+of\b"
)


def demo_name(text: str) -> str | None:
    """Which demo a request names, by its words (outside quotes, misspellings respelt:
    "difusion", "tokanize"); None if it names none."""
    text = respell(text)
    t = _unquoted(text).lower()
    if bleu_named(t, len(re.findall(QUOTED, text))):
        return "bleu"
    # splitting a given string, or its pieces, names the tokenizer ("how does it split the word
    # 'unbelievably'", "what chunks the model gets for 'naïve'")
    if re.search(r"\b(split|splits|splitting|chop|chops|break|breaks|pieces|chunks)\b",
                 t) and tokenizer_target(
        text
    ):
        return "tokenize"
    inside = inside_name(t)
    if re.search(
        r"\btoken(i[sz]e[sdr]?|i[sz]ing|i[sz]ation|i[sz]er)\b"
        r"|\bbpe\b|byte[- ]pair|word ?pieces?"
        # plain words for splitting text: "how is 'unhappiness' broken up", "what the model sees"
        r"|\b(broken|split|chopped|cut) (up|into)\b"
        r"|\bwhat (pieces |chunks )?the (language )?model (actually )?(sees|gets|reads)\b",
        t,
    ) or (inside is None and re.search(r"\btokens?\b", t)):  # "the next token" is sampling's
        return "tokenize"
    # classifier-free guidance is the diffusion demo's setting alone
    if re.search(r"\b(diffus\w*|ddpm|ddim|denois\w*|classifier[- ]free|guidance scale)\b", t):
        return "diffusion"
    gan = re.search(
        # a GAN by its family's name too: "DCGAN", "StyleGAN", "WGAN-GP"
        r"\b((?:dc|w|style|cycle|big|pro)?gans?|adversarial|discriminator|generator"
        r"|mode collapse|wasserstein|gaussians?)\b"
        # the two-player game in plain words
        r"|\btwo (neural )?networks?\b|\b(compete|competing|forger|counterfeiter|critic|detective)",
        t,
    )
    digits = re.search(r"\b(digits?|mnist|handwrit\w*|numbers?)\b", re.sub(_NUMBERING, " ", t))
    if gan and digits:
        return "gan-digits"
    if gan:
        return "gan"
    if re.search(
        r"\b(c?vaes?|beta-vae|autoencoders?|auto-encoders?|variational|latent space)\b"
        # the VAE's own terms, for a request that names its idea, not the model
        r"|\bkl (term|divergence|loss|penalty)|\breparameteri[sz]ation"
        r"|\b(walk|morph|interpolat\w*|travel|move)\b.{0,30}\bfrom (a |an )?" + _DIGIT_WORD,
        t,
    ):
        return "vae"
    if DIFFUSION_WORDS.search(t):  # "noise into a picture": no GAN or VAE named
        return "diffusion"
    # digits faked, or a model watched learning to draw them, with no model named: the GAN on
    # digits, whose generator learns to draw digits while its grid of samples evolves ("fake"
    # is its word: real against fake); a given digit drawn ("draw me a 4") is the VAE's
    if digits and re.search(r"\bfake\b|\bfakes\b|\blearn(?:s|ing)? (?:how )?to (?:draw|make|"
                            r"write|scribble|produce|generate|sketch)\b", t):
        return "gan-digits"
    # a number that is a setting's value ("top-k 5", "temperature 0.7") is no digit to draw
    unset = re.sub(_SETTING_VALUE, " ", t)
    if re.search(r"\b(draw|sketch|generate|make|write)\b.{0,30}\b" + _DIGIT_WORD, unset) or digits:
        return "vae"
    return inside


def find(pattern: str, text: str) -> str | None:
    m = re.search(pattern, text, flags=re.IGNORECASE)
    return m.group(m.lastindex or 0) if m else None


def demo_args(text: str, name: str) -> dict[str, Any]:
    """Arguments a request states for the named demo (unchecked; tools.py bounds them).
    Labelled fields are read first ("seed=42 steps=1500": no "42 steps"), numbers in words
    as digits ("twenty sampling steps", "a learning rate of half a thousandth"); free text
    (a string to split or score, a prompt) is taken as typed, its number words kept."""
    from demos.registry import get_spec

    try:
        fields = get_spec(name).params.model_fields
    except TutorError:
        return {}  # no such demo: nothing to configure
    typed = respell(text)
    labelled, t = labelled_fields(spelled_to_digits(typed), fields)
    if any(k in fields for k in FREE_TEXT):  # a quoted span there is data, not settings
        t = re.sub(QUOTED, " ", t)
    args = {k: v for k, v in _stated(t, name).items() if k not in FREE_TEXT}
    args |= {k: v for k, v in _stated(typed, name).items() if k in FREE_TEXT} | labelled
    # free text is data: a word respelt for matching goes back as the learner typed it
    return {k: restore(v, text) if k in FREE_TEXT and isinstance(v, str) else v
            for k, v in args.items()}


def _stated(t: str, name: str) -> dict[str, Any]:
    """What the (respelt) message states for the named demo, by the patterns of each."""
    args: dict[str, Any] = {}
    if name == "diffusion":  # its sampler's steps first, so they are not training steps
        t, args = diffusion_args(t)
    if (v := find(NUMBER + r"\s*(?:training\s+)?(?:steps?|iterations?|iters?|epochs?)\b", t)) or (
        v := find(r"\b(?:steps?|iterations?)" + GAP + NUMBER, t)
    ):
        args["steps"] = number(v)
    # "the lr 10 times lower" is a factor (steering), not a value
    if v := find(r"\b(?:learning[- ]rate|lr)" + GAP + NUMBER + r"(?!\s*(?:x|times)\b)", t):
        args["lr"] = number(v)
    if v := find(r"\bbatch(?:[- ]size|es of)?" + GAP + NUMBER, t):  # "batches of 64" too
        args["batch_size"] = number(v)
    if v := find(r"\bseed" + GAP + NUMBER, t):
        args["seed"] = number(v)
    if name == "gan":
        args |= gan_args(t)
        if re.search(r"\b(?:without|no|turn off|disable)\s+(?:the\s+)?rejection", t, re.I):
            args["rejection"] = False
        elif re.search(r"\b(?:with|use|using|turn on|enable|add)\s+(?:the\s+)?(?:\w+\s+)?"
                       r"rejection(?: sampling)?\b", t, re.I):
            args["rejection"] = True
    if name in ("vae", "diffusion") and (digit := _digit(t)) is not None:
        args["digit"] = digit
        if name == "diffusion":  # only the digits data has digits to draw
            args.setdefault("dataset", "digits")
    if name == "vae":
        args |= vae_args(t)
    if name in INSIDE:
        from demos.registry import get_spec

        fields = get_spec(name).params.model_fields  # steps, lr, seed: only where they apply
        args = {k: v for k, v in args.items() if k in fields} | inside_args(t, name)
    if name == "bleu":
        args |= bleu_args(t)
    if name == "tokenize":
        # the string after the verb or the noun that names splitting, whole: "tokenize X",
        # "the tokens of X", "into tokens: X", "how the tokenizer splits X" (a verb before
        # any colon: "the tokenizer on: See you" gives the text after the colon whole, and
        # so does "the tokenize demo on: See you")
        unquoted = _split_target(t) or find(
            r"\b(?:tokeni[sz]e(?:\s+demo)?(?:\s+(?:on|with|for)(?=\s*:))?\b|tokens (?:of|for|in)\b"
            r"|(?:into )?tokens\s*:)\s*:?\s*(.+)$", t
        ) or find(r"\btokeni[sz](?:er|ation)\b[^:]{0,20}?\b(?:splits?|breaks?(?: up)?|chops?"
                   r"(?: up)?|cuts?(?: up)?|handles?|sees?|reads?)\s+(.+)$", t
        ) or find(r"\btokeni[sz](?:er|ation)(?: demo)?\s+(?:on|with|for)\s*:?\s*(.+)$", t)
        text_arg = tokenizer_target(t) or _bare(unquoted or "")  # a quoted one is exact
        if (tail := find(r"^[^:]{0,80}?\b(?:tokens?|tokeni[sz]\w*|split\w*|pieces|code|text"
                         r"|sentence|string|this|these|following|for me|please)"
                         r"(?:\s+(?:on|with|for|of|from))?(?:\s+" + POLITE + r")?"
                         r"\s*(?::|\s-|—|–)\s*(\S.*)$", t)) and (
            not text_arg or PLACEHOLDER.match(
                re.sub(r"\s*(?::|-|—|–)\s*$", "", text_arg.removesuffix(tail.strip()).strip()))
        ):  # class "the string after a colon or a dash": "split this into tokens: X", "on
            # some code: X", "chop this line up for me - X"; class "a preposition before the
            # colon": "run tokenize on: X", "tokenizer with: X" give X, not "on: X"; class "a
            # polite word before the colon": "tokenize pls: X", "into tokens thanks: X"
            text_arg = _bare(tail)
        if text_arg and text_arg.strip() and not GENERIC_TEXT.match(text_arg.strip()) and not (
            _FOR_WHOM.match(text_arg.strip()) and not tokenizer_target(t)
        ):
            args["text"] = text_arg.strip()
        if v := find(NUMBER + r"\s*(?:bpe\s+)?merges?\b", t):
            args["merges"] = number(v)
    return args


def _split_target(t: str) -> str | None:
    """The string in "split X into tokens", "what tokens does X become", unquoted, in any
    script ("split こんにちは into tokens", "what tokens does 🤖🔥 turn into")."""
    return find(
        r"\b(?:split|splits|break|breaks|chop|chops|cut|cuts)\s+(?:up\s+)?(.+?)\s+(?:up\s+)?"
        r"(?:in|into)\s+(?:its\s+|the\s+)?(?:tokens|pieces|subwords|word ?pieces)\b", t
    ) or find(r"\btokens?\s+(?:does|do|would|will)\s+(.+?)\s+(?:become|turn into|get split"
               r"(?: into)?|split into|break into|make|give)\b", t)


def _bare(text: str) -> str:
    """An unquoted string to split without what frames it: a placeholder before a colon
    ("this: 🍕 + 🍍"), a name for its kind ("the emoji 🤖"), a closing "please" or "?"."""
    text = re.sub(r"^(?:this|these|that|the following|the text|the sentence|this text|"
                  r"this sentence)\s*:\s*", "", text.strip(), flags=re.I)
    text = re.sub(r"^(?:the |these |this )?(?:emojis?|symbols?|characters?)\s+(?=[^\w\s])",
                  "", text, flags=re.I)
    return re.sub(r"(?:\s+(?:please|pls|plz|for me))?\s*\?*\s*$", "", text, flags=re.I).strip()


# A polite word that may stand between a request and the colon before its data.
POLITE = r"(?:please|pls|plz|thanks|thank you|thx|ty|for me)"
# What stands for the string a request gives after a colon: "this", "some code", "the text".
PLACEHOLDER = re.compile(
    r"^(?:on|with|for|of|from)\s*$"  # the preposition that hands over the string: "on: X"
    r"|^(?:(?:on|with|for|of|from)\s+)?" + POLITE + r"\s*$"  # "thanks: X", "on pls: X"
    r"|^(?:(?:this|that|these|those|it|the following|below|some|a|an|the|my)\b\s*)+"
    r"(?:(?:code|text|sentence|string|phrase|line|snippet|words?|bit)\b\s*)?"
    r"(?:(?:in|into) (?:\w+ )?(?:tokens|pieces)\b\s*)?" + POLITE + r"?\s*$",
    re.I,
)
FREE_TEXT = ("text", "reference", "words", "query", "analogy")
# Who a request is for, not what to split: "launch the tokenizer for me", "tokenize for us
# please" (quoted, "me" is the text).
_FOR_WHOM = re.compile(
    r"^(?:(?:for|on|to|with)\s+)?(?:me|us|you|it|them)(?:\s+(?:please|pls|thanks))?[.!?]*$",
    re.I,
)
# A placeholder, not a string to work on: "tokenize a sentence", "split some text".
GENERIC_TEXT = re.compile(
    r"^(?:(?:a|an|some|my|this|that|the|any|your|these|those|another|other)\s+)?"
    r"(?:(?:short|long|shorter|longer|random|whole|simple|new|different|other|harder|"
    r"example|test|sample|few|couple of)\s+)?"
    r"(?:words?|sentences?|texts?|phrases?|strings?|examples?|prompts?|stuff|things?)"
    r"(?:\s+(?:into|for|of|in)\b.*)?[.!?]*$",
    re.I,
)


def _digit(t: str) -> int | None:
    """The digit a request asks to draw: "draw a 7", "generate some handwritten zeros",
    "dream up a few new sevens", "make it generate a 3", "generate only 7s", "making 3s"."""
    digit = find(
        r"\b(?:digit|number|draw(?:s|ing)?|sketch(?:es|ing)?|generat(?:e|es|ing)|mak(?:e|es|ing)"
        r"(?: up)?|writ(?:e|es|ing)|invent(?:s|ing)?|produc(?:e|es|ing)|creat(?:e|es|ing)"
        r"|dream(?:s|ing)? up)\s*(?:me\s+)?(?:only\s+|just\s+)?"
        r"(?:an?|the|some|a bunch of|a few|a couple of|lots of)?\s*(?:(?:new|fake|more)\s+)?"
        r"(?:handwritten\s+)?" + _DIGIT_WORD
        # what noise or a picture turns into: "static that slowly becomes a handwritten 5"
        + r"|\binto\s+(?:an?\s+)?handwritten\s+" + _DIGIT_WORD,
        t,
    )
    if not digit:
        return None
    return int(digit) if digit.isdigit() else _WORD_DIGITS[digit.lower()]
