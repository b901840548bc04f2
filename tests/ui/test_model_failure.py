"""A model that fails to load never leaves the app waiting: it says so, answers from the
notes, and a load that fails outright says questions cannot be answered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Markdown

from tests.ui.conftest import SIZE, notices, send, tree_text, wait_until
from tests.ui.fakes import FakeRuntime
from tutor.errors import KnowledgeError
from tutor.settings import Settings
from tutor.ui.widgets.chat_log import AnswerView

pytestmark = pytest.mark.anyio


@pytest.mark.real
async def test_a_missing_model_file_falls_back_to_the_notes_own_sentences(
        home_with_index: Path, embedder: Any) -> None:
    from tutor.runtime import Runtime
    from tutor.ui.app import TutorApp

    settings = Settings(home=home_with_index, model=str(home_with_index / "missing.gguf"),
                        quant="auto", device="cpu")
    runtime = Runtime(settings, embedder=embedder)  # the real one: llm() raises ModelError
    app = TutorApp(settings, runtime)
    async with app.run_test(size=SIZE) as pilot:
        await send(pilot, "What is a GAN?")  # typed while it loads
        await wait_until(pilot, lambda: app.ready, 120)
        assert "The language model failed to load: Model path not found" in notices(app)
        assert "extractive" in notices(app)
        assert app.chat.status.model == "no LLM (extractive answers)"
        await wait_until(pilot, lambda: not app.answering and len(app.chat.query(AnswerView)) == 1,
                         60)
        await send(pilot, "What does the discriminator do?")  # and one after
        await wait_until(pilot, lambda: not app.answering and len(app.chat.query(AnswerView)) == 2,
                         60)
        first, second = (tree_text(v.query_one(Markdown)) for v in app.chat.query(AnswerView))
        assert "GAN" in first or "Generative Adversarial" in first
        assert "discriminator" in second.lower()
        assert "still loading" in notices(app)  # only for the question typed during the load
        assert notices(app).count("still loading") == 1


class BrokenRuntime(FakeRuntime):
    def load(self, progress: Any, llm_optional: bool = False) -> FakeRuntime:
        raise KnowledgeError("The notes index cannot be read.", "Run genai-tutor doctor.")


async def test_a_failed_load_says_questions_cannot_be_answered(settings: Settings) -> None:
    from tutor.ui.app import TutorApp

    app = TutorApp(settings, BrokenRuntime())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.load_failed)
        await send(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: "cannot answer" in notices(app))
        assert "The notes index cannot be read." in notices(app)
        assert "still loading" not in notices(app)
        assert not app.pending
