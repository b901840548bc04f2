"""Quiz screen: a verdict shows only under the item it belongs to, dispute applies to that
item's review, and multiple choice answers by letter or number, naming the choice."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.ui.conftest import SIZE, rendered, wait_until
from tests.ui.fakes import FakeQuiz
from tutor.ui.screens.quiz import QuizScreen

pytestmark = pytest.mark.anyio


class SlowQuiz(FakeQuiz):
    """Grading takes a while, as the real grader does on a busy machine."""

    def __init__(self, items_order: tuple[int, ...] = (1, 0)) -> None:
        super().__init__()
        self.items = [self.items[i] for i in items_order]

    def grade(self, item_id: str, answer: str) -> Any:
        time.sleep(0.4)
        return super().grade(item_id, answer)


async def _open(app: Any, pilot: Any) -> QuizScreen:
    await wait_until(pilot, lambda: app.ready)
    await app.push_screen(QuizScreen(app.runtime.quiz()))
    await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.screen.items)
    return app.screen


async def test_enter_twice_never_shows_q1s_verdict_under_q2(make_app: Any) -> None:
    quiz = SlowQuiz(items_order=(1, 0, 1))  # free text first, so Enter submits then "next"
    app = make_app(quiz=quiz)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"a decoder")
        await pilot.press("enter", "enter", "enter")  # submit, then impatient Enters
        await wait_until(pilot, lambda: len(quiz.graded) == 1 and screen.last_grade is not None)
        assert screen.index == 0  # did not move on before the verdict came
        assert "INCORRECT" in rendered(screen.query_one("#quiz-verdict"))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: quiz.disputed == [screen.last_grade.review_id])
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: screen.index == 1)
        assert "INCORRECT" not in rendered(screen.query_one("#quiz-verdict"))
        assert screen.last_grade is None
        await pilot.press("ctrl+d")  # nothing graded here yet: no dispute of Q1's review
        await pilot.pause(0.2)
        assert quiz.disputed == [1]


async def test_a_stale_verdict_is_not_shown_under_the_next_item(make_app: Any) -> None:
    from tutor.ui.screens.quiz import Graded

    quiz = FakeQuiz()
    app = make_app(quiz=quiz)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        q1 = screen.items[0]
        screen.index = 1
        screen.show_item()
        screen.post_message(Graded(q1, quiz.grade("q1", "Makes samples"), "B. Makes samples"))
        await pilot.pause(0.2)
        assert screen.last_grade is None
        assert "INCORRECT" not in rendered(screen.query_one("#quiz-verdict"))


@pytest.mark.parametrize("key,chosen", [("b", "B. Makes samples"), ("1", "A. Tells real")])
async def test_letters_and_numbers_choose_and_name_the_choice(
    make_app: Any, key: str, chosen: str
) -> None:
    quiz = FakeQuiz()
    app = make_app(quiz=quiz)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert "Press a letter (A–B)" in rendered(screen.query_one("#quiz-verdict"))
        await pilot.press(key)
        await wait_until(pilot, lambda: screen.last_grade is not None)
        verdict = rendered(screen.query_one("#quiz-verdict"))
        assert f"You chose: {chosen}" in verdict
        assert len(quiz.graded) == 1
        expected = "Makes samples" if key == "b" else "Tells real from fake"
        assert quiz.graded[0] == ("q1", expected)
        await pilot.press("c", "3", "a")  # already answered: ignored
        await pilot.pause(0.1)
        assert len(quiz.graded) == 1


class AttentionQuiz(FakeQuiz):
    """One multiple-choice item on transformers, whose demo is the attention demo."""

    def __init__(self) -> None:
        super().__init__()
        from dataclasses import replace

        self.items = [replace(self.items[0], id="t1", concept="transformer",
                              question="What does self-attention compute?",
                              choices=["Weights over earlier tokens", "Pixels"],
                              answer="Weights over earlier tokens")]


async def test_after_a_question_its_concepts_demo_is_one_key_away(make_app: Any) -> None:
    app = make_app(quiz=AttentionQuiz())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        app.submit("/quiz")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.screen.items)
        screen = app.screen
        await pilot.press("ctrl+o")  # not graded yet: nothing is offered
        await pilot.pause(0.1)
        assert app.screen is screen and app.demo_run == 0
        await pilot.press("a")
        await wait_until(pilot, lambda: screen.last_grade is not None)
        assert "Ctrl+O runs the attention demo" in rendered(screen.query_one("#quiz-verdict"))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.demo_run == 1)
        assert not isinstance(app.screen, QuizScreen) and app.demo_name == "attention"


class ClozeQuiz(FakeQuiz):
    """A fill-in-the-blank whose concept would give its answer away."""

    def __init__(self) -> None:
        super().__init__()
        from dataclasses import replace

        self.items = [replace(self.items[1], id="c1", kind="cloze", concept="vae",
                              question="Fill in the blank: _____ learn a latent space.",
                              answer="Variational Autoencoders", key_facts=["VAEs"])]


async def test_the_header_names_the_concept_only_after_grading(make_app: Any) -> None:
    app = make_app(quiz=ClozeQuiz())
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        head = rendered(screen.query_one("#quiz-head"))
        assert "Question 1 of 1" in head and "vae" not in head.lower()
        await pilot.press(*"autoencoders", "enter")
        await wait_until(pilot, lambda: screen.last_grade is not None)
        assert "Question 1 of 1 · vae" in rendered(screen.query_one("#quiz-head"))


class UnseenQuiz(FakeQuiz):
    def progress(self) -> list[Any]:
        return [*super().progress(),
                self._progress_cls("diffusion", 0.0, 0, 0, False, "diffusion", [])]


async def test_the_progress_table_says_new_for_a_concept_never_reviewed(make_app: Any) -> None:
    from textual.widgets import DataTable

    from tutor.ui.screens.quiz import ProgressScreen

    app = make_app(quiz=UnseenQuiz())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready)
        app.submit("/progress")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.rows)
        table = app.screen.query_one(DataTable)
        due = {str(table.get_row_at(r)[0]): str(table.get_row_at(r)[3])
               for r in range(table.row_count)}
        assert due == {"gan": "1", "vae": "0", "diffusion": "new"}
