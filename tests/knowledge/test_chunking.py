"""Chunking of the real shipped notes and of hand-made edge cases (pure functions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import (
    MAX_CHARS,
    chunk_dirs,
    chunk_file,
    chunk_text,
    clean_heading,
    container_ids,
)
from tutor.settings import DEFAULT_NOTES_DIR

NOTES = DEFAULT_NOTES_DIR
SHIPPED = sorted(p.stem for p in NOTES.iterdir() if p.suffix in (".md", ".txt"))


@pytest.fixture(scope="module")
def chunks():
    return chunk_dirs([NOTES])


def by_section(chunks, note: str, section: str):
    found = [c for c in chunks if c.note == note and c.section == section]
    assert found, f"no chunk {note} › {section}"
    return found


def test_every_shipped_note_is_chunked_with_its_stem_as_id(chunks) -> None:
    assert sorted({c.note for c in chunks}) == SHIPPED
    assert len(SHIPPED) == 5


def test_markdown_section_path_is_the_cleaned_heading_path(chunks) -> None:
    section = (
        "Types of Generative AI Models › 1. Variational Autoencoders (VAEs) › Types of VAEs"
        " › b. Beta-VAE"
    )
    (beta,) = by_section(chunks, "generative-ai-models-explained", section)
    lines = (NOTES / "generative-ai-models-explained.md").read_text(encoding="utf-8").splitlines()
    assert lines[beta.line_start - 1].startswith("#### **b. Beta-VAE**")
    assert "hyperparameter (beta)" in beta.text
    assert lines[beta.line_end - 1].strip().startswith("- **Real-World Example**: In robotics")


def test_emphasis_html_escapes_and_emoji_are_stripped_from_paths(chunks) -> None:
    sections = {c.section for c in chunks}
    assert "Introduction to Generative AI › Challenges and Ethical Considerations" in sections
    assert (
        "Main Types of Generative Models › Transformer-Based Models (LLMs - Large Language Models)"
        in sections
    )
    for section in sections:
        assert not any(mark in section for mark in ("**", "<u>", "\\", "⚖", "🤖", "\ufe0f"))
    assert clean_heading("**<u>Intro</u>** 🤖") == "Intro"
    assert clean_heading("**What Are VAEs?**  ") == "What Are VAEs?"
    assert clean_heading("  1. Generative Adversarial Networks (GANs):") == (
        "1. Generative Adversarial Networks (GANs)"
    )
    assert clean_heading("__bold__ and _it_ with snake_case ⚙️") == "bold and it with snake_case"
    assert clean_heading("🤖 ✨") == "(untitled)"


def test_numbered_plain_text_headings_and_subsections(chunks) -> None:
    txt = [c for c in chunks if c.note == "generative-ai-key-concepts"]
    tops = [c.path[0] for c in txt]
    assert tops[0] == "1. What is Generative AI?"
    assert "10. Key Takeaways" in tops
    (gans,) = by_section(
        txt,
        "generative-ai-key-concepts",
        "3. Types of Generative AI Models › 1. Generative Adversarial Networks (GANs)",
    )
    assert gans.line_start == 15 and "StyleGAN, CycleGAN" in gans.text
    # numbered steps that are not block titles stay text of their section
    (how,) = by_section(txt, "generative-ai-key-concepts", "4. How Generative AI Works")
    assert "1. Data Collection: Gather" in how.text and how.line_start == 41


def test_fenced_contents_block_is_not_a_heading_nor_text(chunks) -> None:
    glance = [c for c in chunks if c.note == "generative-ai-at-a-glance"]
    assert glance[0].section == "What is Generative AI" and glance[0].line_start == 4
    assert not any("{contents}" in c.text for c in glance)
    text = "```python\n# not a heading\nx = 1\n```\n# Real\nbody\n"
    parts = chunk_text("n", text, ".md")
    assert [c.section for c in parts] == ["", "Real"]
    assert "# not a heading" in parts[0].text


def test_empty_outline_sections_are_kept(chunks) -> None:
    personal = [c for c in chunks if c.note == "generative-ai-personal-notes"]
    (tok,) = by_section(
        personal,
        "generative-ai-personal-notes",
        "Technical Fundamentals › Tokenization and Embeddings",
    )
    assert tok.empty and tok.text == "" and tok.line_start == tok.line_end == 35
    assert sum(c.empty for c in personal) >= 15
    hidden = container_ids(chunks)
    assert tok.id not in hidden  # a real outline topic, retrievable as "named but empty"
    (vae_parent,) = by_section(
        chunks,
        "generative-ai-models-explained",
        "Types of Generative AI Models › 1. Variational Autoencoders (VAEs)",
    )
    assert vae_parent.empty and vae_parent.id in hidden  # a heading over explained subsections


def test_long_sections_split_into_parts_on_paragraphs(chunks) -> None:
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    parts = by_section(
        chunks,
        "generative-ai-models-explained",
        "Types of Generative AI Models › 3. Autoregressive Models › Transformer Architecture "
        "Explained › Components of the Transformer Architecture",
    )
    assert [p.part for p in parts] == list(range(len(parts))) and len(parts) >= 2
    assert parts[0].line_start == 167  # the heading line
    assert all(a.line_end < b.line_start for a, b in zip(parts, parts[1:], strict=False))


def test_overlong_lines_are_cut_and_nothing_is_lost() -> None:
    sentence = "Diffusion models remove noise step by step. "
    text = "# Long\n\n" + sentence * 100 + "\n"
    parts = chunk_text("n", text, ".md", max_chars=300)
    assert len(parts) > 1 and all(len(p.text) <= 300 for p in parts)
    assert " ".join(p.text for p in parts).split() == (sentence * 100).split()
    assert all(p.line_start in (1, 3) and p.line_end == 3 for p in parts)


def test_plain_text_without_headings_is_one_section_and_md_headings_in_txt_work() -> None:
    assert [c.section for c in chunk_text("n", "just some words\nmore words\n", ".txt")] == [""]
    assert [c.section for c in chunk_text("n", "# Title\ntext\n", ".txt")] == ["Title"]
    assert chunk_text("n", "", ".md") == []


def test_chunk_file_reads_one_file(tmp_path: Path) -> None:
    note = tmp_path / "my-topic.md"
    note.write_text("# GANs\nTwo networks compete.\n", encoding="utf-8")
    (chunk,) = chunk_file(note)
    assert chunk.note == "my-topic" and chunk.section == "GANs" and chunk.line_end == 2


def test_decimal_outline_headings_in_plain_text_nest_under_their_top_heading() -> None:
    text = (
        "Intro line.\n\n1. General Principles\n\n1.1 The golden ratio\n- Use 1:16.\n\n"
        "1.2 Water temperature\n- 92-96 C.\n\n2. Pour-Over\n\n2.1 Hario V60\n- A cone.\n"
        "1.5 kg of beans lasts a month.\n\n3.1 Not under its own top\n- stays text.\n"
    )
    chunks = [c for c in chunk_text("brew", text, ".txt") if not c.empty]
    assert [c.section for c in chunks] == [
        "",
        "1. General Principles › 1.1 The golden ratio",
        "1. General Principles › 1.2 Water temperature",
        "2. Pour-Over › 2.1 Hario V60",
    ]
    # A number inside text, and "3.1" under "2.", stay text of their section.
    assert "1.5 kg of beans" in chunks[-1].text and "3.1 Not under" in chunks[-1].text
