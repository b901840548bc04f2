"""The tokenizer demo: real tokenizers' spans cover the input exactly, BPE learned from
scratch matches the `tokenizers` library merge for merge, and the demo's frames."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from demos import bpe
from demos import token_spans as ts
from demos import tokenize as tk
from demos.control import Control
from demos.frames import Log, Merge, Metrics, TokenSpans, to_json
from demos.registry import start
from tutor.settings import DEFAULT_NOTES_DIR

from .conftest import assert_plain

TRICKY = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from([
    "", " ", "  two  spaces ", "\n\n\ttabs\r\n", "🤖👩‍👩‍👧 emoji", "naïve café", "日本語テキスト",
    "<|im_start|>user", "İstanbul ﬁne", "a\u0301 e\u0301", "\x00\x1b[31mred", "  \u200b\ufeff ",
])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(TRICKY)
@example("\x80/\x06/")  # a byte the vocabulary lacks, dropped inside a merged "//" token
def test_llm_spans_spell_the_input_and_match_its_ids(llm_tok, text: str) -> None:
    spans = ts.llm_spans(text, llm_tok)
    assert "".join(t.text for t in spans) == text
    assert sum(t.nbytes for t in spans) == len(text.encode("utf-8"))
    real = [t.id for t in spans if t.id != ts.GAP_ID]
    assert real == llm_tok.encode(text, add_special_tokens=False).ids
    assert all(t.nbytes >= 1 for t in spans)


@SETTINGS
@given(TRICKY)
def test_wordpiece_spans_spell_the_input_and_match_its_ids(wordpiece_tok, text: str) -> None:
    spans = ts.wordpiece_spans(text, wordpiece_tok)
    assert "".join(t.text for t in spans) == text
    real = [t.id for t in spans if t.id != ts.GAP_ID]
    assert real == wordpiece_tok.encode(text, add_special_tokens=False).ids
    assert not any(t.id == ts.GAP_ID and t.text.isalnum() for t in spans)


def test_known_splits(llm_tok, wordpiece_tok) -> None:
    emoji = ts.llm_spans("a 🤖", llm_tok)
    assert [t.text for t in emoji][0] == "a" and "".join(t.text for t in emoji) == "a 🤖"
    assert any(t.text == "" and t.nbytes == 1 for t in emoji)  # the emoji's later bytes
    words = ts.wordpiece_spans("Hello  World", wordpiece_tok)
    assert [(t.text, t.id == ts.GAP_ID) for t in words] == [
        ("Hello", False), ("  ", True), ("World", False)]
    assert wordpiece_tok.id_to_token(words[0].id) == "hello"
    assert ts.visible("a b\n\tc") == "a·b↵\n→c"
    dropped = ts.llm_spans("x\x04y\U00040000", llm_tok)  # bytes SmolLM2's vocabulary lacks
    assert [(t.text, t.id == ts.GAP_ID, t.nbytes) for t in dropped] == [
        ("x", False, 1), ("\x04", True, 1), ("y", False, 1), ("\U00040000", True, 1),
        ("", False, 1), ("", False, 1), ("", False, 1)]


def library_bpe(text: str, merges: int, min_frequency: int) -> Tokenizer:
    """The reference: `tokenizers` trained with the same pre-tokenizer and byte alphabet."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=256 + merges, min_frequency=min_frequency,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator([text], trainer)
    return tok


def ours(text: str, merges: int, min_frequency: int) -> bpe.BpeModel:
    model = bpe.BpeModel([])
    for _ in bpe.train(bpe.pretokenize(text), merges, min_frequency, model,
                       vocab_size=256 + merges):
        pass
    return model


def test_bpe_on_the_notes_matches_the_library() -> None:
    notes = tk.read_notes(DEFAULT_NOTES_DIR)
    for merges in (tk.Config().merges, 2000):  # the default, and on until no pair repeats
        reference = library_bpe(notes, merges, 2)
        model = json.loads(reference.to_str())["model"]
        mine = ours(notes, merges, 2)
        assert mine.merges == [tuple(m) for m in model["merges"]]
        assert {s: i for i, s in enumerate(mine.vocab)} == model["vocab"]
        for text in (tk.DEFAULT_TEXT, notes[:3000]):
            assert [i for _, i in mine.encode(text)] == reference.encode(text).ids
    assert len(mine.merges) < 2000  # the notes ran out of pairs seen twice


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(st.sampled_from("ab c\n.éé"), max_size=150), st.integers(1, 40), st.integers(0, 3))
def test_bpe_matches_the_library_on_small_corpora(text: str, merges: int, min_freq: int) -> None:
    model = json.loads(library_bpe(text, merges, min_freq).to_str())["model"]
    assert ours(text, merges, min_freq).merges == [tuple(m) for m in model["merges"]]


def run_all(config: tk.Config, control: Control | None = None) -> list:
    return list(tk.run(config, control or Control()))


def test_tiny_run_frames(llm_tok) -> None:
    config = tk.Config.tiny(llm_tokenizer=llm_tok)
    frames = run_all(config)
    for frame in frames:
        assert_plain(frame)
        json.dumps(to_json(frame))
    spans = [f for f in frames if isinstance(f, TokenSpans)]
    assert [s.tokenizer for s in spans] == [tk.LLM_NAME, tk.WORDPIECE_NAME,
                                           "BPE learned from the notes (20 merges)"]
    for s in spans:
        assert "".join(t.text for t in s.tokens) == config.text
    merges = [f for f in frames if isinstance(f, Merge)]
    assert [m.step for m in merges] == list(range(1, 21))
    assert [m.vocab_size for m in merges] == list(range(257, 277))
    counts = [m.count for m in merges]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= config.min_frequency
    assert all(m.merged == m.pair[0] + m.pair[1] for m in merges)
    final = frames[-1]
    assert isinstance(final, Metrics) and final.final and final.values["merges"] == 20
    assert final.values["llm_tokens"] == len(llm_tok.encode(config.text).ids)
    assert final.values["wordpiece_unknown"] == 1  # the robot emoji


def test_the_llm_column_uses_the_tokenizer_the_caller_passes(wordpiece_tok) -> None:
    # No tokenizer of its own: the demo splits with what the context hands it (here
    # MiniLM's, to tell it apart from the configured model's), and without one says so.
    text = "Tokenizers split text"
    frames, _ = start("tokenize", {"text": text, "merges": 0},
                      context={"llm_tokenizer": wordpiece_tok})
    llm = next(f for f in frames if isinstance(f, TokenSpans) and f.tokenizer == tk.LLM_NAME)
    assert [t.id for t in llm.tokens if t.id != ts.GAP_ID] == wordpiece_tok.encode(
        text, add_special_tokens=False).ids
    alone = run_all(tk.Config.tiny(merges=0))
    assert [f.tokenizer for f in alone if isinstance(f, TokenSpans)][:1] == [tk.WORDPIECE_NAME]
    assert any(isinstance(f, Log) and "No tokenizer of the tutor's LLM" in f.text for f in alone)
    assert "llm_tokenizer" not in alone[-1].values["settings"]


def test_the_cli_hands_the_demo_the_configured_models_tokenizer(llm_tok, session_home,
                                                                monkeypatch, capsys) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_HOME", str(session_home))  # where llm_tok's files were read
    assert main(["demo", "tokenize", "--text", "Hi there", "--merges", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["llm_tokens"] == len(llm_tok.encode("Hi there", add_special_tokens=False).ids)


def test_token_spans_never_reaches_into_the_llm_package() -> None:
    code = ("import sys, demos.token_spans, demos.tokenize; "
            "print('tutor.llm' in sys.modules, hasattr(demos.token_spans, 'llm_tokenizer'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_same_frames_each_run() -> None:
    def strip(frames: list) -> list:
        out = [to_json(f) for f in frames]
        out[-1]["values"] = {k: v for k, v in out[-1]["values"].items()
                             if not k.endswith("_s") and not k.endswith("per_s")}
        return out

    config = tk.Config.tiny(compare=False)
    assert strip(run_all(config)) == strip(run_all(config))


def test_stop_and_unsupported_changes_during_merges() -> None:
    control = Control()
    control.send(lr=0.1)
    frames = []
    for frame in tk.run(tk.Config.tiny(compare=False, merges=50), control):
        frames.append(frame)
        if isinstance(frame, Merge) and frame.step == 5:
            control.stop()
    assert any(isinstance(f, Log) and "cannot change 'lr'" in f.text for f in frames)
    assert sum(isinstance(f, Merge) for f in frames) == 5
    assert isinstance(frames[-1], Log) and frames[-1].text == "Stopped after 5 merges."
