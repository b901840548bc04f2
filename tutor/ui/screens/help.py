"""Keys and commands, in one modal page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from demos.registry import DEMOS
from tutor.ui.widgets.prompt import UI_COMMANDS


def help_text() -> str:
    lines = ["# genai-tutor", "",
             "Ask a question about generative AI: the answer cites your notes and quotes them.",
             "", "## Commands", ""]
    lines += [f"- `{cmd} {desc.split('  ')[0]}` {desc.split('  ')[-1]}" if "  " in desc
              else f"- `{cmd}` {desc}" for cmd, desc in UI_COMMANDS.items()]
    lines += ["", "## Demos", ""]
    lines += [f"- `/demo {s.name}`: {s.title}. {s.summary}" for s in DEMOS.values()]
    lines += ["", "While a demo runs, steer it from the chat: *pause*, *resume*, *stop*,",
              "*halve the learning rate*, *switch to WGAN*, *temperature 1.5*; in the sampling",
              "demo (*let me choose the next token*) *pick 2*, *pick ' cat'*, *next*, *auto*.",
              "When a training demo has spent its steps, *train more* (or `/demo more`) runs",
              "it again with twice as many, from scratch.",
              "", "## Keys", "",
              "- `Esc` stop the answer, or the demo", "- `↑`/`↓` input history; `Tab`/`→` complete",
              "- `Ctrl+P` command palette; `F1` help; `F2` quiz; `F3` sessions; `F4` sources/demo",
              "- `Ctrl+Q` quit"]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(help_text())
