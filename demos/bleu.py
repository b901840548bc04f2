"""BLEU (Papineni et al. 2002): how many of a text's n-grams (n = 1..4) also appear in a
reference, clipped by the reference's counts, combined as a geometric mean and scaled by a
brevity penalty for texts shorter than the reference. Scored with sacrebleu, the maintained
implementation (Post 2018); the frames show each n-gram of the text and whether it matched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demos.control import Control
from demos.frames import Frame, Log, Metrics, Token, TokenSpans
from tutor.errors import DemoError

NOTES_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "notes" / "{name}"
REFERENCE_NOTE = "generative-ai-key-concepts.txt"
REFERENCE_CUE = "metrics like FID"
FALLBACK = ("Evaluation: Assess the quality of generated data using metrics like FID for "
            "images or BLEU for text.")


def default_reference() -> str:
    """The notes' own sentence on evaluation metrics (read from the notes file)."""
    path = Path(str(NOTES_FILE).format(name=REFERENCE_NOTE))
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if REFERENCE_CUE in line:
                text = line.strip().lstrip("-*# ").replace("**", "").strip()
                return re.sub(r"^\d+\.\s*", "", text)  # drop a list number ("4. ")
    except OSError:
        pass
    return FALLBACK


@dataclass(frozen=True)
class Config:
    text: str = "Evaluation uses metrics like BLEU for text and FID for images."
    reference: str | None = None  # None: the notes' sentence on evaluation
    seed: int = 0  # unused: BLEU is deterministic; kept so every demo takes a seed

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        return cls(**overrides)


def score(text: str, reference: str) -> Any:
    """sacrebleu's sentence BLEU with its default settings (13a tokens, exp smoothing)."""
    import sacrebleu

    return sacrebleu.sentence_bleu(text, [reference])


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    text = config.text.strip()
    reference = (config.reference or default_reference()).strip()
    if not text or not reference:
        raise DemoError("BLEU needs a text and a reference to compare.",
                        "Give --text \"...\" (and optionally --reference \"...\").")
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    result = score(text, reference)
    tok = Tokenizer13a()
    hyp, ref = tok(text).split(), tok(reference).split()
    yield Log(f"Reference: {reference}")
    for n in range(1, 5):
        ref_counts = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
        spans = []
        for i in range(len(hyp) - n + 1):
            gram = tuple(hyp[i:i + n])
            hit = ref_counts[gram] > 0
            if hit:
                ref_counts[gram] -= 1  # clipped counts, as BLEU counts them
            spans.append(Token(" ".join(gram), int(hit), len(" ".join(gram).encode())))
        yield TokenSpans(f"{n}-grams (id 1 = in the reference)", spans)
    yield Metrics(0, {"bleu": result.score,
                      "precisions": [round(p, 4) for p in result.precisions],
                      "brevity_penalty": result.bp, "hyp_len": result.sys_len,
                      "ref_len": result.ref_len, "reference": reference,
                      "implementation": "sacrebleu.sentence_bleu"}, final=True)
