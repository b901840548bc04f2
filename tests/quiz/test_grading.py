"""The grader with the real MiniLM embedder: exact, paraphrase, wrong-but-related, nonsense."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.quiz.grading import grade_answer


def _item(bank, kind: str, answer: str):
    return next(i for i in bank if i.kind == kind and i.answer == answer)


def test_mcq_accepts_text_or_letter(bank) -> None:
    item = _item(bank, "mcq", "Generator")
    letter = "ABCD"[item.choices.index("Generator")]
    assert grade_answer(item, "generator", lambda t: None).verdict == "correct"
    assert grade_answer(item, f" {letter.lower()} ", lambda t: None).verdict == "correct"
    wrong = "ABCD"[item.choices.index("Discriminator")]
    assert grade_answer(item, wrong, lambda t: None).verdict == "incorrect"


def test_cloze_exact_with_plural_and_acronym(bank) -> None:
    item = next(i for i in bank if i.kind == "cloze" and i.answer == "Large Language Models (LLMs)")
    for ok in ("large language models", "LLMs", "the Large-Language Model"):
        assert grade_answer(item, ok, lambda t: None).verdict == "correct", ok
    assert grade_answer(item, "transformers", lambda t: None).verdict == "incorrect"


def test_free_text_verdicts(bank, embedder) -> None:
    latent = _item(
        bank,
        "free",
        "A compressed representation of data where generative models "
        "learn to map and generate new samples.",
    )
    paraphrase = grade_answer(
        latent,
        "a lower-dimensional compressed space where data is encoded "
        "and new samples can be generated from it",
        embedder.embed,
    )
    assert paraphrase.verdict == "correct" and paraphrase.score >= 0.6
    related = grade_answer(
        latent, "The dataset used to train the generative model.", embedder.embed
    )
    assert related.verdict == "incorrect"
    partial = grade_answer(latent, "it is compressed", embedder.embed)
    assert partial.verdict != "correct" and partial.missing


def test_wrong_but_related_sibling_answer_is_not_correct(bank, embedder) -> None:
    disc = next(i for i in bank if i.kind == "free" and i.question == "What is Discriminator?")
    got = grade_answer(
        disc, "It creates synthetic data samples that mimic the training data.", embedder.embed
    )
    assert got.verdict != "correct"
    right = grade_answer(
        disc, "It judges whether data is real or fake made by the generator", embedder.embed
    )
    assert right.verdict == "correct"


@pytest.mark.parametrize(
    "answer", ["", "   ", "asdkjh qwe zzz", "What is Tokenization?", "tokenization", "??!!"]
)
def test_nonsense_empty_and_copies_are_incorrect(bank, embedder, answer) -> None:
    item = next(i for i in bank if i.kind == "free" and i.question == "What is Tokenization?")
    got = grade_answer(item, answer, embedder.embed)
    assert got.verdict == "incorrect"
    assert got.score < 0.34


def test_list_item_partial_credit(bank, embedder) -> None:
    item = _item(bank, "list", "Pretraining; Fine-tuning; RLHF")
    assert (
        grade_answer(item, "pre-training, finetuning and RLHF", embedder.embed).verdict == "correct"
    )
    part = grade_answer(item, "pretraining and fine tuning", embedder.embed)
    assert part.verdict == "partly" and part.missing == ["RLHF"]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=st.text(max_size=300))
def test_grader_never_crashes(bank, embedder, answer) -> None:
    kinds = {}
    for item in bank:
        kinds.setdefault(item.kind, item)
    for item in kinds.values():
        got = grade_answer(item, answer, embedder.embed)
        assert 0.0 <= got.score <= 1.0
        assert got.verdict in ("correct", "partly", "incorrect")


def test_everyday_synonyms_count_as_the_reference_words(bank, embedder) -> None:
    """"people prefer" is "human preferences" in other words: a teacher gives full marks."""
    rlhf = _item(bank, "free", "Aligns model output with human preferences.")
    paraphrase = "it makes the model's outputs match what people prefer"
    said = grade_answer(rlhf, paraphrase, embedder.embed)
    assert said.verdict == "correct"
    other = grade_answer(rlhf, "it makes the model's outputs faster", embedder.embed)
    assert other.verdict != "correct"


def test_a_shared_word_does_not_name_a_list_member() -> None:
    """'models' belongs to both "Generative Models" and "Discriminative Models"."""
    from tutor.quiz.items import Item

    members = ["Generative Models", "Discriminative Models", "Latent Space", "Training Data"]
    item = Item("x", "c", "list", "Name the four.", [], "; ".join(members), members, "n", "s", "q")
    got = grade_answer(item, "generative models, latent space", lambda t: None)
    assert got.score == 0.5 and got.missing == ["Discriminative Models", "Training Data"]
    assert grade_answer(item, "discriminative ones, training data", lambda t: None).score == 0.5


def test_stems_come_from_snowball_and_synonyms_from_groups() -> None:
    from tutor.language import stem
    from tutor.quiz.textnorm import canon

    assert stem("preferences") == stem("prefer")
    assert canon("people") == canon("humans") and canon("several") == canon("multiple")
    assert canon("generator") != canon("discriminator")


def test_missing_names_only_what_was_missed_never_the_whole_key(bank, embedder) -> None:
    """A partly-right answer to a one-fact key gets no "Missing:" that repeats the key shown
    as the answer; with several facts, only those the answer left out are named."""
    diffusion = _item(bank, "free", "Generate images by gradually removing noise")
    assert len(diffusion.key_facts) == 1
    half = grade_answer(diffusion, "Generate images by", embedder.embed)
    assert half.verdict == "partly" and half.missing == []

    latent = _item(bank, "free", "A compressed representation of data where generative models "
                   "learn to map and generate new samples.")
    assert len(latent.key_facts) == 2
    part = grade_answer(latent, "it is compressed", embedder.embed)
    assert part.verdict == "partly"
    assert part.missing == [latent.key_facts[1]]  # the compressed part was said
    nothing = grade_answer(latent, "no idea", embedder.embed)
    assert nothing.missing == []  # all of it: the answer line already shows the key


def test_vague_answer_about_the_asked_thing_is_partly(bank, embedder) -> None:
    """Talking about the asked term in the right area, with none of the key's words, is "on
    the right track": partly, never correct, and its score sits in the partly band."""
    from tutor.quiz.grading import CORRECT_AT, PARTLY_AT

    item = next(i for i in bank if i.kind == "free" and i.question == "What is Tokenization?")
    for vague in (
        "tokenization is a step a language model needs before it can work with text",
        "tokenization is something done to text in NLP",
    ):
        got = grade_answer(item, vague, embedder.embed)
        assert got.verdict == "partly", vague
        assert PARTLY_AT <= got.score < CORRECT_AT


def test_on_topic_answer_that_describes_a_sibling_stays_incorrect(bank, embedder) -> None:
    """Naming the asked term is not enough when the rest fits a neighbouring item better."""
    disc = next(i for i in bank if i.kind == "free" and i.question == "What is Discriminator?")
    generator_job = "the discriminator creates new samples that look like the training data"
    assert grade_answer(disc, generator_job, embedder.embed).verdict == "incorrect"
    tok = next(i for i in bank if i.kind == "free" and i.question == "What is Tokenization?")
    attention_job = "tokenization is how the model pays attention to earlier words"
    assert grade_answer(tok, attention_job, embedder.embed).verdict == "incorrect"
    assert grade_answer(tok, "cooking pasta in salted water", embedder.embed).verdict == "incorrect"
