"""The main screen: the conversation beside the demo and sources, the prompt, the status."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, TabbedContent, TabPane

from tutor.ui.widgets.chat_log import ChatLog
from tutor.ui.widgets.demo_panel import DemoPanel
from tutor.ui.widgets.prompt import PromptInput
from tutor.ui.widgets.sources import SectionLookup, SourcesPane
from tutor.ui.widgets.status_bar import StatusBar


class ChatScreen(Screen[None]):
    """Layout only; the app owns the workers and decides what a message does."""

    def __init__(self, lookup: SectionLookup | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lookup = lookup

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield ChatLog(id="chat-log")
            with TabbedContent(id="side", initial="tab-demo"):
                with TabPane("Demo", id="tab-demo"):
                    yield DemoPanel(id="demo")
                with TabPane("Sources", id="tab-sources"):
                    yield SourcesPane(self._lookup, id="sources")
        yield PromptInput(placeholder="Ask about generative AI, or type / for commands",
                          id="prompt")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        prompt = self.query_one(PromptInput)
        text = event.value
        prompt.remember(text.strip())
        prompt.value = ""
        self.app.submit(text)  # type: ignore[attr-defined]

    @property
    def log_view(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def demo(self) -> DemoPanel:
        return self.query_one(DemoPanel)

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
