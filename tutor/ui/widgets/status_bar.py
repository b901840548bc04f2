"""One line: model, quantization, device, the last answer's speed, the demo's state."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tutor.ui.render import safe


class StatusBar(Static):
    model: reactive[str] = reactive("")
    quant: reactive[str] = reactive("")
    device: reactive[str] = reactive("")
    tok_s: reactive[float | None] = reactive(None)
    demo: reactive[str] = reactive("no demo")
    activity: reactive[str] = reactive("")

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f" {safe(self.model)}", style="bold")
        out.append(f" · {safe(self.quant)} · {safe(self.device)}")
        speed = f"{self.tok_s:.1f} tok/s" if self.tok_s else "– tok/s"
        out.append(f" │ {speed} │ demo: {safe(self.demo)}")
        if self.activity:
            out.append(f" │ {safe(self.activity)}", style="italic")
        return out
