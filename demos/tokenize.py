"""Tokenization: how text becomes the integer ids a language model reads.

First the same text goes through two real tokenizers side by side: the tutor LLM's own
(SmolLM2-135M, byte-level BPE with 49,152 tokens) and MiniLM's WordPiece (30,522 lowercased
tokens, the embedder behind the tutor's search). Then byte-pair encoding (Sennrich, Haddow &
Birch 2016) is learned from scratch on the course notes, one visible merge at a time, and
the text is split again with what was learned (`demos.bpe`, checked against the
`tokenizers` library merge for merge). Spans are plain data (`demos.token_spans`).
The LLM's tokenizer comes from the caller (the runtime reads the configured model's,
`--model` included); without one, only MiniLM's is compared.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from demos import bpe
from demos import token_spans as ts
from demos.control import Control
from demos.frames import Frame, Log, Merge, Metrics, Token, TokenSpans
from tutor.errors import DemoError
from tutor.settings import DEFAULT_NOTES_DIR

DEFAULT_TEXT = ("Tokenizers split text into pieces: \"unbelievable\" vs. \"the\",\n"
                "café, naïve, 1234567, 🤖 and  two spaces.")
LLM_NAME = "SmolLM2-135M (byte-level BPE)"
WORDPIECE_NAME = "MiniLM-L6 (WordPiece)"


@dataclass(frozen=True)
class Config:
    """Every default of the tokenizer demo; field names match `demos.params.TokenizeParams`."""

    text: str = DEFAULT_TEXT
    merges: int = 300
    seed: int = 0  # accepted for a uniform interface; every step here is deterministic
    min_frequency: int = 2
    notes_dir: Path = DEFAULT_NOTES_DIR
    compare: bool = True  # show the two real tokenizers (off: only the BPE trainer)
    # The tutor LLM's `tokenizers.Tokenizer`, from the caller's trusted context (never an
    # argument): Runtime.llm_tokenizer() reads the configured model's.
    llm_tokenizer: Any = None

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(text="Hi there, naïve 🤖!\n", merges=20)
        return cls(**{**base, **overrides})


def read_notes(notes_dir: Path) -> str:
    """The course notes (.md and .txt), in name order, as one text."""
    files = sorted([*notes_dir.glob("*.md"), *notes_dir.glob("*.txt")])
    if not files:
        raise DemoError(f"No notes to learn from in {notes_dir}.",
                        "The BPE trainer reads the .md and .txt files of the course notes.")
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def _describe(tokens: list[Token]) -> dict[str, float | int]:
    real = [t for t in tokens if t.id != ts.GAP_ID]
    nbytes = sum(t.nbytes for t in real)
    return {"tokens": len(real), "bytes_per_token": nbytes / len(real) if real else 0.0}


def _settings(config: Config) -> dict[str, Any]:
    """The run's settings as plain data (the tokenizer object itself is left out)."""
    values = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "llm_tokenizer"}
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in values.items()}


def _ignore_changes(changes: list[tuple[str, Any]]) -> Iterator[Log]:
    for key, _ in changes:
        yield Log(f"The tokenize demo cannot change {key!r} while it runs.")


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Compare the real tokenizers, then learn BPE on the notes merge by merge."""
    control = control or Control()
    started = time.perf_counter()
    summary: dict[str, Any] = {}
    if config.compare:
        yield from _compare(config, summary)
    yield from _ignore_changes(control.checkpoint())
    if control.stopped:
        yield Log("Stopped before learning BPE.")
        return
    yield from _learn(config, control, summary, started)


def _compare(config: Config, summary: dict[str, Any]) -> Iterator[Frame]:
    t0 = time.perf_counter()
    llm = config.llm_tokenizer
    wordpiece = ts.wordpiece_tokenizer()
    summary["tokenizer_load_s"] = time.perf_counter() - t0
    same = f"The same {len(config.text)} characters ({len(config.text.encode('utf-8'))} bytes)"
    wp_vocab = f"MiniLM's WordPiece ({wordpiece.get_vocab_size():,} tokens)"
    columns: list[tuple[str, str, list[Token]]] = []
    if llm is None:
        yield Log(f"No tokenizer of the tutor's LLM was given to this run. {same} through "
                  f"{wp_vocab}.")
    else:
        yield Log(f"{same} through the tutor LLM's tokenizer ({llm.get_vocab_size():,} tokens) "
                  f"and {wp_vocab}.")
        columns.append((LLM_NAME, "llm", ts.llm_spans(config.text, llm)))
    wp_spans = ts.wordpiece_spans(config.text, wordpiece)
    columns.append((WORDPIECE_NAME, "wordpiece", wp_spans))
    for name, key, spans in columns:
        yield TokenSpans(name, spans)
        for k, v in _describe(spans).items():
            summary[f"{key}_{k}"] = v
    unk = wordpiece.token_to_id("[UNK]")
    summary["wordpiece_unknown"] = sum(1 for t in wp_spans if t.id == unk)
    note = ""
    if llm is not None:
        dropped = sum(t.nbytes for t in columns[0][2] if t.id == ts.GAP_ID)
        summary["llm_dropped_bytes"] = dropped
        if dropped:
            note = f" Here SmolLM2 dropped {dropped} byte(s) its vocabulary lacks (shown as gaps)."
    yield Log("Byte-level BPE spells any text as bytes, so it needs no unknown token. WordPiece "
              "lowercases, drops spaces (shown as gaps, id -1) and maps what it lacks to "
              f"[UNK].{note}")


def _learn(config: Config, control: Control, summary: dict[str, Any],
           started: float) -> Iterator[Frame]:
    notes = read_notes(config.notes_dir)
    words = bpe.pretokenize(notes)
    yield Log(f"Learning byte-pair merges from the course notes: {len(notes.encode('utf-8')):,} "
              f"bytes, {len(words):,} words ({len(set(words)):,} distinct), starting from 256 "
              f"byte symbols. Each step fuses the most frequent adjacent pair.")
    model = bpe.BpeModel([])
    t0 = time.perf_counter()
    learned = 0
    for step in bpe.train(words, config.merges, config.min_frequency, model):
        yield from _ignore_changes(control.checkpoint())
        if control.stopped:
            yield Log(f"Stopped after {learned} merges.")
            return
        learned += 1
        yield Merge(step.index + 1, (bpe.readable(step.pair[0]), bpe.readable(step.pair[1])),
                    bpe.readable(step.merged), step.count, step.vocab_size)
    train_s = time.perf_counter() - t0
    if learned < config.merges:
        yield Log(f"Stopped at {learned} merges: no pair occurs {config.min_frequency}+ times.")
    pieces = [(bpe.symbol_bytes(s), i) for s, i in model.encode(config.text)]
    spans = ts.byte_spans(config.text, pieces) or []
    name = f"BPE learned from the notes ({learned} merges)"
    yield TokenSpans(name, spans)
    summary.update({f"bpe_{k}": v for k, v in _describe(spans).items()})
    notes_tokens = sum(n * len(model.encode_word(w)) for w, n in Counter(words).items())
    wall = time.perf_counter() - started - control.paused_s
    yield Metrics(learned, {
        **summary,
        "merges": learned,
        "vocab_size": len(model.vocab),
        "notes_bytes": len(notes.encode("utf-8")),
        "notes_bytes_per_token": len(notes.encode("utf-8")) / max(notes_tokens, 1),
        "train_s": train_s,
        "wall_s": wall,
        "steps": learned,
        "steps_per_s": learned / train_s if train_s > 0 else 0.0,  # merges per second
        "settings": _settings(config),
    }, final=True)
