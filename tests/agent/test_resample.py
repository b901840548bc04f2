"""Re-sampling the last answer through the real graph (real MiniLM, Chroma, SQLite): the same
prompt goes to the model again with the new settings, the new answer is checked like any
other, and both come back to the caller."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from tests.agent.conftest import FakeChatModel
from tutor.agent import Answer, Notice, Resampled, Routed, Token
from tutor.agent.resample import NO_MODEL, NOTHING_YET
from tutor.llm.base import ChatMessage, GenerationParams

GREEDY = "A GAN has a generator and a discriminator that are trained adversarially."
HOT = "The generator creates synthetic samples that mimic the training data."


class TemperatureModel(FakeChatModel):
    """Answers one way greedily and another when sampled; records every call's settings."""

    def __init__(self) -> None:
        super().__init__(lambda _: GREEDY)
        self.params: list[GenerationParams] = []

    def stream(self, messages: list[ChatMessage], params: GenerationParams = GenerationParams(),  # noqa: B008
               cancel: threading.Event | None = None) -> Iterator[str]:
        self.params.append(params)
        self.reply = (lambda _: HOT) if params.temperature > 0 else (lambda _: GREEDY)
        return super().stream(messages, params, cancel)


def run(tutor, text: str) -> list:
    return list(tutor.respond(text))


def only(events: list, kind: type):
    found = [e for e in events if isinstance(e, kind)]
    assert len(found) == 1, events
    return found[0]


def test_resample_runs_the_same_prompt_at_the_new_temperature(make_tutor) -> None:
    llm = TemperatureModel()
    tutor = make_tutor(llm)
    first = only(run(tutor, "What is a GAN?"), Answer)
    assert "discriminator" in first.text
    events = run(tutor, "/resample 0.9")
    assert only(events, Routed).route.as_json() == {
        "intent": "answer", "tool": "resample", "args": {"temperature": 0.9, "top_p": 1.0}}
    assert llm.prompts[1] == llm.prompts[0]  # the same notes, history and question
    assert llm.params[0].temperature == 0.0 and llm.params[1].temperature == 0.9
    assert any(isinstance(e, Token) for e in events)  # streamed like any answer
    again, both = only(events, Answer), only(events, Resampled)
    assert "synthetic samples" in again.text and again.citations  # checked against the notes
    assert both.question == "What is a GAN?"
    assert both.before == first.text and both.after == again.text
    assert both.before_settings == {"temperature": 0.0, "top_p": 1.0}
    assert both.settings == {"temperature": 0.9, "top_p": 1.0}
    # Plain words reach it too, and the comparison is still with the first answer.
    words = run(tutor, "answer that again at temperature 1.3")
    assert llm.params[2].temperature == 1.3 and llm.prompts[2] == llm.prompts[0]
    assert only(words, Resampled).before == first.text
    # A question about temperature is answered, not re-sampled.
    asked = run(tutor, "what would your answer look like at temperature 2?")
    assert only(asked, Routed).route.tool is None and len(llm.params) == 4


def test_nothing_to_resample_is_said_plainly(make_tutor) -> None:
    assert only(run(make_tutor(TemperatureModel()), "/resample 0.9"), Notice).text == NOTHING_YET
    tutor = make_tutor(None)  # extractive: the same sentences every time
    run(tutor, "What is a GAN?")
    events = run(tutor, "say it again with a temperature of 1.3")
    assert only(events, Notice).text == NO_MODEL and not any(isinstance(e, Answer)
                                                            for e in events)

