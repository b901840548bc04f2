"""The quiz: one item at a time, graded by the quiz engine, with the notes' own words shown.

The engine (tutor.quiz.QuizService) runs in thread workers; this screen only renders its
plain results. Progress per concept opens from here (p) or with /progress.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from tutor.errors import TutorError
from tutor.quiz.concepts import DEMOS
from tutor.quiz.items import LETTERS
from tutor.ui.render import safe
from tutor.ui.widgets.chat_log import QuoteBlock

VERDICT_STYLE = {"correct": "bold green", "partly": "bold yellow", "incorrect": "bold red"}


class ItemsLoaded(Message):
    def __init__(self, items: list[Any]) -> None:
        super().__init__()
        self.items = items


class Graded(Message):
    def __init__(self, item: Any, grade: Any, chosen: str = "") -> None:
        super().__init__()
        self.item = item
        self.grade = grade
        self.chosen = chosen  # for multiple choice: "C. the option's text"


class Disputed(Message):
    def __init__(self, text: str, ok: bool) -> None:
        super().__init__()
        self.text = text
        self.ok = ok


class ProgressLoaded(Message):
    def __init__(self, rows: list[Any] | None, error: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.error = error


class QuizFailed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, TutorError):
        return f"{exc.message} {exc.hint}".strip()
    import logging

    logging.getLogger(__name__).error("quiz failed", exc_info=exc)
    return f"The quiz failed: {type(exc).__name__}: {exc} (details in the log file)"


class QuizScreen(Screen[str | None]):
    """Dismisses with a demo name when the learner chooses to watch one, else None."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+d", "dispute", "Dispute", priority=True),
        Binding("ctrl+r", "progress", "Progress", priority=True),
        Binding("ctrl+o", "watch", "Watch the demo", priority=True),
    ]

    def __init__(self, quiz: Any, topic: str | None = None, n: int = 5) -> None:
        super().__init__()
        self.quiz = quiz
        self.topic = topic
        self.n = n
        self.items: list[Any] = []
        self.index = 0
        self.last_grade: Any = None  # the current item's grade only (dispute applies to it)
        self.answered = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz-box"):
            yield Static(id="quiz-head")
            yield Static(id="quiz-question")
            yield OptionList(id="quiz-choices")
            yield Input(placeholder="Your answer, then Enter", id="quiz-answer")
            yield Static(id="quiz-verdict")
            yield Vertical(id="quiz-quote")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#quiz-choices").display = False
        self.query_one("#quiz-quote").display = False
        self._head("Loading questions…")
        self.load_items()

    def _head(self, text: str) -> None:
        self.query_one("#quiz-head", Static).update(Text(safe(text), style="bold"))

    @work(thread=True, exclusive=True, group="quiz", exit_on_error=False)
    def load_items(self) -> None:
        try:
            items = list(self.quiz.next_items(self.topic, self.n))
        except Exception as exc:  # noqa: BLE001 - shown on the screen
            self.post_message(QuizFailed(_error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ItemsLoaded(items))

    @work(thread=True, group="quiz-grade", exit_on_error=False)
    def grade(self, item: Any, answer: str, chosen: str = "") -> None:
        # Not exclusive: a grade must be recorded even if the learner has moved on.
        try:
            grade = self.quiz.grade(item.id, answer)
        except Exception as exc:  # noqa: BLE001
            self.post_message(QuizFailed(_error_text(exc)))
            return
        self.post_message(Graded(item, grade, chosen))

    @work(thread=True, group="quiz-dispute", exit_on_error=False)
    def dispute(self, review_id: int) -> None:
        try:
            self.quiz.dispute(review_id)
        except Exception as exc:  # noqa: BLE001
            self.post_message(Disputed(_error_text(exc), False))
            return
        self.post_message(Disputed("Dispute recorded: this answer counts as correct for "
                                   "scheduling.", True))

    def on_disputed(self, message: Disputed) -> None:
        if message.ok:
            self.notify(message.text)
        else:
            self.query_one("#quiz-verdict", Static).update(Text(message.text, style="red"))

    def on_quiz_failed(self, message: QuizFailed) -> None:
        self.answered = False  # let the learner try again
        self.query_one("#quiz-verdict", Static).update(Text(message.text, style="red"))

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        self.items, self.index = message.items, 0
        if not self.items:
            topic = f" on {self.topic}" if self.topic else ""
            self._head(f"Nothing is due{topic}. Come back later, or try another topic.")
            self.query_one("#quiz-answer").display = False
            return
        self.show_item()

    def show_item(self) -> None:
        item = self.items[self.index]
        self.answered = False
        self.last_grade = None
        # No concept in the header yet: "· vae" above a blank whose answer is "Variational
        # Autoencoders" would give it away. It is shown once the answer is graded.
        self._head(f"Question {self.index + 1} of {len(self.items)}")
        q = Text(safe(item.question))
        q.append(f"\n\nfrom {safe(item.source)}", style="dim italic")
        self.query_one("#quiz-question", Static).update(q)
        self.query_one("#quiz-verdict", Static).update("")
        quote = self.query_one("#quiz-quote", Vertical)
        quote.remove_children()
        quote.display = False
        choices = self.query_one("#quiz-choices", OptionList)
        answer = self.query_one("#quiz-answer", Input)
        answer.value = ""
        if item.kind == "mcq" and item.choices:
            choices.clear_options()
            choices.add_options([Text(f"{chr(65 + i)}. {safe(c)}")
                                 for i, c in enumerate(item.choices)])
            choices.display, answer.display = True, False
            choices.highlighted = 0
            choices.focus()
            last = LETTERS[len(item.choices) - 1]
            self.query_one("#quiz-verdict", Static).update(Text(
                f"Press a letter (A–{last}) or a number (1–{len(item.choices)}) to answer, "
                "or choose with ↑↓ and Enter.", style="dim"))
        else:
            choices.display, answer.display = False, True
            answer.placeholder = ("List the items, separated by commas" if item.kind == "list"
                                  else "Your answer, then Enter")
            answer.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        """Answer the current multiple-choice item with option `index`."""
        if not self.items or self.answered:
            return
        item = self.items[self.index]
        if item.kind != "mcq" or not 0 <= index < len(item.choices):
            return
        self.answered = True
        self.query_one("#quiz-choices", OptionList).highlighted = index
        self.grade(item, item.choices[index], f"{LETTERS[index]}. {item.choices[index]}")

    def on_key(self, event: events.Key) -> None:
        """Letters a–d and numbers 1–4 choose (and submit) a multiple-choice answer."""
        if not self.items or self.answered or not self.query_one("#quiz-choices").display:
            return
        key = (event.character or "").upper()
        if key and key in LETTERS:
            index = LETTERS.index(key)
        elif key.isdigit() and key != "0":
            index = int(key) - 1
        else:
            return
        event.stop()
        event.prevent_default()
        self._choose(index)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.items:
            return
        if self.answered:
            self.action_next()
            return
        if event.value.strip():
            self.answered = True
            self.grade(self.items[self.index], event.value)

    def on_graded(self, message: Graded) -> None:
        # A verdict that arrives after the learner moved on belongs to an earlier item: it
        # is recorded (the worker ran) but never shown under, or disputed for, this one.
        if not self.items or message.item is not self.items[self.index]:
            return
        g = message.grade
        self.last_grade = g
        self._head(f"Question {self.index + 1} of {len(self.items)} · {message.item.concept}")
        verdict = Text(f"{safe(g.verdict).upper()}", style=VERDICT_STYLE.get(g.verdict, "bold"))
        verdict.append(f"  score {g.score:.2f}", style="dim")
        if message.chosen:
            verdict.append("\nYou chose: ", style="bold")
            verdict.append(safe(message.chosen))
        if getattr(g, "answer", ""):
            verdict.append("\nAnswer: ", style="bold")
            verdict.append(safe(g.answer))
        if g.missing:
            verdict.append("\nMissing: ", style="bold")
            verdict.append("; ".join(safe(m) for m in g.missing))
        verdict.append("\nCtrl+N next · Ctrl+D dispute this verdict · Ctrl+R progress", style="dim")
        demo = self.offered_demo()
        if demo:
            verdict.append(f"\nWatch {safe(message.item.concept)} at work: Ctrl+O runs the "
                           f"{safe(demo)} demo", style="bold")
        self.query_one("#quiz-verdict", Static).update(verdict)
        quote = self.query_one("#quiz-quote", Vertical)
        quote.remove_children()
        if g.quote:
            note, _, section = safe(g.source).partition(" › ")
            quote.mount(QuoteBlock(note, section or "", g.quote))
            quote.display = True
        self.query_one("#quiz-answer", Input).focus() if self.query_one(
            "#quiz-answer").display else None

    def action_next(self) -> None:
        if not self.items or (self.answered and self.last_grade is None):
            return  # still grading this item: moving on now would orphan its verdict
        if self.index + 1 < len(self.items):
            self.index += 1
            self.show_item()
        else:
            self._head("That's all for now. Ctrl+R shows your progress; Esc goes back.")
            self.query_one("#quiz-choices").display = False
            self.query_one("#quiz-answer").display = False

    def action_dispute(self) -> None:
        g = self.last_grade
        if g is None or getattr(g, "review_id", None) is None:
            return
        self.dispute(g.review_id)  # SQLite work: off the UI thread

    def offered_demo(self) -> str | None:
        """The demo of the concept just asked about, once the answer is graded."""
        if not self.items or self.last_grade is None:
            return None
        return DEMOS.get(self.items[self.index].concept)

    def action_watch(self) -> None:
        demo = self.offered_demo()
        if demo:
            self.dismiss(demo)

    def action_progress(self) -> None:
        def chosen(demo: str | None) -> None:
            if demo:
                self.dismiss(demo)

        self.app.push_screen(ProgressScreen(self.quiz), chosen)

    def action_close(self) -> None:
        self.dismiss(None)


class ProgressScreen(Screen[str | None]):
    """Mastery per concept; Enter on a weak concept with a demo dismisses with that demo."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, quiz: Any) -> None:
        super().__init__()
        self.quiz = quiz
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Progress — Enter on a weak concept watches its demo", style="bold"))
        yield DataTable(id="progress", cursor_type="row")
        yield Static(id="progress-msg")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("concept", "mastery", "reviewed", "due", "weak",
                                              "demo")
        self.query_one("#progress-msg", Static).update(Text("Loading progress…", style="dim"))
        self.load_progress()

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def load_progress(self) -> None:
        """SQLite work: off the UI thread."""
        try:
            rows = list(self.quiz.progress())
        except Exception as exc:  # noqa: BLE001
            self.post_message(ProgressLoaded(None, _error_text(exc)))
            return
        self.post_message(ProgressLoaded(rows))

    def on_progress_loaded(self, message: ProgressLoaded) -> None:
        table = self.query_one(DataTable)
        msg = self.query_one("#progress-msg", Static)
        if message.rows is None:
            msg.update(Text(message.error, style="red"))
            return
        self.rows = message.rows
        msg.update("")
        for p in self.rows:
            weak = Text("weak", style="bold red") if p.weak else Text("")
            table.add_row(Text(safe(p.concept)), f"{p.mastery:.0%}", str(p.reviewed), p.due_label,
                          weak, Text(safe(p.demo or "")))
        weak = [p for p in self.rows if p.weak and p.demo]
        if weak:
            w = weak[0]
            self.query_one("#progress-msg", Static).update(Text(
                f"You are weak on {safe(w.concept)} — watch it happen? Select it and press Enter "
                f"to run /demo {safe(w.demo)}. Notes: {', '.join(safe(n) for n in w.notes[:3])}"))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows[event.cursor_row] if 0 <= event.cursor_row < len(self.rows) else None
        if row is not None and row.demo:
            self.dismiss(row.demo)

    def action_close(self) -> None:
        self.dismiss(None)
