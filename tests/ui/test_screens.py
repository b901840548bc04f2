"""Quiz, progress, sessions, export, help and the UI's own slash commands (scripted runtime)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.ui.conftest import SIZE, rendered, send, tree_text, wait_until
from tests.ui.fakes import FakeQuiz
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.quiz import ProgressScreen, QuizScreen
from tutor.ui.screens.sessions import SessionsScreen
from tutor.ui.widgets.chat_log import NoticeLine, UserTurn

pytestmark = pytest.mark.anyio


def notices(app: Any) -> str:
    return "\n".join(rendered(w) for w in app.chat.query(NoticeLine))


async def test_quiz_grades_mcq_and_free_text_and_disputes(make_app: Any) -> None:
    quiz = FakeQuiz()
    app = make_app(quiz=quiz)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "quiz me on GANs")  # the agent answers with QuizRequest
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.screen.items)
        screen = app.screen
        assert "What does the discriminator do?" in rendered(screen.query_one("#quiz-question"))
        await pilot.press("enter")  # choice A
        await wait_until(pilot, lambda: screen.last_grade is not None)
        assert quiz.graded == [("q1", "Tells real from fake")]
        assert "CORRECT" in rendered(screen.query_one("#quiz-verdict"))
        await pilot.pause(0.1)
        assert "real from fake" in tree_text(screen.query_one("#quiz-quote"))
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: screen.index == 1)
        await pilot.press(*"a decoder")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.last_grade is not None)
        verdict = rendered(screen.query_one("#quiz-verdict"))
        assert "INCORRECT" in verdict and "latent space" in verdict
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: quiz.disputed == [2])  # off the UI thread
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await wait_until(pilot, lambda: app.screen.rows != [])
        assert "weak on gan" in rendered(app.screen.query_one("#progress-msg"))
        await pilot.press("enter")  # the weak concept's demo
        await wait_until(pilot, lambda: app.demo_run == 1)
        assert app.demo_name == "gan"
        await wait_until(pilot, lambda: not isinstance(app.screen, QuizScreen | ProgressScreen))
    # every call into the quiz (SQLite in the real service) ran in a worker, never on the
    # UI thread, which is the test's own main thread
    assert set(quiz.threads) == {"next_items", "grade", "dispute", "progress"}
    assert all(threading.main_thread().ident not in t for t in quiz.threads.values())


async def test_slash_quiz_and_progress_and_escape_back(make_app: Any) -> None:
    app = make_app(quiz=FakeQuiz())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "/progress")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.chat)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.chat)


async def test_sessions_rename_delete_resume_and_export(make_app: Any, settings: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, "What is a GAN?")
        await wait_until(pilot, lambda: not app.answering and app.runtime.tutor().asked)
        await send(pilot, "/export")
        await wait_until(pilot, lambda: "Exported the conversation to" in notices(app))
        exported = list((settings.home / "exports").glob("*.md"))
        assert len(exported) == 1
        assert "What is a GAN?" in exported[0].read_text()
        tutor = app.runtime.tutor()
        tutor._sessions["older"] = [{"role": "user", "content": "Old question"},
                                    {"role": "assistant", "content": "Old answer"}]
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        screen = app.screen
        assert screen.names == ["default", "older"]
        await pilot.press("down", "r")
        await pilot.press(*"renamed", "enter")
        await wait_until(pilot, lambda: "renamed" in screen.names)
        assert "older" not in tutor.sessions()
        screen.query_one("#session-list").highlighted = screen.names.index("default")
        await pilot.press("d")
        assert "default" in tutor.sessions()  # the first press only asks to confirm
        await pilot.press("d")
        await wait_until(pilot, lambda: "default" not in tutor.sessions())
        screen.current = "x"
        screen.reload()
        screen.query_one("#session-list").highlighted = screen.names.index("renamed")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session == "renamed")
        turns = [rendered(w).strip() for w in app.chat.query(UserTurn)]
        assert turns == ["› Old question"]


async def test_help_clear_model_notes_and_bad_input(make_app: Any, tmp_path: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "/demo gan" in tree_text(app.screen)
        await pilot.press("escape")
        await send(pilot, "/model")
        await wait_until(pilot, lambda: "Model: scripted" in notices(app))
        await send(pilot, "/notes /no/such/folder")
        await wait_until(pilot, lambda: "is not a folder" in notices(app))
        await send(pilot, f"/notes {tmp_path}")
        await wait_until(pilot, lambda: "Indexed the notes in" in notices(app))
        assert tmp_path in app.settings.notes_dirs
        await send(pilot, "x" * 5000)
        await wait_until(pilot, lambda: "too long" in notices(app))
        await send(pilot, "/clear")
        await wait_until(pilot, lambda: "Cleared" in notices(app))
        assert not app.chat.query(UserTurn)


async def test_input_history_and_completion(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        prompt = app.chat.query_one("#prompt")
        await send(pilot, "hello")
        await send(pilot, "/model")
        await pilot.press("up")
        assert prompt.value == "/model"
        await pilot.press("up")
        assert prompt.value == "hello"
        await pilot.press("down", "down")
        assert prompt.value == ""
        await pilot.press(*"/demo ga")
        await wait_until(pilot, lambda: prompt._suggestion.startswith("/demo gan"))
        await pilot.press("tab")
        assert prompt.value == "/demo gan"


async def test_notes_with_a_binary_md_file_say_what_was_skipped_and_why(
    make_app: Any, tmp_path: Any, embedder: Any
) -> None:
    """/notes over a folder holding a picture saved as .md: the real notes sync (MiniLM,
    Chroma) skips it, and the chat names the file and the reason."""
    from knowledge.base import KnowledgeBase

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "gans.md").write_text("# GANs\n\nA generator and a discriminator compete.\n")
    (folder / "diagram.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR binary")
    app = make_app()

    def add_notes(path: Any, progress: Any = None) -> Any:
        return KnowledgeBase([path], tmp_path / "index", embedder).sync()

    app.runtime.add_notes = add_notes
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        await send(pilot, f"/notes {folder}")
        await wait_until(pilot, lambda: "Skipped 1 file" in notices(app), timeout=60)
        said = notices(app)
        assert "diagram.md" in said and "binary" in said, said
