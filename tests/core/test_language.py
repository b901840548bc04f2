"""tutor.language: the one home of words, stopwords, stems and sentences."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tutor.language import (
    STOPWORDS,
    content_stems,
    content_words,
    plain,
    sentences,
    stem,
    terms,
)

ROOT = Path(__file__).resolve().parents[2]
_LIST_NAMES = {"STOP", "STOPWORDS", "STOP_WORDS"}


def test_plural_possessive_and_case_meet_in_one_stem() -> None:
    assert stem("GANs") == stem("gan") == content_stems("the GAN's loss")[0]
    assert stem("preferences") == stem("prefer")
    assert stem("families") == stem("family")


def test_content_words_drop_stopwords_and_single_letters_keep_digits() -> None:
    assert content_words("What is a GAN, basically? It uses 2 networks.") == [
        "gan", "2", "networks"
    ]
    assert content_words("fine-tuning") == ["fine", "tuning"]


def test_terms_keep_repeats_for_bm25() -> None:
    assert terms("noise, more noise and noises") == [stem("noise")] * 3


def test_sentences_keep_abbreviations_and_split_on_digits_and_quotes() -> None:
    text = 'Models such as GANs, e.g. StyleGAN, make faces. 2014 saw the first GAN. "Fake" is hard.'
    assert sentences(text) == [
        "Models such as GANs, e.g. StyleGAN, make faces.",
        "2014 saw the first GAN.",
        '"Fake" is hard.',
    ]


def test_sentences_keep_a_closing_quote_with_its_sentence() -> None:
    assert sentences('He said "stop." Then he left.') == ['He said "stop."', "Then he left."]


def test_lines_end_sentences_only_when_asked() -> None:
    text = "- first point\n- second point"
    assert sentences(text) == [text]
    assert sentences(text, lines=True) == ["- first point", "- second point"]


@given(st.text(max_size=300))
def test_sentences_lose_no_words(text: str) -> None:
    joined = " ".join(sentences(text, lines=True))
    assert joined.split() == text.split()


def test_plain_text_keeps_the_words_and_drops_emphasis_and_pictographs() -> None:
    line = "- **Simple Analogy**: a digital artist 🎨 who mixes styles! 🤯\n  • **Use Case**: art ⚙️"
    assert plain(line) == "- Simple Analogy: a digital artist who mixes styles!\n • Use Case: art"
    linked = "see [the notes](notes.md), <u>twice</u> and `code`"
    assert plain(linked) == "see the notes, twice and code"


def test_no_other_module_keeps_its_own_stopword_list_or_stemmer() -> None:
    """Stopwords, stemmers and the sentence splitter live in tutor/language.py only (a fourth
    copy is a defect): a constant named with SENTENCE in it, or a pattern that looks behind
    for a sentence's final stop, is a splitter of its own."""
    offenders = []
    for path in [*ROOT.glob("tutor/**/*.py"), *ROOT.glob("knowledge/**/*.py")]:
        if path.name == "language.py":
            continue
        source = path.read_text()
        if "snowballstemmer" in source or "Stemmer" in source:
            offenders.append(f"{path.name}: stemmer")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.strip("_") in _LIST_NAMES
                for t in node.targets
            ):
                offenders.append(f"{path.name}: {ast.unparse(node.targets[0])}")
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and "SENTENCE" in t.id for t in node.targets
            ):
                offenders.append(f"{path.name}: {ast.unparse(node.targets[0])}")
            if isinstance(node, ast.Constant) and "(?<=[.!?" in str(node.value):
                offenders.append(f"{path.name}: sentence pattern {node.value!r}")
    assert offenders == []
    assert {"the", "basically", "called"} <= STOPWORDS
