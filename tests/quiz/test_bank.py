"""The bank built from the real notes: grounded answers, stable ids, sibling distractors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from knowledge.chunking import chunk_dirs
from tutor.language import plain
from tutor.quiz.bank import build_bank
from tutor.quiz.concepts import CONCEPTS
from tutor.quiz.sections import name_key
from tutor.quiz.textnorm import normalize
from tutor.settings import DEFAULT_NOTES_DIR


def _section_text(chunks, note: str, section: str) -> str:
    """The cited section: its heading path and its body."""
    return normalize(
        section
        + " "
        + " ".join(plain(c.text) for c in chunks if c.note == note and c.section == section)
    )


def test_every_answer_is_in_its_cited_section(bank, note_chunks) -> None:
    assert len(bank) > 150
    for item in bank:
        text = _section_text(note_chunks, item.note, item.section)
        parts = item.key_facts if item.kind == "list" else [item.answer]
        for part in parts:
            assert normalize(part) in text, (item.id, item.question, part)
        assert normalize(item.quote)[:40] in text or item.kind == "list", item.quote


def test_bank_covers_kinds_and_concepts(bank) -> None:
    kinds = Counter(i.kind for i in bank)
    assert set(kinds) == {"mcq", "cloze", "free", "list"}
    concepts = {i.concept for i in bank}
    assert {
        "gan",
        "vae",
        "diffusion",
        "transformer",
        "tokenization",
        "embeddings",
        "llm",
        "training",
        "evaluation",
        "ethics",
    } <= concepts
    # anything else is a section's own heading ("Key Takeaways"), never a catch-all
    for concept in concepts - set(CONCEPTS):
        sections = {i.section for i in bank if i.concept == concept}
        assert all(name_key(concept) in name_key(s) for s in sections), (concept, sections)
    stages = [i for i in bank if i.kind == "list" and "Pretraining" in i.key_facts]
    assert stages and stages[0].key_facts == ["Pretraining", "Fine-tuning", "RLHF"]


def test_rebuild_gives_same_items(note_chunks, bank) -> None:
    again = build_bank(chunk_dirs([DEFAULT_NOTES_DIR]))
    assert [i.id for i in again] == [i.id for i in bank]
    assert [i.choices for i in again] == [i.choices for i in bank]
    assert len({i.id for i in bank}) == len(bank)


def test_distractors_are_siblings_and_differ_from_answer(bank, note_chunks) -> None:
    # A term another multiple-choice item asks for (a note's own term may be asked only
    # once, in another note that defines it the same way: the bank asks each thing once),
    # or a term the notes set in bold (one not asked about itself, as "Encoder", whose only
    # description points at a figure, is still a fair wrong choice).
    def plain(term: str) -> str:  # "Generative AI (GenAI)" is the term "Generative AI"
        return normalize(re.sub(r"\s*\([^)]*\)", "", term))

    terms = {plain(i.answer) for i in bank if i.kind == "mcq"}
    terms |= {plain(t) for c in note_chunks for t in re.findall(r"\*\*([^*]+)\*\*", c.text)}
    for item in (i for i in bank if i.kind == "mcq"):
        assert item.answer in item.choices
        assert len(item.choices) == len(set(map(normalize, item.choices))) >= 3
        for choice in item.choices:
            assert plain(choice) in terms
        assert normalize(item.answer) not in normalize(item.question) or "_____" in item.question


def test_generator_question_offers_the_discriminator(bank) -> None:
    item = next(i for i in bank if i.kind == "mcq" and i.answer == "Generator")
    assert "Discriminator" in item.choices


def test_item_json_has_no_answer(bank) -> None:
    item = next(i for i in bank if i.kind == "free")
    data = item.as_json()
    assert set(data) == {"id", "concept", "question", "choices", "source"}
    assert item.answer not in str(data)
    assert data["source"] == f"{item.note} › {item.section}"


def test_user_notes_folder_adds_items(tmp_path: Path, bank) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "rl.md").write_text(
        "# Reinforcement learning\n\n## Key terms\n\n"
        "- **Policy**: A mapping from states to the actions an agent takes.\n"
        "- **Reward**: A scalar signal telling the agent how good its last action was.\n"
        "- **Value Function**: The expected future reward from a state under a policy.\n",
        encoding="utf-8",
    )
    items = build_bank(chunk_dirs([DEFAULT_NOTES_DIR, folder]))
    mine = [i for i in items if i.note == "rl"]
    assert {i.kind for i in mine} >= {"free", "mcq", "list"}
    assert any(i.answer == "A mapping from states to the actions an agent takes." for i in mine)
    assert len(items) == len(bank) + len(mine)


def test_split_section_gives_one_list_and_natural_wording(bank) -> None:
    llm = [i for i in bank if i.kind == "list" and "Autoregressive LLMs" in i.key_facts]
    assert len(llm) == 1 and len(llm[0].key_facts) == 6, [i.question for i in llm]
    assert "Domain-Specific LLMs" in llm[0].key_facts
    early = next(i for i in bank if i.kind == "free" and "“Early Models”" in i.question)
    assert early.question == "What part did “Early Models” play in the history of generative AI?"
    assert not any(i.question.startswith("Historical Context:") for i in bank)


def test_the_bank_asks_each_thing_once(bank) -> None:
    """A term defined in several notes, or a heading a section repeats, is one item."""
    from collections import Counter

    from tutor.quiz.bank import question_keys

    counts = Counter((i.kind, k) for i in bank for k in question_keys(i.question))
    assert [key for key, n in counts.items() if n > 1] == []
    asked = [i.question for i in bank]
    assert sum(q.startswith("What is Add & Normalize") for q in asked) <= 1
    assert sum(q.startswith("What is Feed Forward") for q in asked) <= 1


def test_question_keys_read_an_acronym_as_its_words() -> None:
    from tutor.quiz.bank import question_keys

    assert question_keys("What is Feed Forward NN?") & question_keys(
        "What is Feed Forward Neural Network (NN)?"
    )
    assert question_keys("What is a GAN?") & question_keys(
        "What is a Generative Adversarial Network (GAN)?"
    )
    assert not question_keys("What is a GAN?") & question_keys("What is a VAE?")



# Pointers at a picture, as a reader would spot them (not the bank's own pattern).
_PICTURE = re.compile(r"\b(?:in|on) the (?:image|figure|diagram|picture)|dotted|dashed|"
                      r"shown (?:above|below)|\bfigure \d", re.I)


def test_no_item_needs_a_picture_the_learner_cannot_see(tmp_path: Path, bank) -> None:
    """The shipped Transformer section describes a figure ("Dotted lines in the image
    represent residual connections", "denoted as Nx in the image"); a learner in a terminal
    never sees it, so no item may lean on it. A note of one's own with figure talk, too."""
    def visual(item) -> list[str]:
        return [t for t in (item.question, item.answer, *item.key_facts) if _PICTURE.search(t)]

    assert [(i.id, visual(i)) for i in bank if visual(i)] == []
    # the rest of that section is still asked about
    assert any(i.answer == "Masked Multi-Head Attention" for i in bank)

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "unet.md").write_text(
        "# U-Net\n\n## Parts\n\n"
        "- **Skip Connection**: The dashed arrows in the diagram copy encoder features across.\n"
        "- **Bottleneck**: Shown below as the lowest block; it holds the coarsest features.\n"
        "- **Decoder Path**: Upsamples the features back to the input's size.\n"
        "- **Encoder Path**: Downsamples the input step by step (see Figure 2 for the sizes).\n",
        encoding="utf-8",
    )
    mine = [i for i in build_bank(chunk_dirs([folder])) if i.note == "unet"]
    assert any(i.answer == "Upsamples the features back to the input's size." for i in mine)
    assert [(i.id, visual(i)) for i in mine if visual(i)] == []
