"""A question may name one of the notes by its file name ("the at-a-glance table", "the key
concepts notes"), or wrap itself in an idiom ("in a nutshell"): neither is a topic the notes
lack, so neither makes the question "not in your notes"."""

from __future__ import annotations

import pytest

from .conftest import knowledge_of

NOTES = {
    "ml-at-a-glance.md": "# Models\n\n| model | use |\n|---|---|\n| U-Net | segmentation |\n"
                         "| ResNet | image classification |\n",
    "key-ideas.md": "# Overfitting\n\nA model that memorises its training set generalises "
                    "badly to new data.\n",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder):
    return knowledge_of(NOTES, tmp_path_factory, embedder)


@pytest.mark.parametrize("question", [
    "which models are in the at-a-glance table?",
    "what do the key-ideas notes say about overfitting?",
    "overfitting in a nutshell?",
])
def test_naming_a_note_or_an_idiom_is_not_an_unknown_term(kb, question) -> None:
    assert kb.unknown_terms(question) == []


def test_a_term_the_notes_lack_is_still_unknown(kb) -> None:
    assert kb.unknown_terms("what is a b-tree?") == ["b-tree"]
