"""QuizService on a real SQLite file: persistence, FSRS scheduling, disputes, corruption."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.errors import QuizError
from tutor.quiz import QuizService, progress_table, run_plain_quiz

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _free(service: QuizService, question: str):
    return next(i for i in service.items if i.kind == "free" and i.question == question)


def test_topics_match_concepts_and_unknown_topic_hints(service) -> None:
    for topic, concept in (
        ("vae", "vae"),
        ("VAEs", "vae"),
        ("transformers", "transformer"),
        ("GAN", "gan"),
        ("diffusion models", "diffusion"),
    ):
        items = service.next_items(topic, 5, now=NOW)
        assert items and {i.concept for i in items} == {concept}, topic
    with pytest.raises(QuizError) as err:
        service.next_items("quantum knitting")
    assert "gan" in err.value.hint


def test_answer_survives_a_crash_and_is_not_due(
    tmp_path: Path, note_chunks, embedder, bank
) -> None:
    db = tmp_path / "quiz.sqlite"
    first = QuizService(db, note_chunks, embedder, items=bank)
    item = _free(first, "What is Tokenization?")
    grade = first.grade(item.id, "Breaking text into pieces called tokens for processing", now=NOW)
    assert grade.verdict == "correct" and grade.review_id > 0
    del first  # no close, no flush: the answer must already be committed
    second = QuizService(db, note_chunks, embedder)  # rebuilt from the notes: same ids
    reviews = second.store.reviews(item.id)
    assert [r.verdict for r in reviews] == ["correct"]
    assert item.id not in {i.id for i in second.next_items("tokenization", 10, now=NOW)}


def test_correct_answer_moves_due_date_out_and_wrong_one_keeps_it_close(service) -> None:
    good = _free(service, "What is Tokenization?")
    bad = _free(service, "What is Self-Attention?")
    service.grade(good.id, "splitting text into tokens for processing", now=NOW)
    service.grade(bad.id, "adding noise to images", now=NOW)
    cards = service.store.cards()
    assert cards[bad.id].due < cards[good.id].due
    # review the good one again when due: its interval grows
    first_due = cards[good.id].due
    service.grade(good.id, "splitting text into tokens for processing", now=first_due)
    assert service.store.cards()[good.id].due - first_due > first_due - NOW
    later = NOW + timedelta(minutes=30)
    assert bad.id in {i.id for i in service.next_items(None, 3, now=later)}


def test_dispute_is_recorded_and_changes_schedule(service) -> None:
    item = _free(service, "What is Latent Space?")
    grade = service.grade(item.id, "it is compressed", now=NOW)
    assert grade.verdict != "correct"
    before = service.store.cards()[item.id].due
    disputed = service.dispute(grade.review_id)
    assert disputed.verdict == "correct" and disputed.disputed
    review = service.store.review(grade.review_id)
    assert (
        review.disputed and review.verdict == grade.verdict
    )  # original verdict kept for the record
    assert service.store.cards()[item.id].due > before
    with pytest.raises(QuizError):
        service.dispute(999_999)


def test_corrupt_database_is_moved_aside(tmp_path: Path, note_chunks, embedder, bank) -> None:
    db = tmp_path / "quiz.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    service = QuizService(db, note_chunks, embedder, items=bank)
    assert service.notice and "damaged" in service.notice
    assert list(tmp_path.glob("quiz.sqlite.corrupt-*"))
    item = service.items[0]
    assert service.grade(item.id, "x").review_id > 0


def test_progress_marks_weak_concept_with_demo(service) -> None:
    for item in [i for i in service.items if i.concept == "gan" and i.kind == "free"][:3]:
        service.grade(item.id, "no idea at all", now=NOW)
    rows = {p.concept: p for p in service.progress(now=NOW)}
    assert rows["gan"].weak and rows["gan"].demo == "gan" and rows["gan"].reviewed == 3
    assert rows["gan"].notes and all(" › " in n for n in rows["gan"].notes)
    assert rows["vae"].reviewed == 0 and not rows["vae"].weak
    table = progress_table(service)
    assert "gan" in table and "weak" in table and "demo: gan" in table


def test_mastery_counts_unseen_items_and_weak_needs_misses(service) -> None:
    start = datetime.now(UTC)  # the table below reads the clock
    vae = [i for i in service.items if i.concept == "vae" and i.kind == "mcq"]
    for item in vae[:2]:
        assert service.grade(item.id, item.answer, now=start).verdict == "correct"
    rows = {p.concept: p for p in service.progress(now=start + timedelta(hours=1))}
    p = rows["vae"]
    assert p.items > 10 and p.reviewed == 2 and p.known == 2
    assert p.retention > 0.9 and not p.weak
    assert p.mastery == pytest.approx(p.retention * 2 / p.items)  # unseen items count 0
    assert p.mastery < 0.2
    # months later, recall has faded: retention and mastery drop, the concept turns weak
    later = {q.concept: q for q in service.progress(now=start + timedelta(days=400))}["vae"]
    assert later.retention < p.retention and later.mastery < p.mastery and later.weak
    line = next(ln for ln in progress_table(service).splitlines() if ln.startswith("vae"))
    assert f"2/{p.items}" in line and line.split()[1] != "100%"  # the mastery column


def test_unknown_item_and_bad_n(service) -> None:
    with pytest.raises(QuizError):
        service.get("nope")
    with pytest.raises(QuizError):
        service.next_items(n=0)


def test_plain_quiz_loop(service) -> None:
    items = service.next_items("training", 3)
    answers = []
    for item in items:
        if item.kind == "mcq":
            answers.append("ABCD"[item.choices.index(item.answer)])
        else:
            answers.append(item.answer)  # the note's own words
        answers.append("")  # no dispute
    out: list[str] = []
    run_plain_quiz(
        service,
        "training",
        3,
        input_fn=lambda _p: answers.pop(0),
        print_fn=lambda *a, **_k: out.append(" ".join(map(str, a))),
    )
    text = "\n".join(out)
    assert "Q1/3" in text and "Q3/3" in text and "source:" in text
    assert "Done: 3/3 correct" in text
    assert len(service.store.reviews()) == 3


def test_plain_quiz_dispute_and_early_stop(service) -> None:
    answers = iter(["completely wrong words here", "d"])

    def feed(_prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    out: list[str] = []
    run_plain_quiz(
        service,
        "diffusion",
        2,
        input_fn=feed,
        print_fn=lambda *a, **_k: out.append(" ".join(map(str, a))),
    )
    text = "\n".join(out)
    assert "dispute recorded" in text and "Stopped" in text
    reviews = service.store.reviews()
    assert len(reviews) == 1 and reviews[0].disputed


def test_progress_says_new_not_due_0_for_a_concept_never_reviewed(service) -> None:
    """"due 0" reads as "all caught up" for a concept the learner has never seen."""
    gan = next(i for i in service.items if i.concept == "gan" and i.kind == "mcq")
    service.grade(gan.id, "surely not this", now=datetime.now(UTC))  # wrong: due again soon
    header, *lines = progress_table(service).splitlines()
    due_at = header.index("due") + len("due")  # the column is right-aligned under "due"

    def due(concept: str) -> str:
        line = next(ln for ln in lines if ln.split()[0] == concept)
        return line[:due_at].split()[-1]

    assert due("vae") == "new"
    assert due("gan").isdigit()
