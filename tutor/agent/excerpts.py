"""The passages as the voice reads them: each one cut to its sentences that best answer the
question, all of them together within a character budget, each under its own number and label.

Time to first token is the prompt's prefill, and that grows with the prompt: llama.cpp reads
~215 tokens/s on 2 idle cores with the 0.5B voice, so three whole passages (~435 tokens after
the cached system prompt) cost ~2 s before the first word (bench/ttft.py). Only the prompt is
cut: the check (compose) still reads the full passages, so a sentence resting on a part the
model did not see is still supported, and nothing the model adds escapes the check.
Off unless TUTOR_PROMPT_CHARS is set: so far every budget tried cost the 0.5B voice key facts
(see PROMPT_CHARS).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from knowledge.types import Passage

# All passages' text together, in characters (~5 per token for the notes' English); 0 = whole
# passages. Off by default: on the dev split (20 covered questions, bench/voices.py +
# answers_sets.py) the 0.5B voice's key facts went from 37/47 whole to 36 at 900 characters,
# 31 at 1200 and 31 at 600 (answers change on some questions either way: +4 and -5 at 900),
# while the prompt fell from ~514 to ~350 (900) and ~290 (600) tokens (bench/ttft.py).
# TUTOR_PROMPT_CHARS sets it, to measure or to trade key facts for speed.
PROMPT_CHARS = 0
_GAP = " … "  # where sentences were left out, so the model does not read two as one thought


def prompt_chars() -> int:
    """The budget: TUTOR_PROMPT_CHARS if set to a whole number (0: whole passages, for
    measuring what the budget costs), else PROMPT_CHARS."""
    env = os.environ.get("TUTOR_PROMPT_CHARS", "").strip()
    return int(env) if env.isdigit() else PROMPT_CHARS


def pick_sentences(
    scored: Sequence[tuple[int, str, float]], budget: int
) -> list[tuple[int, int]]:
    """Which sentences to keep, as (passage, position in `scored`) in their original order.

    `scored` is every passage sentence as (passage index, sentence, score), in reading order.
    First each passage's best sentence (so every numbered passage still says something the
    model can cite), then the rest best first, each one that still fits within `budget`
    characters. A passage's best sentence is kept even over budget: a label with no text
    would invite the model to cite a passage it never read."""
    best: dict[int, int] = {}
    for i, (owner, _, score) in enumerate(scored):
        if owner not in best or score > scored[best[owner]][2]:
            best[owner] = i
    kept = set(best.values())
    used = sum(len(scored[i][1]) + 1 for i in kept)
    for i in sorted(range(len(scored)), key=lambda j: -scored[j][2]):
        cost = len(scored[i][1]) + 1
        if i not in kept and used + cost <= budget:
            kept.add(i)
            used += cost
    return [(scored[i][0], i) for i in sorted(kept)]


def excerpt_text(sentences: Sequence[tuple[int, str]]) -> str:
    """Kept sentences of one passage as (position among its sentences, text), joined with a
    gap mark where sentences between them were left out."""
    out, last = "", None
    for pos, sentence in sentences:
        sep = "" if last is None else (" " if pos == last + 1 else _GAP)
        out += sep + sentence
        last = pos
    return out


def budget_passages(
    question: str, passages: Sequence[Passage], checker: Any, budget: int = PROMPT_CHARS
) -> list[Passage]:
    """`passages` with each text cut to its sentences best for `question` (ranked by the
    faithfulness checker's `sentence_scores`), together within `budget` characters; note,
    section and order unchanged. Passages that already fit, or a budget of 0, stay whole.

    Sentences rather than whole lines: keeping the notes' lines (Markdown and all) scored
    worse on the dev split at 900 characters (33/47 key facts against 36/47), since a long
    line's one good sentence crowded out the rest."""
    passages = list(passages)
    if budget <= 0 or sum(len(p.text) for p in passages) <= budget:
        return passages
    scored = checker.sentence_scores(question, [p.text for p in passages])
    position = [sum(1 for o, _, _ in scored[:j] if o == scored[j][0]) for j in range(len(scored))]
    chosen: dict[int, list[tuple[int, str]]] = {}
    for owner, j in pick_sentences(scored, budget):
        chosen.setdefault(owner, []).append((position[j], scored[j][1]))
    out = []
    for n, p in enumerate(passages):
        if n in chosen:
            out.append(replace(p, text=excerpt_text(chosen[n])))
        else:  # no sentence of three words or more (a bare list): its opening, within a share
            out.append(replace(p, text=p.text[: max(80, budget // max(len(passages), 1))]))
    return out
