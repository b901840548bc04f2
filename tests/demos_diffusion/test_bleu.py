"""The BLEU demo: its score is sacrebleu's, its n-gram matches are clipped, empty text refused."""

from __future__ import annotations

import pytest
import sacrebleu

from demos import bleu, registry
from demos.control import Control
from tests.demos_gan.conftest import collect
from tutor.errors import DemoError

TEXT = "the cat sat on the mat today"
REF = "the cat sat on the red mat"


def test_score_and_precisions_are_sacrebleus() -> None:
    frames = collect(bleu.run(bleu.Config(text=TEXT, reference=REF), Control()))
    values = frames[-1]["values"]
    direct = sacrebleu.sentence_bleu(TEXT, [REF])
    assert values["bleu"] == pytest.approx(direct.score)
    assert values["precisions"] == pytest.approx(direct.precisions, abs=1e-4)
    unigrams = next(f for f in frames if f["kind"] == "tokens" and f["tokenizer"][0] == "1")
    assert [t["id"] for t in unigrams["tokens"]] == [1, 1, 1, 1, 1, 1, 0]
    assert sum(t["id"] for t in unigrams["tokens"]) / 7 * 100 == pytest.approx(
        direct.precisions[0])


def test_default_reference_comes_from_the_notes() -> None:
    ref = bleu.default_reference()
    assert "BLEU" in ref and ref != bleu.FALLBACK


def test_empty_text_is_refused() -> None:
    with pytest.raises(DemoError):
        list(bleu.run(bleu.Config(text="   "), Control()))
    with pytest.raises(DemoError):
        registry.start("bleu", {"text": ""})
