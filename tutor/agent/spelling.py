"""Typo-tolerant demo words: "difusion", "tokanize", "atention", "digts", "vea", "dmeo" and
"blue score" read as the demo words they misspell, so a request with a slip of the keyboard
still finds its demo. Only words that name a demo or its subject are corrected, and only
near misses: difflib's ratio for longer words, a swap of two neighbouring letters for short
ones (where one wrong letter would turn "gan" into "can"), never a real English word that
happens to sit close ("blue", "attend", "sample": wordfreq knows them)."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

# Demo names, aliases and keywords the lexical cues look for. Five letters or more: a
# ratio of 0.85 or more is one slip (a letter dropped, doubled, swapped or mistyped).
_LONG = (
    "diffusion", "denoising", "tokenize", "tokenizer", "tokenise", "tokeniser",
    "tokenization", "tokenisation", "finetune", "finetuning", "attention", "embeddings",
    "embedding", "digits", "autoencoder", "variational", "adversarial", "sampling",
    "temperature", "heatmap", "analogy", "wasserstein", "discriminator", "generator",
    "steps",  # a demo's commonest setting: "10k stpes"
)
# Short names: only a swap of two neighbouring letters ("vea", "dmeo", "gna", "lroa", "qiuz").
_SHORT = ("vae", "gan", "demo", "bleu", "lora", "wgan", "ddpm", "ddim", "quiz")
# A word English already has is not a slip, however close to a demo word ("blue", "attend",
# "sample", "infusion"): wordfreq knows it at least this often (Zipf scale; the slips seen
# score 0-2.3, the closest real words 2.45 and up).
REAL_WORD_ZIPF = 2.4
# Phrases whose words are real but whose meaning is a demo: "blue score" is BLEU.
_PHRASES = ((re.compile(r"\bblue(?=[- ]scores?\b)", re.I), "bleu"),)
_WORD = re.compile(r"[A-Za-z]+")
_QUOTED = re.compile(r"\"[^\"]+\"|“[^”]+”|(?<!\w)'[^']+'(?!\w)")


def _real(word: str) -> bool:
    """A word of English. (Forms of demo words that English lacks, "denoised", "noising",
    are read as the demo word itself, "denoising": the same demo either way.)"""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= REAL_WORD_ZIPF


def _swapped(word: str, target: str) -> bool:
    """Whether `word` is `target` with two neighbouring letters swapped."""
    if len(word) != len(target) or word == target:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and word[diff[0]] == target[diff[1]]
        and word[diff[1]] == target[diff[0]]
    )


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str | None:
    """The demo word `word` misspells, or None (it is right, unknown or a real word)."""
    low = word.lower()
    if low in _SHORT or any(low.startswith(t) for t in _LONG) or _real(low):
        return None  # right, a known word inflected ("autoencoders", "attentional"), or real
    if len(low) <= 4:
        return next((t for t in _SHORT if _swapped(low, t)), None)
    if swap := next((t for t in _LONG if _swapped(low, t)), None):
        return swap  # a swap scores below the ratio in a short word ("stpes": 0.8)
    close = difflib.get_close_matches(low, _LONG, n=1, cutoff=0.85)
    return close[0] if close else None


def respell(text: str) -> str:
    """`text` with its misspelt demo words corrected; quoted spans (data, such as a string
    to tokenize) are left exactly as typed."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]

    def fix(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in spans):
            return m.group(0)
        return correct_word(m.group(0)) or m.group(0)

    out = _WORD.sub(fix, text)
    for pattern, repl in _PHRASES:
        out = pattern.sub(repl, out)
    return out


def restore(value: str, original: str) -> str:
    """A span taken from `respell(original)` as the learner typed it: free text (a prompt,
    a sentence to score) is data, so a word corrected for matching is put back."""
    if value in original:
        return value
    fixed = {}
    for m in _WORD.finditer(original):
        if (c := correct_word(m.group(0))) is not None:
            fixed.setdefault(c, m.group(0))
    for pattern, _ in _PHRASES:
        for m in pattern.finditer(original):
            fixed.setdefault("bleu", m.group(0))
    return re.sub(r"[A-Za-z]+", lambda m: fixed.get(m.group(0), m.group(0)), value)


_CONTROL = ("pause", "stop", "resume", "unpause", "quit", "continue")


def control_word(message: str) -> str | None:
    """The demo command a one-word message misspells by two neighbouring letters swapped
    ("stpo", "puase"), or None; a real word ("spot", "post") is never read as one."""
    low = message.strip().strip(".!").lower()
    if not re.fullmatch(r"[a-z]{4,8}", low) or low in _CONTROL or _real(low):
        return None
    return next((w for w in _CONTROL if _swapped(low, w)), None)
