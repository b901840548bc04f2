"""A model server that dies mid-answer: a real llama.cpp server (xllamacpp, the bundled
SmolLM2 GGUF) in a child process, killed with SIGKILL after the first words have streamed.
The words so far are kept, checked and saved, and the answer is marked incomplete, in the
agent's Answer, in `ask --json`'s result and in `ask`'s text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tutor.agent import Answer, Token, Tutor
from tutor.agent.events import INCOMPLETE_NOTICE
from tutor.commands.answer import _print_sources, collect
from tutor.llm.base import GenerationParams
from tutor.llm.openai_chat import OpenAIChatModel
from tutor.llm.serving import ServerProcess, start_server
from tutor.llm.sources import bundled_gguf

pytest.importorskip("xllamacpp")
pytestmark = pytest.mark.real
QUESTION = "What is a GAN and how is it trained?"


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    # 400 tokens asked for, the kill after 4: it lands mid-answer at any decode speed.
    with start_server(bundled_gguf(), alias="smol", threads=2) as srv:
        yield srv


def test_an_answer_cut_off_by_a_killed_server_is_kept_marked_and_saved(
    server: ServerProcess, kb, embedder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    llm = OpenAIChatModel("smol", server.url, max_retries=0).connect()
    tutor = Tutor(knowledge=kb, embedder=embedder, llm=llm, sessions_db=tmp_path / "s.sqlite",
                  params=GenerationParams(max_new_tokens=400))
    streamed: list[str] = []
    seen: list[Any] = []

    def kill_after_four_tokens(events: Iterator[Any]) -> Iterator[Any]:
        for event in events:
            seen.append(event)
            if isinstance(event, Token):
                streamed.append(event.text)
                if len(streamed) == 4:
                    server.kill()
            yield event

    result, _ = collect(kill_after_four_tokens(tutor.respond(QUESTION, session="s1")),
                        QUESTION)
    assert server.proc.returncode == -9  # it really died mid-answer
    answer = next(e for e in seen if isinstance(e, Answer))
    assert answer.incomplete and answer.notice == INCOMPLETE_NOTICE
    assert result["incomplete"] is True and result["notice"] == INCOMPLETE_NOTICE
    # the words that came before the kill are kept in the draft
    assert "".join(streamed).strip()[:12] in answer.draft
    assert len(streamed) < 120  # cut off: far short of the 400 tokens asked for
    # the turn is in the session, marked
    history = tutor.history("s1")
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[-1]["incomplete"] is True and history[-1]["content"] == answer.text
    # and `ask` says so under the answer
    _print_sources({**result, "timings": {}})
    assert f"[incomplete] {INCOMPLETE_NOTICE}" in capsys.readouterr().out
    # a next turn against a server that is gone is a clear error, not a hang
    from tutor.errors import ModelError

    with pytest.raises(ModelError, match="Cannot reach"):
        list(tutor.respond("What is a discriminator?", session="s1"))


def test_a_whole_answer_is_not_marked(make_tutor: Any) -> None:
    from tests.agent.conftest import FakeChatModel

    tutor = make_tutor(FakeChatModel("A GAN has a generator and a discriminator [1]."))
    answer = next(e for e in tutor.respond(QUESTION, session="w") if isinstance(e, Answer))
    assert not answer.incomplete and answer.notice == ""
    assert "incomplete" not in tutor.history("w")[-1]
