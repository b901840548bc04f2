"""What every node may use for one turn, passed as LangGraph runtime context (no globals):
the knowledge base, the shared embedder, the chat model (None for extractive answers),
the router, the faithfulness checker, and the caller's cancel event."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any

from tutor.agent.excerpts import prompt_chars
from tutor.agent.faithfulness import FaithfulnessChecker
from tutor.agent.router import Router
from tutor.llm.base import ChatModel, GenerationParams


@dataclass
class Context:
    knowledge: Any  # knowledge.base.KnowledgeBase: .retrieve(query, k) -> list[Passage]
    embedder: Any  # knowledge.embedder.Embedder
    llm: ChatModel | None
    router: Router
    checker: FaithfulnessChecker
    cancel: threading.Event | None = None
    params: GenerationParams = field(default_factory=lambda: GenerationParams(max_new_tokens=160))
    k: int = 5  # passages retrieved
    prompt_passages: int = 3  # of which the prompt shows this many, numbered
    # Their text in the prompt, all together, cut to the sentences best for the question
    # (excerpts.py: time to first token grows with the prompt); 0, the default, shows them
    # whole: every budget tried so far cost the 0.5B voice key facts on the dev split.
    prompt_chars: int = field(default_factory=prompt_chars)
    # The voice re-reads its answer against the passages (verify.py). Off: the 0.5B voice
    # answered "1: yes, 2: no, 3: no…" whatever the sentences (dev set: 12 of 15 supported
    # sentences lost, 6 of 9 kept ones unsupported); TUTOR_VERIFY=1 turns it on to measure.
    # Opt-in (--beyond-notes, /beyond on): a question the notes don't cover still gets the
    # refusal, then the model's own answer, labelled as unverified (tutor/agent/beyond.py).
    beyond_notes: bool = False
    verify: bool = field(default_factory=lambda: os.environ.get("TUTOR_VERIFY") == "1")
