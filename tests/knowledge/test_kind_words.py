"""A name asked about with the kind of thing it is ("the T5 model", "the BERT architecture")
finds the section titled with the name alone (knowledge/retriever.py, KIND_WORDS)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("question", "name"), [
    ("tell me about the T5 model", "T5"),
    ("the GPT architecture?", "GPT"),
])
def test_a_name_with_its_kind_finds_the_section_titled_with_the_name(notes_kb, question, name):
    [first, *_] = notes_kb.retrieve(question, k=3)
    assert name in first.section.split(" › ")[-1] and first.relevant

