"""Meaning as geometry: nearest neighbours, analogies and a 2-D map of embeddings.

An embedding maps a word (or sentence) to a vector so that related meanings lie close,
measured by cosine similarity. Word vectors famously answer analogies by arithmetic:
v(king) - v(man) + v(woman) lands near v(queen) (Mikolov et al. 2013, "Linguistic
Regularities in Continuous Space Word Representations"; the search leaves out the three
input words, as theirs did). Two real spaces are searched: MiniLM, the sentence embedder
behind the tutor's search (over a list of candidate words), and the input embedding table
of the tutor's own LLM (every one of its 49,152 tokens). The rank of the expected answer
is reported as it is, good or bad. A PCA projection (scikit-learn) draws the words in 2-D,
coloured by k-means clusters found in the full space.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from demos.control import Control
from demos.frames import Frame, LabelledPoint, Log, Metrics, Ranking, Scatter
from demos.lm import LM, loading_line, resolve, settings_of, token_text
from tutor.errors import DemoError

# Concept words of the course notes (each occurs in knowledge/notes; a test checks).
DEFAULT_WORDS = (
    "GAN", "VAE", "diffusion", "transformer", "attention", "token", "embedding", "encoder",
    "decoder", "noise", "latent", "sampling", "GPT", "BERT", "autoencoder", "discriminator",
    "generator", "prompt", "chatbot", "image", "text", "music", "pixel", "network",
)
# Extra candidates for MiniLM's search (it has no word table of its own to search).
_CANDIDATE_TEXT = (
    "king queen prince princess man woman boy girl father mother son daughter husband wife "
    "uncle aunt brother sister actor actress emperor empress lord lady monarch royal throne "
    "crown palace kingdom france paris italy rome germany berlin spain madrid japan tokyo "
    "china beijing england london russia moscow city country capital europe asia dog cat "
    "puppy kitten horse cow animal bird fish car bus train road walk run ran swim swam "
    "big bigger small smaller good better bad worse hot cold day night sun moon red blue "
    "green apple banana fruit food water fire computer model data learning neural "
    "language word sentence picture photo song art painting doctor nurse teacher student "
    "school book write read happy sad"
)
CANDIDATES = tuple(_CANDIDATE_TEXT.split(" "))
DEFAULT_ANALOGY = "king - man + woman = queen"
_ANALOGY = re.compile(r"^\s*([^\s+=-]+)\s*-\s*([^\s+=-]+)\s*\+\s*([^\s+=-]+)\s*"
                      r"(?:=\s*([^\s+=-]+)\s*)?$")


@dataclass(frozen=True)
class Config:
    """Every default of the embeddings demo; field names match `demos.params.EmbeddingsParams`."""

    words: str | tuple[str, ...] = DEFAULT_WORDS  # a comma-separated string is split
    query: str = "king"
    analogy: str = DEFAULT_ANALOGY  # "a - b + c = expected" (the "= expected" is optional)
    neighbours: int = 8
    clusters: int = 4
    seed: int = 0
    model: str = "bundled"
    home: Path | None = None
    lm: LM | None = field(default=None, repr=False, compare=False)
    load_lm: Callable[[], LM] | None = field(default=None, repr=False, compare=False)
    embedder: Any = field(default=None, repr=False, compare=False)  # a loaded Embedder

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(words=("cat", "dog", "king", "queen", "paris", "rome"),
                                    neighbours=4, clusters=2)
        return cls(**{**base, **overrides})


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero), so a dot product is a cosine."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def nearest(table: np.ndarray, target: np.ndarray, k: int,
            exclude: Sequence[int] = ()) -> list[tuple[int, float]]:
    """The k rows of `table` most cosine-similar to `target`, best first, leaving out
    the rows in `exclude`."""
    scores = unit(table) @ unit(target[None])[0]
    scores[list(exclude)] = -np.inf
    k = min(k, int(np.isfinite(scores).sum()))
    top = np.argpartition(-scores, k - 1)[:k] if k else np.array([], dtype=int)
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(i), float(scores[i])) for i in top]


def analogy_target(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """a - b + c on unit vectors (3CosAdd): "king - man + woman"."""
    a, b, c = unit(np.stack([a, b, c]))
    return a - b + c


def rank_of(table: np.ndarray, target: np.ndarray, row: int, exclude: Sequence[int] = ()) -> int:
    """Where row `row` ranks (1 = most similar) by cosine to `target`, `exclude` left out."""
    scores = unit(table) @ unit(target[None])[0]
    mine = scores[row]
    keep = np.ones(len(scores), dtype=bool)
    keep[list(exclude)] = False
    keep[row] = False
    return int((scores[keep] > mine).sum()) + 1


def parse_analogy(text: str) -> tuple[str, str, str, str]:
    """"king - man + woman = queen" -> ("king", "man", "woman", "queen"); the answer may
    be left out ("")."""
    match = _ANALOGY.match(text)
    if not match:
        raise DemoError(f"Cannot read the analogy {text!r}.",
                        "Write it as: king - man + woman = queen (the '= queen' is optional).")
    a, b, c, d = match.groups()
    return a, b, c, d or ""


def word_list(words: str | Sequence[str]) -> list[str]:
    items = words.split(",") if isinstance(words, str) else list(words)
    out = list(dict.fromkeys(w.strip() for w in items if w.strip()))
    if len(out) < 3:
        raise DemoError("The map needs at least 3 words.", "Give a list like --words cat,dog,car")
    return out


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Neighbours and the analogy in MiniLM and in the LLM's embedding table; the PCA maps."""
    control = control or Control()
    started = time.perf_counter()
    words = word_list(config.words)
    a, b, c, expected = parse_analogy(config.analogy)
    yield Log(loading_line(config.lm, config.model, "its input embedding table")
              + " Also MiniLM, the tutor's search embedder.")
    embedder = config.embedder
    if embedder is None:
        from knowledge.embedder import Embedder

        embedder = Embedder()
    lm = resolve(config.lm, config.load_lm)
    figures: dict[str, Any] = {}
    # MiniLM: search a candidate list that holds every word asked about.
    asked = [w for w in (config.query, a, b, c, expected, *words) if w]
    vocab = list(dict.fromkeys([*CANDIDATES, *(w.lower() for w in asked)]))
    minilm = np.asarray(embedder.embed(vocab), dtype=np.float64)
    yield from _space("MiniLM", f"{len(vocab)} candidate words", vocab, minilm,
                      lambda w: vocab.index(w.lower()), config, (a, b, c, expected), figures)
    if _stopped(control):
        yield Log("Stopped.")
        return
    table = lm.model.get_input_embeddings().weight.detach().float().cpu().numpy().astype(np.float64)
    labels = _TokenLabels(lm)
    extra_rows: dict[str, int] = {}

    def row_of(word: str) -> int:
        return _word_row(lm, word, table, extra_rows)

    for word in asked:
        row_of(word)
    if extra_rows:
        table = np.vstack([table, *_extra_vectors(lm, extra_rows)])
    yield from _space(lm.name, f"{labels.size:,} tokens of its input embedding table",
                      labels.with_extra(extra_rows), table, row_of, config,
                      (a, b, c, expected), figures)
    if _stopped(control):
        yield Log("Stopped.")
        return
    yield from _maps(words, minilm[[vocab.index(w.lower()) for w in words]],
                     table[[row_of(w) for w in words]], lm.name, config, figures)
    wall = time.perf_counter() - started - control.paused_s
    yield Metrics(0, {
        **figures,
        "words": len(words),
        "wall_s": wall,
        "settings": settings_of(config),
    }, final=True)


class _TokenLabels(Sequence[str]):
    """Token strings of the LLM's vocabulary, decoded only when asked for."""

    def __init__(self, lm: LM, extra: dict[str, int] | None = None) -> None:
        self.lm = lm
        self.size = int(lm.model.get_input_embeddings().weight.shape[0])
        self.extra = {row: word for word, row in (extra or {}).items()}

    def with_extra(self, extra: dict[str, int]) -> _TokenLabels:
        return _TokenLabels(self.lm, extra)

    def __len__(self) -> int:
        return self.size + len(self.extra)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i in self.extra:
            return f"{self.extra[i]} (mean of its tokens)"
        return token_text(self.lm.tokenizer, int(i))


def _word_ids(lm: LM, word: str) -> list[int]:
    """The tokens of " word", as the word reads inside a sentence."""
    return [int(i) for i in lm.tokenizer(" " + word, add_special_tokens=False)["input_ids"]]


def _word_row(lm: LM, word: str, table: np.ndarray, extra: dict[str, int]) -> int:
    """The table row for a word: its token if it is one token, else a row appended for
    the mean of its tokens (numbered after the vocabulary)."""
    ids = _word_ids(lm, word)
    if len(ids) == 1:
        return ids[0]
    if word not in extra:
        extra[word] = table.shape[0] + len(extra)
    return extra[word]


def _extra_vectors(lm: LM, extra: dict[str, int]) -> list[np.ndarray]:
    table = lm.model.get_input_embeddings().weight.detach().float().cpu().numpy()
    return [table[_word_ids(lm, w)].mean(0).astype(np.float64)
            for w, _ in sorted(extra.items(), key=lambda kv: kv[1])]


def _space(name: str, searched: str, labels: Sequence[str], table: np.ndarray,
           row_of: Any, config: Config, analogy: tuple[str, str, str, str],
           figures: dict[str, Any]) -> Iterator[Frame]:
    """Neighbours of the query and the analogy's answers in one embedding space."""
    key = "minilm" if name == "MiniLM" else "llm"
    q = row_of(config.query)
    hits = nearest(table, table[q], config.neighbours, exclude=[q])
    yield Ranking(f"nearest to {config.query!r} in {name} ({searched})", config.query,
                  [(labels[i], s) for i, s in hits])
    a, b, c, expected = analogy
    rows = [row_of(a), row_of(b), row_of(c)]
    target = analogy_target(table[rows[0]], table[rows[1]], table[rows[2]])
    answers = nearest(table, target, config.neighbours, exclude=rows)
    rank = rank_of(table, target, row_of(expected), exclude=rows) if expected else 0
    title = f"{a} - {b} + {c} in {name} ({searched}; the three inputs left out)"
    yield Ranking(title, f"{a} - {b} + {c}", [(labels[i], s) for i, s in answers], expected,
                  rank)
    figures[f"{key}_analogy_top"] = labels[answers[0][0]] if answers else ""
    if expected:
        figures[f"{key}_analogy_rank"] = rank
        verdict = "first" if rank == 1 else f"at rank {rank}"
        yield Log(f"{name}: {expected!r} comes {verdict} among {searched}.")
    figures[f"{key}_nearest_to_query"] = labels[hits[0][0]] if hits else ""


def _maps(words: list[str], minilm: np.ndarray, llm: np.ndarray, llm_name: str,
          config: Config, figures: dict[str, Any]) -> Iterator[Frame]:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    for key, name, vectors in (("minilm", "MiniLM", minilm), ("llm", llm_name, llm)):
        vectors = unit(vectors)
        pca = PCA(n_components=2, random_state=config.seed).fit(vectors)
        xy = pca.transform(vectors)
        k = max(1, min(config.clusters, len(words) - 1))
        groups = KMeans(n_clusters=k, n_init=10, random_state=config.seed).fit_predict(vectors)
        explained = float(pca.explained_variance_ratio_.sum())
        figures[f"{key}_pca_explained"] = explained
        yield Scatter(0, f"{name}: {len(words)} words by PCA ({explained:.0%} of the variance "
                         f"in 2-D), {k} k-means clusters",
                      [LabelledPoint(float(x), float(y), w, f"cluster {int(g) + 1}")
                       for (x, y), w, g in zip(xy, words, groups, strict=True)])


def _stopped(control: Control) -> bool:
    for _ in control.checkpoint():
        pass  # nothing to steer: each part takes a second
    return control.stopped
