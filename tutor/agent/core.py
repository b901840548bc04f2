"""The Tutor: one object over the notes, the embedder, an optional chat model and the
saved conversations (imported lazily by `tutor.agent`: the graph pulls in LangGraph)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tutor.agent.context import Context
from tutor.agent.events import (
    AgentEvent,
    Notice,
    Route,
)
from tutor.agent.faithfulness import FaithfulnessChecker
from tutor.agent.graph import build_graph, run_config
from tutor.agent.prompts import system_prompt
from tutor.agent.router import Router
from tutor.agent.sessions import (
    SessionInfo,
    check_name,
    info,
    keep_latest,
    open_sessions,
    rename_thread,
    thread_ids,
)
from tutor.agent.state import message
from tutor.errors import InputError, TutorError
from tutor.llm.base import ChatMessage, ChatModel, GenerationParams
from tutor.text import clean_message

log = logging.getLogger(__name__)


class Tutor:
    """One tutor over a knowledge base, an embedder and an optional chat model.
    With `llm=None` answers are extractive (the notes' own sentences, cited)."""

    def __init__(
        self,
        *,
        knowledge: Any,
        embedder: Any,
        llm: ChatModel | None,
        sessions_db: Path | None = None,
        params: GenerationParams | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.embedder = embedder
        self.llm = llm
        self.params = params or GenerationParams(max_new_tokens=160)
        self.router = Router(embedder, knowledge=knowledge, cache_dir=cache_dir)
        self.checker = FaithfulnessChecker(embedder)
        self._saver, self.notice = open_sessions(sessions_db)
        self._graph = build_graph(self._saver)
        self._prime()

    def _prime(self) -> None:
        """Have a llama.cpp voice read the answer prompt's system prompt now, so the first
        answer's time to first token does not include it (later ones reuse it anyway)."""
        prime = getattr(self.llm, "prime", None)
        if not callable(prime):
            return
        try:
            prime([ChatMessage(role="system", content=system_prompt())])
        except TutorError as exc:  # the first answer meets the same error and shows it
            log.warning("could not prime the model's prompt cache: %s", exc)

    def route(self, message: str, demo_running: str | None = None) -> Route:
        """Where a message would go, with checked arguments; raises InputError / DemoError."""
        return self.router.route(message, demo_running=demo_running)

    def _context(self, cancel: threading.Event | None, beyond_notes: bool = False) -> Context:
        return Context(
            knowledge=self.knowledge,
            embedder=self.embedder,
            llm=self.llm,
            router=self.router,
            checker=self.checker,
            cancel=cancel,
            params=self.params,
            beyond_notes=beyond_notes,
        )

    def respond(
        self,
        message_text: str,
        *,
        session: str = "default",
        demo_running: str | None = None,
        cancel: threading.Event | None = None,
        beyond_notes: bool = False,
    ) -> Iterator[AgentEvent]:
        """Run one turn; yield events as they happen. Bad input and refused tools come as
        Notice events; the turn is saved under `session`. With `beyond_notes`, a question
        the notes don't cover is also answered from the model's own knowledge, labelled."""
        try:
            text = clean_message(message_text)
            session = check_name(session)
        except TutorError as exc:
            yield Notice(str(exc))
            return
        inputs = {
            "messages": [message("user", text)],
            "demo_running": demo_running,
            "route": None,
            "draft": "",
            "incomplete": False,
            "passages": [],
            "pending_tool": None,
            "prompt": None,
            "resample_of": None,
        }
        notice = self.take_notice()
        if notice:  # unless the caller said it on start, the first turn says it
            yield Notice(notice)
        yield from self._graph.stream(
            inputs,
            run_config(session),
            context=self._context(cancel, beyond_notes),
            stream_mode="custom",
        )
        keep_latest(self._saver, session)

    # sessions
    def take_notice(self) -> str | None:
        """The notice about a damaged sessions file that was replaced, once (then None): a
        caller that starts a conversation says it on start; otherwise the first turn does."""
        notice, self.notice = self.notice, None
        return notice

    def _messages(self, session: str) -> list[dict[str, Any]]:
        state = self._graph.get_state(run_config(session))
        return list(state.values.get("messages", [])) if state and state.values else []

    def sessions(self) -> list[SessionInfo]:
        """Saved sessions, most recent first."""
        found = [info(name, self._messages(name)) for name in thread_ids(self._saver)]
        return sorted(found, key=lambda s: s.last_time, reverse=True)

    def history(self, session: str) -> list[dict[str, Any]]:
        """The messages of one session ({role, content, time, citations?, quotes?})."""
        return self._messages(check_name(session))

    def rename_session(self, old: str, new: str) -> None:
        old, new = check_name(old), check_name(new)
        names = thread_ids(self._saver)
        if old not in names:
            raise InputError(f"There is no session called {old!r}.", "List them with /sessions.")
        if new in names:
            raise InputError(
                f"A session called {new!r} already exists.", "Pick another name or delete it first."
            )
        rename_thread(self._saver, old, new)

    def delete_session(self, name: str) -> None:
        name = check_name(name)
        if name not in thread_ids(self._saver):
            raise InputError(f"There is no session called {name!r}.", "List them with /sessions.")
        self._saver.delete_thread(name)
