"""How much each word of a reference matters: inverse document frequency over the notes.

"generate", "data" and "model" occur in nearly every section, so naming them says little;
"noise", "pixel" or "disentanglement" say which idea the learner means. The grader weighs
a key fact's words by these weights, so "they generate images" does not pass for
"generate images by gradually removing noise".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from tutor.language import content_stems

Weights = Mapping[str, float]
FLOOR = 0.15  # a word in every section still counts a little


def document_frequencies(documents: Iterable[str]) -> tuple[Counter[str], int]:
    """In how many documents each stem occurs, and how many documents there are. Stems, not
    synonym groups: "discriminator" is a rare, telling word even though "detect" is common."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(set(content_stems(doc)))
    return df, n


def idf_weights(df: Mapping[str, int], n: int, stems: Iterable[str]) -> dict[str, float]:
    """Weights in (FLOOR, 1] for the given stems: 1 for a word found in one section or none."""
    if n <= 1:
        return {s: 1.0 for s in stems}
    top = math.log(n + 1)
    return {
        s: max(FLOOR, math.log((n + 1) / (df.get(s, 0) + 1)) / top) if df.get(s, 0) > 1 else 1.0
        for s in stems
    }


def weight_of(weights: Weights, stem: str) -> float:
    """A stem's weight; one the notes never saw counts fully."""
    return float(weights.get(stem, 1.0))
