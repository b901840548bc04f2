"""Quiz concepts offer their demos: diffusion questions the diffusion demo, evaluation
questions (BLEU, FID) the bleu demo, each a registered demo, after missed questions."""

from __future__ import annotations

from datetime import UTC, datetime

from demos.registry import DEMOS as REGISTERED
from tutor.quiz.concepts import DEMOS, assign_concept
from tutor.quiz.plain import progress_table

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def test_every_offered_demo_is_registered() -> None:
    assert DEMOS["diffusion"] == "diffusion" and DEMOS["evaluation"] == "bleu"
    assert set(DEMOS.values()) <= set(REGISTERED)
    assert assign_concept("How is BLEU computed?") == "evaluation"
    assert assign_concept("What does a denoising model learn?") == "diffusion"


def test_missed_diffusion_and_evaluation_questions_offer_their_demos(service) -> None:
    for concept in ("diffusion", "evaluation"):
        items = [i for i in service.items if i.concept == concept and i.kind == "mcq"]
        assert items, concept
        wrong = next(c for c in items[0].choices if c != items[0].answer)
        assert service.grade(items[0].id, wrong, now=NOW).verdict == "incorrect"
    rows = {p.concept: p for p in service.progress(now=NOW)}
    assert rows["diffusion"].weak and rows["diffusion"].demo == "diffusion"
    assert rows["evaluation"].weak and rows["evaluation"].demo == "bleu"
    table = progress_table(service)
    assert "demo: diffusion" in table and "demo: bleu" in table
