"""The Runtime: loads the embedder, the notes index, the LLM, the agent and the quiz once.

Nothing loads at import or construction; `load()` does the work (call it from a worker
thread in the UI) and reports progress through a callback. Tests build their own Runtime.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import TutorError
from tutor.settings import Settings, ensure_offline

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.embedder import Embedder
    from tutor.agent import Tutor
    from tutor.agent.router import Router
    from tutor.demo_context import DemoPlan
    from tutor.llm.base import ChatModel
    from tutor.quiz import QuizService

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class Runtime:
    """Everything heavy the tutor needs, loaded once and passed in explicitly."""

    def __init__(
        self, settings: Settings, *, with_llm: bool = True, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings
        self.with_llm = with_llm
        self._lock = threading.RLock()
        self._embedder: Embedder | None = embedder  # tests share one loaded embedder
        self._knowledge: KnowledgeBase | None = None
        self._llm: ChatModel | None = None
        self._llm_loaded = False
        self.llm_error: TutorError | None = None  # why the model did not load (llm_optional)
        self._tutor: Tutor | None = None
        self._quiz: QuizService | None = None
        self._tokenizer: Any = None
        self._tokenizer_lock = threading.Lock()  # not _lock: reading it never waits for the LLM
        self.ready = threading.Event()

    def load(self, progress: Progress = _quiet, *, llm_optional: bool = False) -> Runtime:
        """Load every piece in order (embedder, index, LLM, agent, quiz).

        With `llm_optional` (the app), a model that fails to load leaves the tutor answering
        extractively, with the reason in `llm_error`, instead of failing the whole load."""
        if llm_optional:
            self.knowledge(progress)
            self._llm_or_extractive(progress)
        self.tutor(progress)
        self.quiz(progress)
        self.ready.set()
        return self

    def load_shared(self, progress: Progress = _quiet, *, llm_optional: bool = False) -> Runtime:
        """Load what a whole class shares (embedder, notes index, LLM), not the learner's own
        conversations and quiz: the app does this while a learner signs in."""
        self.knowledge(progress)
        if llm_optional:
            self._llm_or_extractive(progress)
        else:
            self.llm(progress)
        return self

    def _llm_or_extractive(self, progress: Progress) -> ChatModel | None:
        """The LLM, or None with `llm_error` set when it fails with a TutorError (a missing
        or broken model file, a bad --quant, a server that is down): the notes still answer."""
        try:
            return self.llm(progress)
        except TutorError as exc:
            log.warning("the language model did not load; answering extractively: %s", exc)
            with self._lock:
                self.llm_error = exc
                self.with_llm = False
                self._llm = None
                self._llm_loaded = True
            return None

    def embedder(self, progress: Progress = _quiet) -> Embedder:
        with self._lock:
            if self._embedder is None:
                ensure_offline()
                progress("Loading the embedding model (all-MiniLM-L6-v2)…")
                from knowledge.embedder import Embedder

                self._embedder = Embedder()
            return self._embedder

    def knowledge(self, progress: Progress = _quiet) -> KnowledgeBase:
        embedder = self.embedder(progress)
        with self._lock:
            if self._knowledge is None:
                from knowledge.base import KnowledgeBase

                self.settings.ensure_dirs()
                progress("Indexing the notes…")
                kb = KnowledgeBase.from_settings(self.settings, embedder)
                kb.sync(progress)
                self._knowledge = kb
            return self._knowledge

    def llm(self, progress: Progress = _quiet) -> ChatModel | None:
        with self._lock:
            if not self._llm_loaded:
                if self.with_llm:
                    from tutor.llm import load_chat_model

                    self.settings.ensure_dirs()
                    model, quant = self.settings.model, self.settings.quant
                    progress(f"Loading the language model ({model}, {quant})…")
                    self._llm = load_chat_model(self.settings, progress)
                self._llm_loaded = True
            return self._llm

    def llm_tokenizer(self) -> Any:
        """The configured model's tokenizer as a `tokenizers.Tokenizer`, read once: the
        loaded model's own when it has one, else from the model's files (no weights)."""
        with self._tokenizer_lock:
            if self._tokenizer is None:
                hf = getattr(self._llm, "tokenizer", None) if self._llm_loaded else None
                if hf is None:
                    from tutor.llm import load_tokenizer

                    hf = load_tokenizer(self.settings)
                self._tokenizer = hf.backend_tokenizer
            return self._tokenizer

    def demo_plan(self, name: str) -> DemoPlan:
        """Which model demo `name` reads and where it runs, from what is loaded now (never
        loads anything, never waits: the UI thread asks)."""
        from tutor.demo_context import plan_demo

        loaded = self._llm_loaded
        state = "loading" if self.with_llm and not loaded else ("loaded" if self._llm else "none")
        return plan_demo(name, self._llm if loaded else None, self._embedder, self.settings,
                         state, self.settings.learner_dir)  # type: ignore[arg-type]

    def tutor(self, progress: Progress = _quiet) -> Tutor:
        if self.settings.model.strip().startswith("openai:"):
            self.llm(progress)  # a remote model: a wrong address fails before the heavy loads
        knowledge = self.knowledge(progress)
        llm = self.llm(progress)
        with self._lock:
            if self._tutor is None:
                from tutor.agent import Tutor
                from tutor.llm.base import GenerationParams

                self._tutor = Tutor(
                    knowledge=knowledge,
                    embedder=self.embedder(),
                    llm=llm,
                    sessions_db=self.settings.sessions_db,
                    params=GenerationParams(max_new_tokens=self.settings.answer_tokens),
                    cache_dir=self.settings.index_dir,
                )
            return self._tutor

    def router(self, progress: Progress = _quiet) -> Router:
        """The tutor's router alone, for `route`: the embedder loads only when a message is
        not a slash command, and the notes index only when the router asks the notes
        (a message it would otherwise send to chat); no LLM, no sessions, no graph."""
        if self._tutor is not None:
            return self._tutor.router
        from tutor.agent.router import Router

        runtime = self

        class _Embedder:
            @property
            def name(self) -> str:  # the cache key, known without loading the model
                from knowledge.embedder import Embedder

                return str(getattr(runtime._embedder, "name", Embedder.name))

            def embed(self, texts: list[str]) -> Any:
                return runtime.embedder(progress).embed(texts)

        class _Notes:
            def retrieve(self, query: str, k: int = 5) -> Any:
                return runtime.knowledge(progress).retrieve(query, k)

        return Router(_Embedder(), knowledge=_Notes(), cache_dir=self.settings.index_dir)

    def add_notes(self, folder: Path, progress: Progress = _quiet) -> Any:
        """Index one more folder of notes; the quiz bank is rebuilt from them on next use.
        Returns the sync's report (what was skipped, and why)."""
        folder = Path(folder).expanduser().resolve()
        knowledge = self.knowledge(progress)
        with self._lock:
            if folder not in knowledge.notes_dirs:
                knowledge.notes_dirs.append(folder)
            if folder not in self.settings.notes_dirs:
                self.settings.notes_dirs.append(folder)
            report = knowledge.sync(progress)
            self._quiz = None
        return report

    def quiz(self, progress: Progress = _quiet) -> QuizService:
        knowledge = self.knowledge(progress)
        with self._lock:
            if self._quiz is None:
                from tutor.quiz import QuizService

                progress("Building the quiz bank…")
                self._quiz = QuizService(self.settings.quiz_db, knowledge.chunks, self.embedder())
            return self._quiz
