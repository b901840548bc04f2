"""The UI's own slash commands (the agent's router handles /demo, /quiz and /tokens).

Each handler takes the app and the text after the command; a TutorError it raises is
shown to the learner as it is.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widgets import Markdown

from tutor.errors import InputError
from tutor.ui.render import safe
from tutor.ui.widgets.chat_log import NoticeLine, QuoteBlock, UserTurn

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

Handler = Callable[["TutorApp", str], Awaitable[None]]
HISTORY_SHOWN = 40  # messages of a saved conversation shown when it is opened

PALETTE: dict[str, str] = {
    "/quiz": "Quiz yourself on what is due",
    "/progress": "Mastery per concept",
    "/sessions": "List, resume, rename or delete conversations",
    "/export": "Write this conversation to Markdown",
    "/model": "Which model is answering",
    "/beyond": "Show or switch answers beyond your notes (/beyond on, /beyond off)",
    "/clear": "Clear the chat",
    "/help": "Keys and commands",
}


def _need_ready(app: TutorApp, what: str) -> None:
    if not app.ready:
        raise InputError(f"{what} needs the tutor to finish loading.", "Try again in a moment.")


async def model_info(app: TutorApp, _: str) -> None:
    s = app.settings
    lines = [f"Model: {s.model} · quantization {s.quant} · device {s.device}"]
    llm = app._try(lambda: app.runtime.llm()) if app.ready else None
    if llm is not None:
        lines.append(f"Loaded: {getattr(llm, 'name', '?')} · {getattr(llm, 'quant', '?')} · "
                     f"{getattr(llm, 'device', '?')} · load {getattr(llm, 'load_s', 0.0):.1f} s")
        timings = getattr(llm, "last_timings", None)
        if timings is not None:
            lines.append(f"Last answer: first token {timings.ttft_s:.2f} s, "
                         f"{timings.decode_tok_s:.1f} tok/s, {timings.new_tokens} tokens")
    elif app.ready:
        lines.append("No language model: answers are extractive (the notes' own sentences).")
    else:
        lines.append("Still loading.")
    lines.append("Notes: " + ", ".join(str(d) for d in s.all_notes_dirs))
    await app.chat.log_view.add_notice("\n".join(lines))


BEYOND_ON = ("Beyond your notes: on. A question your notes don't cover is still refused first, "
             "then answered from the model's own knowledge, labelled unverified.")
BEYOND_OFF = ("Beyond your notes: off. A question your notes don't cover is refused, with the "
              "closest section they have.")


async def beyond(app: TutorApp, arg: str) -> None:
    """/beyond on|off switches answers beyond the notes for this run; /beyond shows it."""
    choice = arg.strip().lower()
    if choice in ("on", "off"):
        app.beyond_notes = choice == "on"
    elif choice:
        raise InputError(f"/beyond takes on or off, not {safe(arg)[:40]!r}.",
                         "Type /beyond on, /beyond off, or /beyond to see the setting.")
    text = BEYOND_ON if app.beyond_notes else BEYOND_OFF
    if app.beyond_notes and app.ready and app._try(lambda: app.runtime.llm()) is None:
        from tutor.agent.events import BEYOND_NEEDS_MODEL

        text += f"\n{BEYOND_NEEDS_MODEL}"
    await app.chat.log_view.add_notice(text)


async def add_notes(app: TutorApp, arg: str) -> None:
    if app.classroom:  # one index serves the class, and a folder on the server is not yours
        raise InputError("Adding notes is off in the classroom: every learner shares one index.",
                         "The teacher adds notes with `genai-tutor web --notes DIR`.")
    if not arg:
        raise InputError("Which folder?", "Type /notes followed by a folder of .md or .txt notes.")
    folder = Path(safe(arg).strip("'\"")).expanduser().resolve()
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder.", "Give the path of a folder of notes.")
    if folder in app.settings.all_notes_dirs:
        await app.chat.log_view.add_notice(f"{folder} is already in the notes.", "muted")
        return
    app.settings.notes_dirs.append(folder)
    if not app.ready:
        await app.chat.log_view.add_notice(f"Added {folder}; it is indexed with the rest.")
        return
    await app.chat.log_view.add_notice(f"Indexing {folder}…", "muted")
    app.notes_worker(str(folder))


async def open_sessions(app: TutorApp, _: str) -> None:
    _need_ready(app, "/sessions")
    from tutor.ui.screens.sessions import SessionsScreen

    async def chosen(name: str | None) -> None:
        if name:
            await resume(app, name)

    await app.push_screen(SessionsScreen(app.runtime.tutor(), app.session), chosen)


def _turns(history: Any) -> list[tuple[str, str]]:
    """(role, text) pairs from whatever the agent's history holds (dicts or objects)."""
    out: list[tuple[str, str]] = []
    for item in history or []:
        if isinstance(item, dict):
            role, text = item.get("role", ""), item.get("content", item.get("text", ""))
        elif isinstance(item, tuple | list) and len(item) == 2:
            role, text = item
        else:
            role = getattr(item, "role", getattr(item, "type", ""))
            text = getattr(item, "content", getattr(item, "text", ""))
        out.append((str(role), str(text)))
    return out


def history_widgets(history: list[Any]) -> list[Any]:
    """The chat's widgets for a saved conversation: turns, answers, their quotes."""
    from tutor.agent.events import INCOMPLETE_NOTICE  # the agent package is heavy: only now

    widgets: list[Any] = []
    for (role, text), item in zip(_turns(history), history, strict=True):
        if role in ("user", "human"):
            widgets.append(UserTurn(text))
        elif text:
            widgets.append(Markdown(safe(text), classes="answer-body"))
            if isinstance(item, dict) and item.get("incomplete"):
                widgets.append(NoticeLine(INCOMPLETE_NOTICE, "error"))
            quotes = item.get("quotes") if isinstance(item, dict) else None
            for q in quotes or []:
                widgets.append(QuoteBlock(str(q.get("note", "")), str(q.get("section", "")),
                                          str(q.get("text", ""))))
    return widgets


async def resume(app: TutorApp, name: str) -> None:
    app.session = name
    log_view = app.chat.log_view
    await log_view.remove_children()
    history = list(app.runtime.tutor().history(name))[-HISTORY_SHOWN:]
    await log_view.add_all([NoticeLine(f"Session {name}", "muted"), *history_widgets(history)])


async def show_history(app: TutorApp) -> None:
    """At launch: the current session's conversation so far, above anything said since."""
    history = list(app.runtime.tutor().history(app.session))[-HISTORY_SHOWN:]
    if history:
        header = NoticeLine(f"Session {app.session}: the conversation so far", "muted")
        await app.chat.log_view.add_all([header, *history_widgets(history)], first=True)


async def export(app: TutorApp, _: str) -> None:
    _need_ready(app, "/export")
    from tutor.agent import export_markdown

    text = export_markdown(app.runtime.tutor().history(app.session))
    folder = app.settings.exports_dir
    folder.mkdir(parents=True, exist_ok=True)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in app.session) or "session"
    path = folder / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(text, encoding="utf-8")
    if app.is_web:  # in a browser the file is on the server: hand it to the browser too
        app.deliver_text(path, save_filename=path.name)
        await app.chat.log_view.add_notice(f"Exported the conversation: {path.name} (download)")
        return
    await app.chat.log_view.add_notice(f"Exported the conversation to {path}")


async def clear(app: TutorApp, _: str) -> None:
    await app.chat.log_view.remove_children()
    app.chat.sources.show([])
    await app.chat.log_view.add_notice("Cleared. The session's memory is kept (/sessions).",
                                       "muted")


async def show_help(app: TutorApp, _: str) -> None:
    from tutor.ui.screens.help import HelpScreen

    await app.push_screen(HelpScreen())


async def _quiz_service(app: TutorApp) -> Any:
    """The runtime's quiz service; its notice (a damaged progress file moved aside) is
    shown in the chat the first time, so the learner knows why progress starts at 0%."""
    service = app.runtime.quiz()
    notice = getattr(service, "notice", None)
    if notice and not getattr(service, "notice_shown", False):
        service.notice_shown = True
        await app.chat.log_view.add_notice(notice, "error", "Earlier reviews are in that file.")
    return service


async def open_quiz(app: TutorApp, topic: str | None) -> None:
    _need_ready(app, "The quiz")
    from tutor.ui.screens.quiz import QuizScreen

    async def chosen(demo: str | None) -> None:
        if demo:
            await app.start_demo(demo)

    await app.push_screen(QuizScreen(await _quiz_service(app), topic or None), chosen)


async def quiz(app: TutorApp, arg: str) -> None:
    await open_quiz(app, arg or None)


async def progress(app: TutorApp, _: str) -> None:
    _need_ready(app, "/progress")
    from tutor.ui.screens.quiz import ProgressScreen

    async def chosen(demo: str | None) -> None:
        if demo:
            await app.start_demo(demo)

    await app.push_screen(ProgressScreen(await _quiz_service(app)), chosen)


LOCAL: dict[str, Handler] = {
    "/model": model_info,
    "/notes": add_notes,
    "/beyond": beyond,
    "/sessions": open_sessions,
    "/export": export,
    "/clear": clear,
    "/help": show_help,
    "/progress": progress,
    "/quiz": quiz,
}
