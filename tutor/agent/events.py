"""What the agent hands the CLI and the UI: a route, then a stream of plain-data events.

Events are frozen dataclasses with no model or torch types, so the UI only renders them
and tests compare values. `Token`s stream the model's raw words as they come; the final
`Answer` carries the checked text (unsupported sentences dropped or listed), which the UI
shows in place of the streamed draft.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Intent = Literal["answer", "demo", "quiz", "chat"]
INTENTS: tuple[str, ...] = ("answer", "demo", "quiz", "chat")
TOOLS: tuple[str, ...] = (
    "gan",
    "gan-digits",
    "vae",
    "diffusion",
    "bleu",
    "tokenize",
    "sampling",
    "attention",
    "embeddings",
    "finetune",
    "control",
    "resample",
    "quiz",
)


INCOMPLETE_NOTICE = "The model server stopped mid-answer; this answer is incomplete."
# --beyond-notes: what heads the model's own answer to a question the notes don't cover, and
# what is said instead when there is no model to write one.
BEYOND_LABEL = "Beyond your notes (unverified):"
BEYOND_NEEDS_MODEL = (
    "Answering beyond your notes needs the language model, and none is loaded; "
    "only the notes answer."
)


# A route note: a question about the tutor itself or the learner's own record ("what should I
# review next?", "does this need a GPU?"), answered from the tutor's own help and the quiz
# record, not looked up in the notes.
ABOUT_THE_TUTOR = "about the tutor"


@dataclass(frozen=True)
class Route:
    """Where one message goes, with checked tool arguments and notes on anything changed."""

    intent: Intent
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"unknown intent {self.intent!r}")
        if self.tool is not None and self.tool not in TOOLS:
            raise ValueError(f"unknown tool {self.tool!r}")

    def as_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "tool": self.tool, "args": dict(self.args)}

    def as_dict(self) -> dict[str, Any]:
        return {**self.as_json(), "notes": list(self.notes)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Route:
        return cls(
            data["intent"],
            data.get("tool"),
            dict(data.get("args") or {}),
            list(data.get("notes") or []),
        )


@dataclass(frozen=True)
class Citation:
    n: int
    note: str
    section: str


@dataclass(frozen=True)
class Quote:
    note: str
    section: str
    text: str


@dataclass(frozen=True)
class Routed:
    route: Route


@dataclass(frozen=True)
class Retrieved:
    passages: list[Any]  # knowledge.types.Passage


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Answer:
    text: str
    citations: list[Citation]
    quotes: list[Quote]
    unsupported: list[str]
    timings: dict[str, Any]
    grounded: bool  # every sentence shown unmarked rests on the notes, and none is marked
    draft: str = ""  # the model's raw words, before the check
    sentences: list[dict[str, Any]] = field(default_factory=list)  # compose.Sentence as dicts
    incomplete: bool = False  # the model's stream ended early: its server stopped mid-answer
    notice: str = ""  # what the learner must be told about this answer (INCOMPLETE_NOTICE)
    # The model's own sentences (--beyond-notes), not from the notes and never checked: shown
    # after the refusal under BEYOND_LABEL, never mixed into the notes-backed part.
    beyond: list[str] = field(default_factory=list)

    @property
    def beyond_notes(self) -> bool:
        """Whether this answer carries sentences from beyond the notes."""
        return bool(self.beyond)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"beyond_notes": self.beyond_notes}


@dataclass(frozen=True)
class DemoRequest:
    name: str
    args: dict[str, Any]
    notes: list[str]


@dataclass(frozen=True)
class DemoControl:
    # "restart": the running demo starts again with `changes` merged into its settings
    action: Literal["pause", "resume", "stop", "set", "more", "restart"]
    changes: dict[str, Any]
    explanation: str


@dataclass(frozen=True)
class QuizRequest:
    topic: str | None


@dataclass(frozen=True)
class Notice:
    text: str


@dataclass(frozen=True)
class Resampled:
    """The last question answered again from the same prompt with other sampling settings:
    the answer shown before (with its settings) and the new one (also sent as an Answer)."""

    question: str
    before: str
    before_settings: dict[str, float]
    after: str
    settings: dict[str, float]


AgentEvent = (
    Routed | Retrieved | Token | Answer | DemoRequest | DemoControl | QuizRequest | Notice
    | Resampled
)
