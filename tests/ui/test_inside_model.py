"""The app hands its own model to the demos that look inside one: a local transformers voice
is read in a thread here (and the learner picks tokens through the real router); a voice
behind an HTTP server is not, and the demo says so and loads SmolLM2-135M in its own
process. Plus the re-sampled answer shown beside the first."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from demos import registry
from tests.ui.conftest import SIZE, notices, rendered, send, tree_text, wait_until
from tests.ui.fakes import FakeRuntime, ScriptedTutor
from tutor.agent.events import Resampled, Route, Routed
from tutor.demo_context import ModelLoader, plan_demo
from tutor.ui.app import TutorApp

pytestmark = pytest.mark.anyio


def latest_step(app: Any) -> Any:
    return app.chat.demo.latest.get("next_token:")


@pytest.fixture(scope="module")
def transformers_runtime(session_home: Path, embedder: Any) -> Any:
    """A real runtime whose voice is a transformers model (the CPU default is llama.cpp,
    whose weights a demo cannot read): the bundled 135M in bf16."""
    from tutor.runtime import Runtime
    from tutor.settings import Settings

    settings = Settings(home=session_home, model="bundled", quant="bf16", device="cpu")
    return Runtime(settings, embedder=embedder).load()


@pytest.mark.real
async def test_sampling_reads_the_tutors_model_and_the_learner_picks(
    transformers_runtime: Any,
) -> None:
    real_runtime = transformers_runtime
    contexts: list[dict[str, Any]] = []

    def shared(name: str, args: Any = None, control: Any = None, context: Any = None) -> Any:
        contexts.append(dict(context or {}))
        return registry.start(name, args, control, context)

    def no_process(*_: Any, **__: Any) -> Any:
        raise AssertionError("a loaded model cannot go to another process")

    app = TutorApp(real_runtime.settings, real_runtime, demo_start=no_process,
                   shared_start=shared)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready, 120)
        await send(pilot, "/demo sampling --interactive true --steps 2 --text Hi --chat false")
        await wait_until(pilot, lambda: getattr(latest_step(app), "waiting", False), 120)
        assert contexts[0]["lm"].model is real_runtime.llm().model  # the tutor's own weights
        assert contexts[0]["embedder"] is real_runtime.embedder()
        assert "reads the tutor's own model" in notices(app)
        await pilot.pause(0.25)  # one redraw tick
        assert "Your pick: pick 1-8" in rendered(app.chat.query_one("#demo-inside"))
        offered = latest_step(app).candidates[1]
        await send(pilot, "pick 2")  # the real router: a pick for the running demo
        await wait_until(pilot, lambda: getattr(latest_step(app), "step", 0) == 2
                         and latest_step(app).waiting, 60)
        assert "You picked candidate 2" in "\n".join(app.chat.demo.logs)
        # it went on from the learner's token
        assert latest_step(app).context.strip() == offered.text.strip()
        await send(pilot, "auto")
        await wait_until(pilot, lambda: app.chat.demo.state in ("finished", "failed"), 60)
        assert app.chat.demo.state == "finished"
        final = app.chat.demo.latest["metrics:"]
        assert final.values["learner_picks"] == 1 and final.values["sampled_tokens"] == 2


class HttpVoiceRuntime(FakeRuntime):
    """A tutor whose voice is a model server: text comes back, weights never do."""

    def __init__(self, settings: Any) -> None:
        super().__init__()
        from tutor.llm.openai_chat import OpenAIChatModel

        self.voice = OpenAIChatModel("qwen2.5-0.5b", "http://127.0.0.1:9/v1")
        self.settings = settings

    def demo_plan(self, name: str) -> Any:
        return plan_demo(name, self.voice, None, self.settings)


async def test_an_http_voice_falls_back_to_the_small_model(settings: Any) -> None:
    started: list[tuple[str, Any]] = []

    def in_process(name: str, args: Any = None, control: Any = None, context: Any = None) -> Any:
        started.append((name, context))
        return iter(()), []

    app = TutorApp(settings, HttpVoiceRuntime(settings), demo_start=in_process)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/demo attention")
        await wait_until(pilot, lambda: app.chat.demo.state == "finished")
        await send(pilot, "/demo gan")
        await wait_until(pilot, lambda: app.demo_run == 2 and app.chat.demo.state == "finished")
        said = notices(app)
    # the small model, loaded in the demo's process with the tutor's settings
    loader = ModelLoader(settings, "smollm2-135m")
    assert started == [("attention", {"model": "smollm2-135m", "home": settings.home,
                                      "load_lm": loader}),
                       ("gan", None)]  # a demo that reads no model gets nothing new
    assert pickle.loads(pickle.dumps(loader)) == loader  # it crosses into that process
    assert "served over HTTP (http://127.0.0.1:9/v1)" in said
    assert "not the attention weights this demo reads" in said and "smollm2-135m in fp32" in said


def test_the_plan_for_each_kind_of_voice(settings: Any) -> None:
    own_copy = {"load_lm": ModelLoader(settings, "bundled")}  # loaded in its own process
    assert plan_demo("finetune", None, None, settings).context == own_copy
    loading = plan_demo("sampling", None, None, settings, "loading")
    assert not loading.shared and "still loading" in loading.notes[0]
    extractive = plan_demo("embeddings", None, None, settings, "none")
    assert extractive.context["model"] == "smollm2-135m" and "without a language model" in \
        extractive.notes[0]


class ResampleTutor(ScriptedTutor):
    def respond(self, message: str, **kw: Any) -> Any:
        if message.startswith("/resample"):
            yield Routed(Route("answer", "resample", {"temperature": 0.9, "top_p": 1.0}))
            yield Resampled("What is a GAN?", "Two networks [1].", {"temperature": 0.0,
                                                                   "top_p": 1.0},
                            "A generator and a critic [1].", {"temperature": 0.9, "top_p": 1.0})
            return
        yield from super().respond(message, **kw)


async def test_the_resampled_answer_is_shown_beside_the_first(make_app: Any) -> None:
    app = make_app(tutor=ResampleTutor())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/resample 0.9")
        await wait_until(pilot, lambda: bool(app.chat.query(".comparison")))
        text = tree_text(app.chat.query_one(".comparison"))
        assert "What is a GAN?: the same prompt, sampled again" in text
        assert "before (temperature 0: greedy)" in text and "Two networks [1]." in text
        assert "now (temperature 0.9, top-p 1)" in text and "a critic" in text
