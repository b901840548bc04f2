"""The genai-tutor terminal app: chat beside a live demo, sources, quiz, sessions.

Interactive at once: the runtime (embedder, index, LLM, agent, quiz) loads in a thread
worker while the prompt already takes questions, which wait in a queue until it is ready.
Workers only post typed messages (tutor.ui.messages); every widget change happens here,
on the UI thread. Nothing here imports torch, transformers or chromadb.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from demos import registry
from demos.control import Control
from demos.registry import DEMOS
from tutor.demo_process import start_in_process
from tutor.errors import InputError, TutorError
from tutor.runtime import Runtime
from tutor.settings import Settings
from tutor.text import clean_message
from tutor.ui import commands, workers
from tutor.ui.demo_host import DemoHost
from tutor.ui.messages import (
    AgentEventPosted,
    AnswerEnded,
    Failed,
    Loaded,
    LoadProgress,
    NotesSynced,
    Tokens,
)
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.widgets.chat_log import AnswerView

log = logging.getLogger(__name__)
RuntimeFactory = Callable[[Settings], Any]


class TutorApp(DemoHost, App[int]):
    """The tutor. Pass a `runtime` (loaded or not) or a `runtime_factory` to test it.
    With `classroom`, one learner of a class signs in first (genai-tutor web)."""

    CSS_PATH = "tutor.tcss"
    TITLE = "genai-tutor"
    BINDINGS = [
        Binding("escape", "cancel", "Stop"),
        Binding("f1", "help", "Help"),
        Binding("f2", "quiz", "Quiz"),
        Binding("f3", "sessions", "Sessions"),
        Binding("f4", "toggle_side", "Demo/Sources"),
        Binding("ctrl+l", "clear", "Clear", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, settings: Settings | None = None, runtime: Any = None, *,
                 runtime_factory: RuntimeFactory | None = None,
                 demo_start: workers.Starter | None = None,
                 shared_start: workers.Starter | None = None, classroom: bool = False) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.classroom = classroom
        # Set once the learner has signed in; the learner's own files load only after it.
        self.signed_in: threading.Event | None = threading.Event() if classroom else None
        factory = runtime_factory or (lambda s: Runtime(s))
        self.runtime = runtime if runtime is not None else factory(self.settings)
        # Demos run in their own process unless a test injects an in-thread starter.
        self.demo_start = demo_start or partial(start_in_process,
                                                log_path=str(self.settings.log_file))
        # A demo that reads the tutor's own loaded model runs in a thread here (see
        # tutor/demo_context.py); registry.start imports the demo (and torch) only then.
        self.shared_start = shared_start or registry.start
        self.session = self.settings.session
        # /beyond on|off: for this run of the app, whichever session is open (sessions keep
        # conversations, not settings); starts as `--beyond-notes` says.
        self.beyond_notes = self.settings.beyond_notes
        self.ready = False
        self.load_failed = False  # then nothing can answer: say so, do not queue
        self.pending: deque[str] = deque(maxlen=20)
        self.answer_id = 0
        self.answering = False
        self.cancel_event = threading.Event()
        self.answer_view: AnswerView | None = None
        self.demo_control: Control | None = None
        self.demo_name: str | None = None
        self.demo_run = 0
        self.demo_args: dict[str, Any] = {}
        self.demo_metrics = None
        self.demo_acks = 0
        self.demo_offer = None
        self.demo_shown = False

    # ----- layout and start-up -------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        return ChatScreen(lookup=self._section_text)

    @property
    def chat(self) -> ChatScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ChatScreen)
        return screen

    def on_ready(self) -> None:
        """The first screen is up: show the settings and start loading in the background."""
        status = self.chat.status
        status.model, status.quant, status.device = (self.settings.model, self.settings.quant,
                                                     self.settings.device)
        if self.classroom:
            from tutor.ui.screens.learner import LearnerScreen

            self.push_screen(LearnerScreen(self.settings.home), self._signed_in)
        if getattr(self.runtime, "ready", threading.Event()).is_set():
            self.post_message(Loaded())
        else:
            status.activity = "loading…"
            self.load_worker()

    def _signed_in(self, signed: Any) -> None:
        """The learner is known: their conversations and quiz progress are theirs alone."""
        # The runtime holds this same Settings object: what it opens next is the learner's.
        self.settings.learner = signed.name
        self.sub_title = signed.name
        self.chat.status.model = f"{signed.name} · {self.chat.status.model}"
        assert self.signed_in is not None
        self.signed_in.set()
        greeting = "Welcome" if signed.new else "Welcome back"
        self.run_worker(self.chat.log_view.add_notice(f"{greeting}, {signed.name}.", "muted"))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_worker(self) -> None:
        worker = get_current_worker()
        workers.load_runtime(self.runtime, self.post_safely, lambda: worker.is_cancelled,
                             self.signed_in)

    def on_load_progress(self, message: LoadProgress) -> None:
        if self.screen_stack:  # progress may still arrive while the app shuts down
            self.chat.status.activity = message.text

    async def on_loaded(self, _: Loaded) -> None:
        self.ready = True
        status = self.chat.status
        status.activity = ""
        llm = self._try(lambda: self.runtime.llm())
        if llm is not None:
            status.model = getattr(llm, "name", status.model)
            if self.settings.learner:
                status.model = f"{self.settings.learner} · {status.model}"
            status.quant = getattr(llm, "quant", status.quant)
            status.device = getattr(llm, "device", status.device)
        elif not getattr(self.runtime, "with_llm", True):
            status.model = "no LLM (extractive answers)"
        failed = getattr(self.runtime, "llm_error", None)
        if failed is not None:
            await self.chat.log_view.add_notice(
                f"The language model failed to load: {failed.message} Answers are extractive "
                "for now: the notes' own sentences, cited.", "error", failed.hint)
        try:
            await commands.show_history(self)
        except TutorError as exc:
            await self.chat.log_view.add_notice(exc.message, "error", exc.hint)
        except Exception as exc:  # noqa: BLE001 - the conversation goes on without it
            log.exception("showing the session's history failed")
            await self.chat.log_view.add_notice(f"Could not show the earlier conversation: "
                                                f"{exc}", "error", workers.BUG_HINT)
        await self._next_pending()

    # ----- the prompt ----------------------------------------------------------------
    def submit(self, raw: str) -> None:
        """Handle one line from the prompt: a UI command, or a message for the agent."""
        self.run_worker(self._submit(raw), group="submit", exit_on_error=False)

    async def _submit(self, raw: str) -> None:
        log_view = self.chat.log_view
        try:
            text = clean_message(raw)
        except InputError as exc:
            await log_view.add_notice(exc.message, "error", exc.hint)
            return
        head, _, arg = text.partition(" ")
        handler = commands.LOCAL.get(head.lower())
        if handler is not None:
            try:
                await handler(self, arg.strip())
            except TutorError as exc:
                await log_view.add_notice(exc.message, "error", exc.hint)
            except Exception as exc:  # noqa: BLE001 - a bug: log it, keep the app up
                log.exception("command %s failed", head)
                await log_view.add_notice(f"{head} failed: {exc}", "error", workers.BUG_HINT)
            return
        await log_view.add_user(text)
        if self.load_failed:
            await log_view.add_notice("The tutor could not load (see the message above), so it "
                                      "cannot answer.", "error",
                                      "Fix what it names and start the tutor again.")
            return
        if not self.ready or self.answering:
            self.pending.append(text)
            if not self.ready:
                await log_view.add_notice("The tutor is still loading; this runs as soon as "
                                          "it is ready.", "muted")
            return
        self._ask(text)

    def _ask(self, text: str) -> None:
        self.answer_id += 1
        self.answering = True
        self.answer_view = None
        self.cancel_event = threading.Event()
        self.answer_worker(text, self.answer_id, self.cancel_event, self.session,
                           self.beyond_notes)

    async def _next_pending(self) -> None:
        if self.ready and not self.answering and self.pending:
            self._ask(self.pending.popleft())

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def answer_worker(self, text: str, answer_id: int, cancel: threading.Event,
                      session: str, beyond_notes: bool = False) -> None:
        worker = get_current_worker()
        # a demo that has finished still takes changes ("now do the spiral", "next head"):
        # the router reads them as orders to it, and the host starts it again with them
        running = self.demo_name if self.demo_control is not None or self.demo_shown else None

        def body() -> None:
            workers.stream_answer(self.runtime.tutor(), text, answer_id=answer_id,
                                  session=session, demo_running=running, cancel=cancel,
                                  post=self.post_safely, cancelled=lambda: worker.is_cancelled,
                                  beyond_notes=beyond_notes)

        workers.in_daemon(body, lambda: worker.is_cancelled, cancel.set, "tutor-answer")

    async def _view(self) -> AnswerView:
        if self.answer_view is None:
            self.answer_view = await self.chat.log_view.add_answer()
        return self.answer_view

    async def on_tokens(self, message: Tokens) -> None:
        if message.answer_id == self.answer_id and not self.cancel_event.is_set():
            await (await self._view()).add_tokens(message.text)
            self.chat.log_view.follow()

    async def on_agent_event_posted(self, message: AgentEventPosted) -> None:
        if message.answer_id != self.answer_id:
            return
        try:
            await self._apply_event(message.event)
        except Exception as exc:  # noqa: BLE001 - a bug: log it, keep the app up
            log.exception("showing %r failed", message.event)
            await self.chat.log_view.add_notice(f"Could not show that: {exc}", "error",
                                                workers.BUG_HINT)

    async def _apply_event(self, event: Any) -> None:
        kind = type(event).__name__
        log_view = self.chat.log_view
        if kind == "Retrieved":
            self.chat.sources.show(event.passages)
            if self.demo_control is None:
                self.chat.show_tab("tab-sources")
        elif kind == "Answer":
            # decided before: showing the checked answer and its sources grows the log
            # first, and then the view no longer seems to be at the end
            was_at_end = log_view.at_end()
            await (await self._view()).finish(event)
            log_view.follow(was_at_end)
        elif kind == "DemoRequest":
            for note in event.notes:
                await log_view.add_notice(note, "muted")
            await self.start_demo(event.name, dict(event.args))
        elif kind == "DemoControl":
            await self.steer(event.action, dict(event.changes), event.explanation)
        elif kind == "QuizRequest":
            await commands.open_quiz(self, event.topic)
        elif kind == "Notice":
            await log_view.add_notice(event.text)
        elif kind == "Resampled":
            await log_view.add_comparison(
                f"{event.question}: the same prompt, sampled again",
                [(f"before ({_settings(event.before_settings)})", event.before),
                 (f"now ({_settings(event.settings)})", event.after)])

    async def on_answer_ended(self, message: AnswerEnded) -> None:
        if message.answer_id != self.answer_id:
            return
        self.answering = False
        if message.tok_s:
            self.chat.status.tok_s = message.tok_s
        if message.cancelled and self.answer_view is not None:
            await self.answer_view.cancelled()
        elif message.cancelled:
            await self.chat.log_view.add_notice("(stopped)", "muted")
        self.answer_view = None
        await self._next_pending()

    async def on_failed(self, message: Failed) -> None:
        await self.chat.log_view.add_notice(message.message, "error", message.hint)
        if message.where == "Loading the tutor":
            self.load_failed = True
            self.chat.status.activity = "failed to load (see the chat)"
            if self.pending:
                await self.chat.log_view.add_notice(
                    f"{len(self.pending)} waiting question(s) cannot be answered.", "muted")
                self.pending.clear()

    # ----- actions -------------------------------------------------------------------
    def action_cancel(self) -> None:
        """Esc: stop the answer being generated, else the running demo."""
        if self.answering:
            self.cancel_event.set()
            self.workers.cancel_group(self, "answer")
        elif self.demo_control is not None:
            self.demo_control.stop()
            self.chat.demo.set_state("stopping")

    async def action_quit(self) -> None:
        self.cancel_event.set()
        if self.demo_control is not None:
            self.demo_control.stop()
        self.workers.cancel_all()
        self.exit(0)

    def action_help(self) -> None:
        self.submit("/help")

    def action_quiz(self) -> None:
        self.submit("/quiz")

    def action_sessions(self) -> None:
        self.submit("/sessions")

    def action_clear(self) -> None:
        self.submit("/clear")

    def action_toggle_side(self) -> None:
        tabs = self.chat.query_one("#side")
        on_demo = getattr(tabs, "active", "") == "tab-demo"
        self.chat.show_tab("tab-sources" if on_demo else "tab-demo")

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def notes_worker(self, folder: str) -> None:
        workers.sync_notes(self.runtime, folder, self.post_message)

    def on_notes_synced(self, message: NotesSynced) -> None:
        self.chat.status.activity = ""
        text = f"Indexed the notes in {message.folder}."
        if message.skipped:
            text += f" Skipped {len(message.skipped)} file(s):\n" + "\n".join(
                f"• {line}" for line in message.skipped
            )
        self.run_worker(self.chat.log_view.add_notice(text, "error" if message.skipped else "info"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for spec in DEMOS.values():
            yield SystemCommand(f"Demo: {spec.name}", spec.title,
                                partial(self.submit, f"/demo {spec.name}"))
        yield SystemCommand("Stop", "Stop the answer or the demo (Esc)", self.action_cancel)
        for cmd, desc in commands.PALETTE.items():
            yield SystemCommand(cmd, desc, partial(self.submit, cmd))

    # ----- helpers -------------------------------------------------------------------
    def post_safely(self, message: Any) -> bool:
        """post_message for daemon threads that may outlive the app (then it is dropped)."""
        if not self.is_running or not self.screen_stack:
            return False
        try:
            return self.post_message(message)
        except RuntimeError:  # the event loop has closed: the app is gone
            return False

    def _section_text(self, passage: Any) -> str:
        kb = self.runtime.knowledge() if self.ready else None
        if kb is None or not hasattr(kb, "section_text"):
            return ""
        return str(kb.section_text(passage.note, passage.section))

    def _try(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except Exception:  # noqa: BLE001 - optional information only
            log.debug("optional lookup failed", exc_info=True)
            return None


def _settings(values: dict[str, Any]) -> str:
    """'temperature 0.9, top-p 1' (temperature 0 is greedy decoding)."""
    temperature = float(values.get("temperature", 0.0))
    if temperature <= 0:
        return "temperature 0: greedy"
    return f"temperature {temperature:g}, top-p {float(values.get('top_p', 1.0)):g}"
