"""Hybrid retrieval over the real shipped notes (real MiniLM, real Chroma on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from tutor.errors import InputError, KnowledgeError
from tutor.settings import DEFAULT_NOTES_DIR, Settings

BETA = (
    "Types of Generative AI Models › 1. Variational Autoencoders (VAEs) › Types of VAEs"
    " › b. Beta-VAE"
)


@pytest.mark.parametrize(
    ("question", "note", "section"),
    [
        (
            "What does the beta hyperparameter in a Beta-VAE trade off?",
            "generative-ai-models-explained",
            BETA,
        ),
        (
            "How do diffusion models add and then remove Gaussian noise?",
            "intro-to-generative-ai",
            "Main Types of Generative Models › Diffusion Models",
        ),
        (
            "Which metrics evaluate generated images and text, like FID?",
            "generative-ai-key-concepts",
            "4. How Generative AI Works",
        ),
        (
            "What are the stages of training an LLM?",
            "generative-ai-at-a-glance",
            "What is Generative AI › Training Stages of Generative Models (e.g., LLMs)",
        ),
    ],
)
def test_known_questions_hit_their_section(
    notes_kb, question: str, note: str, section: str
) -> None:
    passages = notes_kb.retrieve(question, k=3)
    assert (note, section) in [(p.note, p.section) for p in passages]
    best = passages[0]
    assert best.relevant and best.score > 0 and best.text
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


@pytest.mark.parametrize(
    "question", ["how do I bake sourdough bread", "who won the 2018 world cup"]
)
def test_off_topic_questions_are_not_relevant(notes_kb, question: str) -> None:
    passages = notes_kb.retrieve(question, k=5)
    assert len(passages) == 5 and not any(p.relevant for p in passages)


def test_outline_only_topic_is_retrievable_as_empty(notes_kb) -> None:
    passages = notes_kb.retrieve("What do my notes say about tokenization and embeddings?", k=5)
    empty = [p for p in passages if p.empty]
    assert empty and empty[0].section == "Technical Fundamentals › Tokenization and Embeddings"
    assert empty[0].note == "generative-ai-personal-notes" and empty[0].text == ""
    assert empty[0].relevant


def test_section_text_returns_the_whole_section(notes_kb) -> None:
    text = notes_kb.section_text(
        "generative-ai-models-explained",
        "Types of Generative AI Models › 1. Variational Autoencoders (VAEs) › Types of VAEs",
    )
    assert "a. Basic VAE" in text and "b. Beta-VAE" in text and "Conditional VAE (CVAE)" in text
    assert "hyperparameter (beta)" in text and "AstraZeneca" in text
    assert (
        notes_kb.section_text(
            "generative-ai-personal-notes", "Technical Fundamentals › Tokenization and Embeddings"
        )
        == ""
    )
    with pytest.raises(KnowledgeError):
        notes_kb.section_text("generative-ai-models-explained", "No Such Section")


def test_notes_and_chunks(notes_kb) -> None:
    assert notes_kb.notes == sorted(p.stem for p in DEFAULT_NOTES_DIR.iterdir())
    assert any(c.empty for c in notes_kb.chunks)


def test_empty_question_is_an_input_error(notes_kb) -> None:
    with pytest.raises(InputError):
        notes_kb.retrieve("   \n ")


def test_users_own_notes_folder_is_searched_too(tiny_notes: Path, tmp_path: Path, embedder) -> None:
    settings = Settings(home=tmp_path / "home", notes_dirs=[tiny_notes], default_notes=False)
    kb = KnowledgeBase.from_settings(settings, embedder)
    kb.sync()
    best = kb.retrieve("when a GAN generator only produces a few kinds of samples", k=1)[0]
    assert (best.note, best.section, best.relevant) == ("gans", "GANs › Mode collapse", True)
    kb.close()
    with pytest.raises(KnowledgeError):
        KnowledgeBase([tmp_path / "missing"], tmp_path / "i", embedder).sync()


@pytest.mark.parametrize(
    "question,term",
    [
        ("what is a GAN?", "GANs"),
        ("What is a VAE?", "VAEs"),
        ("what are diffusion models?", "Diffusion Models"),
    ],
)
def test_definition_questions_rank_the_section_about_the_term_first(
    notes_kb, question: str, term: str
) -> None:
    # Not a subsection that only mentions it (e.g. "b. Deep Convolutional GAN (DCGAN)").
    top = notes_kb.retrieve(question, k=1)[0]
    assert term in top.section.split(" › ")[-1]


def test_a_short_question_answered_by_the_section_titled_with_its_words(notes_kb) -> None:
    """MiniLM scores "T5: what's it for?" low against the T5 section, but the section's own
    heading names the question's one keyword: that section answers it."""
    passages = notes_kb.retrieve("T5: what's it for?", k=5)
    assert passages[0].relevant and "T5" in passages[0].section


def test_a_short_question_about_a_term_in_one_row_of_a_wide_section(embedder, tmp_path) -> None:
    """A glossary table's row is a small part of its section, so the section as a whole is
    far in meaning from "what is autolyse?"; the row that names the term answers it."""
    from knowledge.base import KnowledgeBase

    notes = tmp_path / "bread"
    notes.mkdir()
    (notes / "glossary.md").write_text(
        "# Bread basics\n\n## Core ideas\n\n"
        "Good bread needs time, warmth and a strong flour with plenty of protein. "
        "Most home bakers start with a simple loaf and a hot oven, then learn to read the "
        "dough by feel. Weighing ingredients beats measuring cups, and a notebook of each "
        "bake helps you improve.\n\n"
        "| Term | Meaning |\n|---|---|\n"
        "| Autolyse | Resting flour and water before adding salt and yeast |\n"
        "| Proofing | Letting shaped dough rise a last time before it is baked |\n"
        "| Crumb | The pattern of holes inside a finished loaf |\n"
        "| Oven spring | The quick rise in the first minutes of baking |\n\n"
        "A hot oven and steam give the crust its colour and shine.\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase([notes], tmp_path / "index", embedder)
    kb.sync()
    try:
        assert any(p.relevant for p in kb.retrieve("what is autolyse?", k=3))
        assert not any(p.relevant for p in kb.retrieve("what is a kitchen scale?", k=3))
    finally:
        kb.close()
