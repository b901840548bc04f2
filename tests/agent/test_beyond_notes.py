"""Answering beyond the notes (opt-in): the real graph with a scripted fake model. Off, a
question the notes don't cover gets the refusal only; on, the refusal and then the model's
own sentences, labelled and kept apart; a covered question is answered as always."""

from __future__ import annotations

from tests.agent.conftest import FakeChatModel
from tutor.agent import Answer, Notice, Token, Tutor
from tutor.agent.events import BEYOND_LABEL, BEYOND_NEEDS_MODEL
from tutor.agent.prompts import BEYOND_SYSTEM_PROMPT

UNCOVERED = "How does dropout help a GAN's discriminator?"
OWN_WORDS = ("Dropout switches off random units while training. \x1b[31mIt makes the "
             "network rely less on any single unit.\x07")
GROUNDED = ("A GAN has a generator and a discriminator that are trained adversarially. "
            "The generator creates synthetic samples that mimic the training data.")


def own_knowledge(messages) -> str:
    """The scripted model: its own words for the beyond prompt, the notes' for the other."""
    return OWN_WORDS if messages[0]["content"] == BEYOND_SYSTEM_PROMPT else GROUNDED


def run(tutor: Tutor, text: str, **kw) -> tuple[list, Answer]:
    events = list(tutor.respond(text, **kw))
    answers = [e for e in events if isinstance(e, Answer)]
    assert len(answers) == 1, events
    return events, answers[0]


def test_off_the_uncovered_question_gets_the_refusal_only(make_tutor) -> None:
    llm = FakeChatModel(own_knowledge)
    _, a = run(make_tutor(llm), UNCOVERED)
    assert "don't cover" in a.text and "“dropout”" in a.text and "closest they come" in a.text
    assert BEYOND_LABEL not in a.text and a.beyond == [] and not a.beyond_notes
    assert llm.prompts == []  # the model is never asked


def test_on_the_refusal_comes_first_then_labelled_sentences(make_tutor) -> None:
    llm = FakeChatModel(own_knowledge)
    events, a = run(make_tutor(llm), UNCOVERED, beyond_notes=True)
    refusal, _, block = a.text.partition("\n\n")
    assert "don't cover" in refusal and "“dropout”" in refusal and "closest they come" in refusal
    assert a.beyond == ["Dropout switches off random units while training.",
                        "It makes the network rely less on any single unit."]
    assert a.beyond_notes and a.as_json()["beyond_notes"] is True
    assert block == BEYOND_LABEL + "\n" + "\n".join(f"- {s}" for s in a.beyond)
    assert "\x1b" not in a.text and "\x07" not in a.text  # sanitised like any model text
    # every beyond sentence is marked as such, none as supported, none cited
    beyond = [s for s in a.sentences if s["source"] == "beyond_notes"]
    assert [s["text"] for s in beyond] == a.beyond
    assert not any(s["supported"] or s["cites"] for s in beyond)
    assert not a.grounded and a.unsupported == []  # not mixed into the checked part
    # one call, with no passages in its prompt; streamed after the refusal, under the label
    assert len(llm.prompts) == 1 and "<notes>" not in str(llm.prompts[0])
    assert UNCOVERED in llm.prompts[0][-1]["content"]
    streamed = "".join(e.text for e in events if isinstance(e, Token))
    assert streamed.index("don't cover") < streamed.index(BEYOND_LABEL) < streamed.index("Dropout")


def test_on_a_covered_question_is_answered_as_always(make_tutor) -> None:
    _, off = run(make_tutor(FakeChatModel(own_knowledge)), "What is a GAN?")
    llm = FakeChatModel(own_knowledge)
    _, on = run(make_tutor(llm), "What is a GAN?", beyond_notes=True)
    assert on.text == off.text and "generator" in on.text and on.grounded
    assert on.beyond == [] and BEYOND_LABEL not in on.text
    assert all(s["source"] == "notes" for s in on.sentences)
    assert len(llm.prompts) == 1 and "<notes>" in llm.prompts[0][-1]["content"]


def test_on_without_a_model_says_it_needs_one_and_the_refusal_stands(make_tutor) -> None:
    events, a = run(make_tutor(None), UNCOVERED, beyond_notes=True)
    assert [e.text for e in events if isinstance(e, Notice)] == [BEYOND_NEEDS_MODEL]
    assert "don't cover" in a.text and a.beyond == [] and BEYOND_LABEL not in a.text


def test_the_saved_turn_keeps_the_label(make_tutor) -> None:
    tutor = make_tutor(FakeChatModel(own_knowledge))
    run(tutor, UNCOVERED, session="beyond", beyond_notes=True)
    saved = tutor.history("beyond")[-1]
    assert saved["beyond_notes"] is True and BEYOND_LABEL in saved["content"]


def test_a_copied_refusal_is_not_shown_as_the_models_knowledge() -> None:
    """A small voice mimics the tutor's last refusal from the conversation; a sentence about
    the learner's notes is not knowledge of its own, so it is not listed beyond the notes."""
    from tutor.agent.beyond import beyond_sentences

    text = ("Your notes never say what, so I won't guess. Dropout switches off random units. "
            "The notes don't cover it either.")
    assert beyond_sentences(text) == ["Dropout switches off random units."]
