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


def test_a_question_naming_a_note_gets_that_notes_sections_first(
    tmp_path_factory: pytest.TempPathFactory, embedder
) -> None:
    """Both notes explain ResNet; the question asks what one of them says."""
    kb = knowledge_of({
        **NOTES,
        "vision-basics.md": "# ResNet\n\nResNet adds skip connections, so a very deep network "
                            "still trains; it is used for image classification and as a "
                            "backbone for detection.\n",
    }, tmp_path_factory, embedder)
    [first, *_] = kb.retrieve("what is ResNet used for, going by the at-a-glance sheet?", 3)
    assert first.note == "ml-at-a-glance"
    [first, *_] = kb.retrieve("what is ResNet used for?", 3)
    assert first.note == "vision-basics"  # naming no note, the fuller section leads


@pytest.mark.parametrize(("question", "named"), [
    ("what do the key-ideas say about ResNet?", ["key-ideas"]),  # spelled as the file
    ("which models does the key ideas note list?", ["key-ideas"]),
    ("U-Net, per the at a glance sheet?", ["ml-at-a-glance"]),
    ("what are the key ideas behind ResNet?", []),  # an ordinary phrase, no note
    ("give me a quick glance at U-Net", []),
])
def test_which_notes_a_question_names(question: str, named: list[str]) -> None:
    from knowledge.note_names import NoteNames

    assert NoteNames(["ml-at-a-glance", "key-ideas", "vision-basics"]).named(question) == named
