"""Concepts for any notes: a user's own notes give concepts named after their headings (not
one catch-all), the same heading in two files is one concept, quiz topics and progress use
those names, and the bundled notes keep the known concepts that offer demos."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from knowledge.chunking import chunk_dirs
from tutor.quiz import QuizService, progress_table
from tutor.quiz.bank import build_bank
from tutor.quiz.concepts import CONCEPTS, DEMOS, match_topic
from tutor.quiz.sections import heading_name

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

STARTER_MD = """# Sourdough Starter Journal

## 2. Starter Care for Sourdough

- Feeding: adding fresh flour and water to the starter so the yeast has food.
- Discard: the part of the starter removed before a feeding so it does not grow without end.
- Hydration: the weight of water divided by the weight of flour, as a percentage.

## Shaping (the hard part)

- Pre-shape: a loose round made right after the bulk rise to build some tension.
- Final shape: the tight boule or batard that goes into the banneton.
- Banneton: a cane basket that holds the dough during the cold proof.

## Training

- Schedule: bake every Saturday for a month to learn the timings.
- Crumb shot: a photo of the cut loaf kept to compare one bake with the next.
"""

BAKING_TXT = """Notes from the bakery workshop.

1. Starter care

  - Levain: a portion of starter built up the night before for one bake.
  - Peak: the moment the starter has risen the most and is about to fall.
  - Rye flour: a flour that makes the starter ferment faster.

2. Scoring and baking

  - Lame: a razor on a handle used to score the loaf.
  - Ear: the raised flap of crust that forms along a shallow angled score.
  - Dutch oven: a heavy lidded pot that traps steam for the first part of the bake.
"""

# A user's own generative AI notes: a heading naming a known concept keeps it (and its
# demo); one that names none is its own concept, not "foundations" for the title above all.
MODELS_MD = """# Generative AI Study Notes

## Generative Adversarial Networks

- Generator: the network that turns random noise into fake samples.
- Discriminator: the network that tells real samples from generated ones.
- Mode collapse: the generator producing only a few kinds of output.

## Prompt Engineering

- Few-shot prompt: a prompt that shows the language model a handful of worked examples.
- System prompt: standing instructions given to a chat model before the user's turn.
- Temperature: a sampling setting where higher values give more varied wording.
"""


@pytest.fixture
def baking(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sourdough-starter.md").write_text(STARTER_MD, encoding="utf-8")
    (notes / "sourdough-baking.txt").write_text(BAKING_TXT, encoding="utf-8")
    return notes


def _by_term(items) -> dict[str, str]:
    """Concept of each mcq item, keyed by its answer (the term)."""
    return {i.answer: i.concept for i in items if i.kind == "mcq"}


def test_heading_name_drops_numbering_asides_and_case() -> None:
    assert heading_name("2. Key Concepts in Baking") == "key concepts in baking"
    assert heading_name("1.3 Shaping (the hard part):") == "shaping"
    assert heading_name("b) Extraction Yield and TDS") == "extraction yield and TDS"
    assert heading_name("POUR-OVER BASICS") == "pour-over basics"
    assert heading_name("The AeroPress") == "the AeroPress"


def test_own_notes_get_concepts_from_their_headings(baking: Path) -> None:
    items = build_bank(chunk_dirs([baking]))
    concept = _by_term(items)
    assert concept["Levain"] == concept["Feeding"] == "starter care"  # across two files
    assert concept["Banneton"] == concept["Pre-shape"] == "shaping"
    assert concept["Lame"] == concept["Dutch oven"] == "scoring and baking"
    # "Training" here is practice at baking, not the known concept with a fine-tuning demo
    assert concept["Schedule"] not in DEMOS and "training" in concept["Schedule"]
    counts = Counter(i.concept for i in items)
    assert len(counts) == 4 and max(counts.values()) < len(items) / 2, counts
    assert not set(counts) & set(CONCEPTS)  # nothing falls into a catch-all like "foundations"


def test_own_ai_notes_keep_known_concepts_and_name_the_rest(tmp_path: Path) -> None:
    (tmp_path / "models.md").write_text(MODELS_MD, encoding="utf-8")
    concept = _by_term(build_bank(chunk_dirs([tmp_path])))
    assert concept["Mode collapse"] == concept["Discriminator"] == "gan"
    assert concept["System prompt"] == concept["Few-shot prompt"] == "prompt engineering"


def test_topics_progress_and_table_use_heading_concepts(baking: Path, tmp_path, embedder) -> None:
    chunks = chunk_dirs([baking])
    service = QuizService(tmp_path / "quiz.sqlite", chunks, embedder)
    assert {"starter care", "shaping", "scoring and baking"} <= set(service.concepts())
    assert match_topic("sourdough shaping", service.concepts()) == ["shaping"]
    for topic, expected in (("starter care", "starter care"), ("quiz me on scoring", None)):
        pool = service.next_items(topic, 50, now=NOW)
        names = {i.concept for i in pool}
        assert names == {expected or "scoring and baking"}, (topic, names)
        assert expected is None or {i.note for i in pool} == {
            "sourdough-baking",
            "sourdough-starter",
        }
    shaping = [i for i in service.items if i.concept == "shaping" and i.kind == "mcq"]
    wrong = next(c for c in shaping[0].choices if c != shaping[0].answer)
    assert service.grade(shaping[0].id, wrong, now=NOW).verdict == "incorrect"
    rows = {p.concept: p for p in service.progress(now=NOW)}
    assert rows["shaping"].weak and rows["shaping"].reviewed == 1 and rows["shaping"].demo is None
    care = [i for i in service.items if "starter care" in i.section.lower()]
    assert rows["starter care"].items == len(care) > 6 and not rows["starter care"].weak
    table = progress_table(service)
    assert "scoring and baking" in table and "shaping" in table


def test_bundled_gan_and_vae_items_keep_their_demo_concepts(bank) -> None:
    gan = [i for i in bank if "Generative Adversarial Networks" in i.section]
    vae = [i for i in bank if "Variational Autoencoders" in i.section]
    assert len(gan) > 10 and len(vae) > 10
    assert Counter(i.concept for i in gan).most_common(1)[0][0] == "gan"
    assert Counter(i.concept for i in vae).most_common(1)[0][0] == "vae"
    assert {i.concept for i in bank} >= set(DEMOS)  # every concept with a demo is still asked
