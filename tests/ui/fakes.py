"""A scripted runtime for fast UI tests: the agent's real event types, canned content.

The scripted tutor yields the same events the real agent does (tutor.agent.events), so
the app code under test is the same; only the words are fixed, which keeps snapshots
deterministic.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from demos.control import change_lr
from demos.frames import Heatmap, ImageGrid, Log, Merge, Metrics, Points, Scalars, Token, TokenSpans
from knowledge.types import Passage
from tutor.agent.beyond import with_beyond
from tutor.agent.events import (
    INCOMPLETE_NOTICE,
    Answer,
    Citation,
    DemoControl,
    DemoRequest,
    Notice,
    QuizRequest,
    Quote,
    Retrieved,
    Route,
    Routed,
)
from tutor.agent.events import Token as TokenEvent

PASSAGES = [
    Passage("generative-ai-models-explained", "GANs", "A GAN pits a generator against a "
            "discriminator: the generator makes samples, the discriminator tells real from fake.",
            0.9, True),
    Passage("intro-to-generative-ai", "Mode collapse", "Mode collapse: the generator produces "
            "only a few kinds of sample.", 0.7, True),
]
BEYOND_WORDS = ["Dropout switches off random units while a network trains.",
                "That keeps the network from leaning on any one unit."]
ANSWER = ("A GAN trains two networks against each other [1]. The generator makes samples and "
          "the discriminator judges them [1]. ⟦not in your notes: GANs were invented on the moon.⟧")


class ScriptedTutor:
    """Answers every question with the same cited answer, streamed word by word."""

    def __init__(self, delay: float = 0.0, answer: str = ANSWER, incomplete: bool = False,
                 unsupported: tuple[str, ...] = ("GANs were invented on the moon.",),
                 quote: str = PASSAGES[0].text) -> None:
        self.delay = delay
        self.answer = answer
        self.unsupported = list(unsupported)  # what the check found the notes do not back
        self.quote = quote  # the quoted excerpt shown under the answer
        self.incomplete = incomplete  # answer as the agent does when the model server died
        self.asked: list[tuple[str, str, str | None]] = []
        self.beyond_asked: list[bool] = []  # the /beyond setting each question came with
        self._sessions: dict[str, list[dict[str, str]]] = {"default": []}

    def respond(self, message: str, *, session: str = "default", demo_running: str | None = None,
                cancel: threading.Event | None = None,
                beyond_notes: bool = False) -> Iterator[Any]:
        self.asked.append((message, session, demo_running))
        self.beyond_asked.append(beyond_notes)
        history = self._sessions.setdefault(session, [])
        history.append({"role": "user", "content": message})
        low = message.lower()
        if low in ("train more", "/demo more"):
            yield DemoControl("more", {}, "Asked the last demo to train more.")
            return
        if low.startswith("/demo"):
            parts = message.split()
            args: dict[str, Any] = {}
            for i, part in enumerate(parts):
                if part == "--steps":
                    args["steps"] = int(parts[i + 1])
            yield Routed(Route("demo", parts[1], args))
            yield DemoRequest(parts[1], args, [])
            return
        if low in ("pause", "resume", "stop", "halve the learning rate"):
            action = "set" if low.startswith("halve") else low
            changes = {"lr_scale": 0.5} if action == "set" else {}
            yield DemoControl(action, changes, f"Done: **{low}** (demo {demo_running}).")
            return
        if low.startswith("quiz me"):
            yield QuizRequest("gan")
            return
        if low == "hello":
            yield Notice("Hello! Ask me about generative AI.")
            return
        yield Routed(Route("answer"))
        yield Retrieved(PASSAGES)
        if low.startswith("what is dropout"):  # the notes don't cover it: a refusal, no model
            refusal = ("Your notes don't cover this: they never mention “dropout”, so I won't "
                       "guess. The closest they come is generative-ai-models-explained › GANs.")
            answer = Answer(refusal, [Citation(1, "generative-ai-models-explained", "GANs")], [],
                            [], {}, False)
            yield TokenEvent(refusal)
            if beyond_notes:  # the model's own words, labelled by the agent's own code
                answer = with_beyond(answer, BEYOND_WORDS, " ".join(BEYOND_WORDS))
                yield TokenEvent(answer.text.removeprefix(refusal))
            history.append({"role": "assistant", "content": answer.text})
            yield answer
            return
        words = self.answer.split(" ")
        for i, word in enumerate(words):
            if cancel is not None and cancel.is_set():
                return
            if self.delay:
                time.sleep(self.delay)
            yield TokenEvent(word + (" " if i < len(words) - 1 else ""))
        history.append({"role": "assistant", "content": self.answer,
                        **({"incomplete": True} if self.incomplete else {})})
        yield Answer(self.answer,
                     [Citation(1, "generative-ai-models-explained", "GANs")],
                     [Quote("generative-ai-models-explained", "GANs", self.quote)],
                     self.unsupported,
                     {"decode_tok_s": 42.0}, True, incomplete=self.incomplete,
                     notice=INCOMPLETE_NOTICE if self.incomplete else "")

    def sessions(self) -> list[str]:
        return list(self._sessions)

    def rename_session(self, old: str, new: str) -> None:
        self._sessions[new] = self._sessions.pop(old)

    def delete_session(self, name: str) -> None:
        self._sessions.pop(name, None)

    def history(self, session: str) -> list[dict[str, str]]:
        return list(self._sessions.get(session, []))


class FakeKnowledge:
    notes_dirs: list[Any] = []

    def section_text(self, note: str, section: str) -> str:
        return f"WHOLE SECTION of {note} › {section}"

    def sync(self, progress: Any = None) -> None:
        pass


class FakeRuntime:
    """Loads instantly (or after `load_delay`, or once `hold` is set), hands out the scripted
    pieces."""

    def __init__(self, tutor: ScriptedTutor | None = None, quiz: Any = None,
                 load_delay: float = 0.0, hold: threading.Event | None = None) -> None:
        self._tutor = tutor or ScriptedTutor()
        self._quiz = quiz
        self.load_delay = load_delay
        self.hold = hold
        self.with_llm = False
        self.ready = threading.Event()

    def load_shared(self, progress: Any, llm_optional: bool = False) -> FakeRuntime:
        """What a class shares (genai-tutor web): loaded while the learner signs in."""
        progress("Loading the shared parts…")
        self.shared_loaded = True
        return self

    def load(self, progress: Any, llm_optional: bool = False) -> FakeRuntime:
        progress("Loading the scripted tutor…")
        time.sleep(self.load_delay)
        if self.hold is not None:
            self.hold.wait(timeout=60)
        self.ready.set()
        return self

    def tutor(self) -> ScriptedTutor:
        return self._tutor

    def quiz(self) -> Any:
        return self._quiz

    def knowledge(self) -> FakeKnowledge:
        return FakeKnowledge()

    def add_notes(self, folder: Any, progress: Any = None) -> None:
        self.added_notes = [*getattr(self, "added_notes", []), folder]

    def llm(self) -> None:
        return None


def scripted_frames(steps: int = 60, every: int = 20) -> Iterator[Any]:
    """Every frame kind the demos yield, deterministically."""
    yield Log("Training a gan on the ring (8 Gaussians).")
    for step in range(1, steps + 1):
        yield Scalars(step, {"d_loss": 1.0 / step, "g_loss": 0.5 + 0.1 * (step % 3)})
        if step % every == 0:
            ring = [(float(i % 4) - 1.5, float(i // 4) - 0.5) for i in range(8)]
            yield Points(step, {"real": ring, "fake": [(x * 0.5, y * 0.5) for x, y in ring]})
            yield Heatmap(step, [[(x + y) / 14 for x in range(8)] for y in range(8)],
                          (-2.0, 2.0), (-2.0, 2.0), "P(real)")
            yield Metrics(step, {"modes": 8, "high_quality": 0.93})
    yield ImageGrid(steps, [[[((x + y + k) % 8) / 7 for x in range(8)] for y in range(8)]
                            for k in range(4)], 4, "samples", ["0", "1", "2", "3"])
    yield TokenSpans("byte-level BPE", [Token("Hello", 1, 5), Token(" world", 2, 6),
                                        Token("\n", 3, 1)])
    yield Merge(steps, ("t", "h"), "th", 12, 300)
    yield Metrics(steps, {"modes": 8, "high_quality": 0.95}, final=True)


def scripted_start(delay: float = 0.0, steps: int = 60) -> Any:
    """A stand-in for demos.registry.start that yields scripted frames, and acknowledges
    each steering change with a Log line as the real demos do."""
    def start(name: str, args: Any = None, control: Any = None) -> tuple[Iterator[Any], list[str]]:
        n = int((args or {}).get("steps", steps))

        def frames() -> Iterator[Any]:
            lr = 0.005
            for frame in scripted_frames(n):
                if control is not None:
                    for key, value in control.checkpoint():
                        lr, note = change_lr(lr, key, value)
                        yield Log(note)
                    if control.stopped:
                        return
                if delay:
                    time.sleep(delay)
                yield frame
        return frames(), []
    return start


class FakeQuiz:
    """Two items (one multiple choice, one free text) graded by exact match."""

    def __init__(self) -> None:
        from tutor.quiz.items import ConceptProgress, Grade, Item

        self._grade_cls, self._progress_cls = Grade, ConceptProgress
        self.items = [
            Item("q1", "gan", "mcq", "What does the discriminator do?",
                 ["Tells real from fake", "Makes samples"], "Tells real from fake",
                 ["real from fake"], "generative-ai-models-explained", "GANs", PASSAGES[0].text),
            Item("q2", "vae", "free", "What does a VAE learn?", [], "a latent space",
                 ["latent space"], "intro-to-generative-ai", "VAEs",
                 "A VAE learns a latent space."),
        ]
        self.graded: list[tuple[str, str]] = []
        self.disputed: list[int] = []
        # the thread each call ran on: SQLite work must stay off the UI (main) thread
        self.threads: dict[str, set[int]] = {}

    def _called(self, name: str) -> None:
        self.threads.setdefault(name, set()).add(threading.get_ident())

    def next_items(self, topic: str | None = None, n: int = 5) -> list[Any]:
        self._called("next_items")
        return self.items[:n]

    def grade(self, item_id: str, answer: str) -> Any:
        self._called("grade")
        self.graded.append((item_id, answer))
        item = next(i for i in self.items if i.id == item_id)
        ok = answer.strip().lower() == item.answer.lower()
        return self._grade_cls("correct" if ok else "incorrect", 1.0 if ok else 0.0,
                               [] if ok else list(item.key_facts), item.quote, item.source,
                               len(self.graded), item.answer)

    def dispute(self, review_id: int) -> Any:
        self._called("dispute")
        self.disputed.append(review_id)

    def progress(self) -> list[Any]:
        self._called("progress")
        models = "generative-ai-models-explained"
        return [self._progress_cls("gan", 0.2, 3, 1, True, "gan", [models]),
                self._progress_cls("vae", 0.9, 5, 0, False, "vae", ["intro-to-generative-ai"])]

    def concepts(self) -> list[str]:
        return ["gan", "vae"]
