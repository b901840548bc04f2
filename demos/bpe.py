"""Byte-pair encoding learned from scratch, the way GPT-2-style tokenizers are built.

BPE (Sennrich, Haddow & Birch 2016, "Neural Machine Translation of Rare Words with Subword
Units"; byte-level as in GPT-2, Radford et al. 2019) starts from single bytes and, again and
again, fuses the most frequent adjacent pair of symbols into a new symbol. Text is first
split into words by GPT-2's regex (a word keeps its leading space), and no merge crosses a
word boundary. Bytes are shown through GPT-2's byte-to-character table, so a space is "Ġ".

This trainer reproduces `tokenizers.trainers.BpeTrainer` merge for merge (a reference test
checks it). Its rules, mirrored here:
- ids: the 256 byte symbols sorted by their character's code point, then each new symbol in
  the order it is made (a merge that spells an existing symbol reuses that symbol's id);
- pairs are counted once per occurrence, weighted by the word's count;
- the most frequent pair wins; a tie goes to the smallest (left id, right id);
- training stops early when the best count falls below `min_frequency`.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

GPT2_PATTERN = (r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")


@lru_cache(maxsize=1)
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's table: printable bytes stand for themselves, the rest move to U+0100 and up."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
            *range(ord("®"), ord("ÿ") + 1)]
    table = {b: chr(b) for b in keep}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    return table


@lru_cache(maxsize=1)
def unicode_to_bytes() -> dict[str, int]:
    return {c: b for b, c in bytes_to_unicode().items()}


def pretokenize(text: str) -> list[str]:
    """Split text into GPT-2 words, each written in the byte alphabet (" the" -> "Ġthe")."""
    import regex

    table = bytes_to_unicode()
    return ["".join(table[b] for b in piece.encode("utf-8"))
            for piece in regex.findall(GPT2_PATTERN, text)]


def symbol_bytes(symbol: str) -> bytes:
    """The raw bytes a byte-alphabet symbol stands for."""
    table = unicode_to_bytes()
    return bytes(table[c] for c in symbol)


def readable(symbol: str) -> str:
    """A symbol as the text it stands for; a partial UTF-8 character shows as \\xNN."""
    return symbol_bytes(symbol).decode("utf-8", errors="backslashreplace")


@dataclass(frozen=True)
class MergeStep:
    """One learned merge: the pair (byte-alphabet symbols), the new symbol and its count."""

    index: int
    pair: tuple[str, str]
    merged: str
    count: int
    vocab_size: int


@dataclass
class BpeModel:
    """A vocabulary (id -> symbol) and the merges in the order they were learned."""

    vocab: list[str]
    merges: list[tuple[str, str]] = field(default_factory=list)

    def encode_word(self, word: str) -> list[str]:
        """Apply merges by rank: always the earliest-learned pair present, leftmost first."""
        ranks = self._ranks()
        symbols = list(word)
        while len(symbols) > 1:
            rank = min(ranks.get(p, len(ranks)) for p in zip(symbols, symbols[1:], strict=False))
            if rank == len(ranks):
                break
            target = self.merges[rank]
            out: list[str] = []
            i = 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == target:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        return symbols

    def encode(self, text: str) -> list[tuple[str, int]]:
        """Text -> (symbol, id) pairs, word by word."""
        ids = self._ids()
        return [(s, ids[s]) for word in pretokenize(text) for s in self.encode_word(word)]

    def _ranks(self) -> dict[tuple[str, str], int]:
        if getattr(self, "_rank_cache", (None, -1))[1] != len(self.merges):
            self._rank_cache = ({p: i for i, p in enumerate(self.merges)}, len(self.merges))
        return self._rank_cache[0]

    def _ids(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.vocab)}


def _merge_word(word: list[int], a: int, b: int, new: int) -> list[tuple[tuple[int, int], int]]:
    """Fuse every (a, b) in `word` left to right, in place; return the pair-count changes for
    the neighbours (the fused pair itself is retired by the caller)."""
    changes: list[tuple[tuple[int, int], int]] = []
    i = 0
    while i < len(word):
        if word[i] == a and i + 1 < len(word) and word[i + 1] == b:
            if i > 0:
                changes.append(((word[i - 1], a), -1))
                changes.append(((word[i - 1], new), 1))
            word[i:i + 2] = [new]
            if i < len(word) - 1:
                changes.append(((b, word[i + 1]), -1))
                changes.append(((new, word[i + 1]), 1))
        i += 1
    return changes


def train(words: Iterable[str], merges: int, min_frequency: int = 2,
          model: BpeModel | None = None, vocab_size: int | None = None) -> Iterator[MergeStep]:
    """Learn up to `merges` merges (and, if given, until the vocabulary holds `vocab_size`
    symbols) from byte-alphabet words, yielding each merge as it is made.

    `model` (if given) receives the vocabulary and merges as they grow, so a caller that
    stops early still holds a usable tokenizer."""
    counts = Counter(words)
    bpe = model if model is not None else BpeModel([])
    bpe.vocab[:] = sorted(bytes_to_unicode().values())  # ids follow code points, as in `tokenizers`
    bpe.merges.clear()
    vocab = bpe.vocab
    ids = {s: i for i, s in enumerate(vocab)}
    word_list = list(counts)
    symbols = [[ids[c] for c in w] for w in word_list]
    freq = [counts[w] for w in word_list]
    pair_counts: Counter[tuple[int, int]] = Counter()
    where: dict[tuple[int, int], set[int]] = {}
    for wi, word in enumerate(symbols):
        for pair in zip(word, word[1:], strict=False):
            pair_counts[pair] += freq[wi]
            where.setdefault(pair, set()).add(wi)
    # A max-heap on (count, smallest pair first) with lazy updates, as in the library: each
    # entry carries the words to visit; one popped with a stale count goes back with the
    # current count. `seq` only keeps the sets out of comparisons.
    seq = itertools.count()
    heap = [(-pair_counts[pair], pair, next(seq), pos) for pair, pos in where.items()]
    heapq.heapify(heap)
    for index in range(merges):
        if vocab_size is not None and len(vocab) >= vocab_size:
            return
        while heap:
            neg, pair, _, pos = heapq.heappop(heap)
            if -neg != pair_counts[pair]:
                heapq.heappush(heap, (-pair_counts[pair], pair, next(seq), pos))
                continue
            break
        else:
            return
        count, (a, b) = -neg, pair
        if count < max(min_frequency, 1):
            return
        text = vocab[a] + vocab[b]
        new = ids.setdefault(text, len(vocab))
        if new == len(vocab):
            vocab.append(text)
        bpe.merges.append((vocab[a], vocab[b]))
        grown: dict[tuple[int, int], set[int]] = {}
        for wi in sorted(pos):
            for changed, delta in _merge_word(symbols[wi], a, b, new):
                pair_counts[changed] += delta * freq[wi]
                if delta > 0:
                    grown.setdefault(changed, set()).add(wi)
        for changed, positions in grown.items():
            if pair_counts[changed] > 0:
                heapq.heappush(heap, (-pair_counts[changed], changed, next(seq), positions))
        yield MergeStep(index, (vocab[a], vocab[b]), text, count, len(vocab))
