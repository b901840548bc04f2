"""The voice's second opinion on its own sentences: the reply parser, and the real graph
(scripted fake model) taking support away only on a plain "no" (TUTOR_VERIFY=1: off by
default, see tutor/agent/context.py), and leaving answers alone when it is off."""

from __future__ import annotations

from tests.agent.conftest import FakeChatModel
from tutor.agent import Answer
from tutor.agent.verify import INSTRUCTION, parse_reply


def test_parse_reply_reads_numbered_and_bare_verdicts() -> None:
    assert parse_reply("1: yes\n2: no\n3. Yes", 3) == [True, False, True]
    assert parse_reply("2) no", 3) == [None, False, None]
    assert parse_reply("yes\nno", 2) == [True, False]
    # Prose is not a verdict, even when it holds the words.
    assert parse_reply("No, I think the answer is fine. yes", 2) == [None, None]
    assert parse_reply("", 1) == [None]


def _verdicts(checked: str, answer: str):
    """A fake voice that answers, then checks its answer with the scripted `checked` reply."""
    return lambda messages: checked if INSTRUCTION in messages[-1]["content"] else answer


def test_a_no_from_the_voice_marks_a_sentence_the_word_check_let_through(
    make_tutor, monkeypatch
) -> None:
    monkeypatch.setenv("TUTOR_VERIFY", "1")
    swapped = "The discriminator creates synthetic samples that mimic the training data."
    answer = "The discriminator judges whether a sample is real or fake. " + swapped
    llm = FakeChatModel(_verdicts("1: yes\n2: no", answer))
    events = list(make_tutor(llm).respond("What does the discriminator do in a GAN?"))
    a = next(e for e in events if isinstance(e, Answer))
    assert [s["supported"] for s in a.sentences] == [True, False]
    assert f"⟦not in your notes: {swapped}⟧" in a.text
    check = llm.prompts[-1]
    assert check[-2] == {"role": "assistant", "content": a.draft}  # its own draft, then the check
    assert "2. " + swapped in check[-1]["content"]


def test_an_unreadable_check_changes_nothing_and_a_yes_never_adds_support(
    make_tutor, monkeypatch
) -> None:
    monkeypatch.setenv("TUTOR_VERIFY", "1")
    invented = "GANs were invented by Marie Curie in 1850 to predict the weather."
    answer = "The discriminator judges whether a sample is real or fake. " + invented
    for reply in ("I am not sure.", "1: yes\n2: yes"):
        llm = FakeChatModel(_verdicts(reply, answer))
        events = list(make_tutor(llm).respond("What does the discriminator do in a GAN?"))
        a = next(e for e in events if isinstance(e, Answer))
        assert [s["supported"] for s in a.sentences] == [True, False]


def test_off_by_default_the_voice_is_asked_once(make_tutor) -> None:
    one = "The discriminator judges whether a sample is real or fake."
    llm = FakeChatModel(_verdicts("1: no", one))
    events = list(make_tutor(llm).respond("What does the discriminator do in a GAN?"))
    a = next(e for e in events if isinstance(e, Answer))
    assert len(llm.prompts) == 1 and [s["supported"] for s in a.sentences] == [True]
