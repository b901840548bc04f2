"""A message that asks a question and says more (a remark, a second question) is judged
relevant by each part too: the rest of the message must not hide a question the notes answer."""

from __future__ import annotations

import pytest

from tutor.language import question_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("whats a levain?? my friend keeps saying it and i just nod",
         ["whats a levain??", "my friend keeps saying it and i just nod"]),
        ("what does autolyse mean and why would I bother", ["what does autolyse mean",
                                                           "why would I bother"]),
        ("what is a levain", ["what is a levain"]),
        ("salt and water?", ["salt and water?"]),  # "and" between nouns joins no questions
    ],
)
def test_question_parts(text: str, parts: list[str]) -> None:
    assert question_parts(text) == parts


@pytest.mark.parametrize(
    "question",
    [
        "what's a latent space? my tutor mentions it every week and I pretend to follow",
        "what does the discriminator do and why does it matter so much",
        "what is RLHF and why do chatbots need it",
    ],
)
def test_a_question_with_more_said_is_still_covered(notes_kb, question: str) -> None:
    assert notes_kb.retrieve(question, k=3)[0].relevant


def test_a_remark_alone_is_not_covered(notes_kb) -> None:
    said = notes_kb.retrieve("my tutor was grumpy today. I just nod and smile at her", k=3)
    assert not any(p.relevant for p in said)


@pytest.mark.parametrize(
    "question",
    [
        # a name or date asked in one part is asked of the whole: the notes name no authors
        "which paper first described the GAN idea, and who wrote it?",
        "what was the very first diffusion paper called and who wrote it?",
    ],
)
def test_a_part_that_asks_a_name_or_date_of_the_other_stays_refused(notes_kb, question) -> None:
    assert not any(p.relevant for p in notes_kb.retrieve(question, k=3))
