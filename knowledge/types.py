"""Plain data handed between chunking, indexing, retrieval and the agent."""

from __future__ import annotations

from dataclasses import dataclass

SECTION_SEP = " › "


@dataclass(frozen=True)
class Chunk:
    """A piece of one note under one heading path. Empty chunks are outline-only topics."""

    note: str  # file stem
    path: tuple[str, ...]  # heading path, cleaned of emphasis and emoji
    text: str  # body text (no heading line); "" for an empty section
    line_start: int  # 1-based, inclusive, heading line included
    line_end: int
    part: int = 0  # index when one long section is split into several chunks

    @property
    def section(self) -> str:
        return SECTION_SEP.join(self.path)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def id(self) -> str:
        return f"{self.note}:{self.line_start}-{self.line_end}:{self.part}"


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and whether it is relevant to the query."""

    note: str
    section: str
    text: str
    score: float
    relevant: bool
    line_start: int = 0
    line_end: int = 0
    empty: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "note": self.note,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
        }
