"""What makes the voice's first token come sooner: the prompt's passage budget (which
sentences the voice reads, and that the check still reads the whole passages) and the
primed system prompt. Real MiniLM for the ranking, the real graph with a scripted model."""

from __future__ import annotations

import pytest

from knowledge.types import Passage
from tests.agent.conftest import FakeChatModel
from tutor.agent import Answer
from tutor.agent.excerpts import (
    PROMPT_CHARS,
    budget_passages,
    excerpt_text,
    pick_sentences,
    prompt_chars,
)
from tutor.agent.faithfulness import FaithfulnessChecker
from tutor.agent.prompts import format_passages, system_prompt
from tutor.errors import ModelError


def scored(*rows: tuple[int, str, float]) -> list[tuple[int, str, float]]:
    return list(rows)


def test_every_passage_keeps_its_best_sentence_even_over_budget() -> None:
    rows = scored(
        (0, "Alpha beta gamma delta.", 0.2),
        (0, "Epsilon zeta eta theta.", 0.9),
        (1, "Iota kappa lambda mu.", 0.1),
    )
    assert pick_sentences(rows, budget=5) == [(0, 1), (1, 2)]


def test_the_rest_fill_the_budget_best_first_in_reading_order() -> None:
    rows = scored(
        (0, "A fairly long opening sentence that is only a little relevant.", 0.3),
        (0, "The key sentence.", 0.9),
        (0, "A short useful one.", 0.6),
        (1, "The other passage's point.", 0.5),
    )
    best = len("The key sentence.") + 1 + len("The other passage's point.") + 1
    # room for the short useful sentence but not for the long opening one
    kept = pick_sentences(rows, budget=best + len("A short useful one.") + 1)
    assert kept == [(0, 1), (0, 2), (1, 3)]
    # with room for everything, everything stays, still in reading order
    assert pick_sentences(rows, budget=10_000) == [(0, 0), (0, 1), (0, 2), (1, 3)]


def test_a_skipped_sentence_leaves_a_gap_mark_between_its_neighbours() -> None:
    assert excerpt_text([(0, "One is here."), (1, "Two follows.")]) == "One is here. Two follows."
    text = excerpt_text([(0, "One is here."), (3, "Four is later.")])
    assert text.startswith("One is here.") and text.endswith("Four is later.")
    assert "…" in text


def test_budget_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_PROMPT_CHARS", "0")
    assert prompt_chars() == 0
    monkeypatch.setenv("TUTOR_PROMPT_CHARS", "lots")
    assert prompt_chars() == PROMPT_CHARS


DIFFUSION = Passage(
    "diffusion", "Forward process",
    "Diffusion models learn to reverse a gradual noising process. "
    "The forward process adds a little Gaussian noise to an image at every step. "
    "After enough steps the image is indistinguishable from pure noise. "
    "Many artists enjoy painting landscapes at sunset with warm colours. "
    "The reverse process is learned by a network that predicts the added noise.",
    0.9, True,
)
TOKENS = Passage(
    "tokens", "Tokenizers",
    "A tokenizer splits text into sub-word units. Byte-pair encoding merges frequent pairs of "
    "symbols into new tokens. The weather in the mountains changes quickly in spring.",
    0.5, True,
)


def test_budget_keeps_the_relevant_sentences_and_each_label(embedder) -> None:
    checker = FaithfulnessChecker(embedder)
    question = "How does the forward process of a diffusion model add noise?"
    out = budget_passages(question, [DIFFUSION, TOKENS], checker, budget=200)
    assert [(p.note, p.section, p.score) for p in out] == [
        ("diffusion", "Forward process", 0.9), ("tokens", "Tokenizers", 0.5)
    ]
    assert "adds a little Gaussian noise" in out[0].text
    assert "painting landscapes" not in out[0].text  # off the question: the first to go
    assert sum(len(p.text) for p in out) < sum(len(p.text) for p in [DIFFUSION, TOKENS])
    assert out[1].text  # the second passage still says something under its number
    # whole passages when they fit, or with a budget of 0
    assert budget_passages(question, [DIFFUSION, TOKENS], checker, budget=10_000) == [
        DIFFUSION, TOKENS
    ]
    assert budget_passages(question, [DIFFUSION, TOKENS], checker, budget=0) == [
        DIFFUSION, TOKENS
    ]
    assert "[2] tokens › Tokenizers" in format_passages(out)


def test_a_passage_is_labelled_with_its_note_and_own_heading_in_plain_text() -> None:
    nested = Passage(
        "gans", "Types of GANs › **d. StyleGAN** 🎨", "- **Mixes** styles 🎨", 0.9, True
    )
    prompt = format_passages([nested])
    assert "[1] gans › d. StyleGAN\n- Mixes styles" in prompt
    assert "Types of GANs" not in prompt and "**" not in prompt and "🎨" not in prompt


def answer_of(events: list) -> Answer:
    answers = [e for e in events if isinstance(e, Answer)]
    assert len(answers) == 1, events
    return answers[0]


WHAT_IS_A_GAN = [
    "A generative adversarial network has two networks, a generator and a discriminator.",
    "The generator creates synthetic samples that mimic the training data.",
    "The discriminator judges whether a sample is real or fake.",
    "They are trained adversarially, each improving against the other.",
]


def test_the_model_reads_excerpts_but_the_check_reads_whole_passages(
    make_tutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unseen(messages: list) -> str:
        """An answer made of the note's sentences that the prompt left out."""
        prompt = " ".join(messages[-1]["content"].split())
        return " ".join(s[:-1] + " [1]." for s in WHAT_IS_A_GAN if s not in prompt)

    monkeypatch.setenv("TUTOR_PROMPT_CHARS", "60")
    llm = FakeChatModel(unseen)
    a = answer_of(list(make_tutor(llm).respond("What does the discriminator do in a GAN?")))
    assert "[1] gans › What is a GAN?" in llm.prompts[0][-1]["content"]
    assert a.draft.strip()  # the budget left some of the section out of the prompt
    # ... and the check, reading the whole passage, still finds those sentences in the notes
    assert a.unsupported == [] and "⟦not in your notes" not in a.text

    monkeypatch.setenv("TUTOR_PROMPT_CHARS", "0")
    llm = FakeChatModel(unseen)
    list(make_tutor(llm).respond("What does the discriminator do in a GAN?"))
    prompt = " ".join(llm.prompts[0][-1]["content"].split())
    assert all(s in prompt for s in WHAT_IS_A_GAN)


class PrimedFake(FakeChatModel):
    """The scripted model, plus the prompt-cache priming a llama.cpp model offers."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__("The discriminator judges whether a sample is real or fake [1].")
        self.primed: list[list] = []
        self.fail = fail

    def prime(self, messages: list) -> None:
        self.primed.append(messages)
        if self.fail:
            raise ModelError("llama.cpp failed: out of memory", "Try a smaller model.")


def test_the_tutor_primes_the_voice_with_the_answer_system_prompt(make_tutor) -> None:
    llm = PrimedFake()
    tutor = make_tutor(llm)
    assert llm.primed == [[{"role": "system", "content": system_prompt()}]]
    list(tutor.respond("What does the discriminator do in a GAN?"))
    assert llm.prompts[0][0] == llm.primed[0][0]  # the answer prompt starts with that prefix


def test_a_failed_priming_leaves_the_tutor_answering(make_tutor) -> None:
    llm = PrimedFake(fail=True)
    a = answer_of(list(make_tutor(llm).respond("What does the discriminator do in a GAN?")))
    assert llm.primed and "judges whether a sample is real or fake" in a.text
