"""Follow-up detection over bench/sets/followups_b.jsonl: is the next message read together
with the previous question? Accuracy, and how often a stand-alone question was wrongly
glued to the previous one, per split, for the rule in tutor/agent/followup.py.

    .venv/bin/python bench/followups.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embedder import Embedder  # noqa: E402
from tutor.agent.followup import follow_up_query  # noqa: E402


def main() -> None:
    rows = [json.loads(x) for x in (ROOT / "bench/sets/followups_b.jsonl").read_text().splitlines()]
    embedder = Embedder()
    kb = KnowledgeBase([ROOT / "knowledge" / "notes"], Path(tempfile.mkdtemp()) / "i", embedder)
    kb.sync()
    for split in ("dev", "test"):
        part = [r for r in rows if r["split"] == split]
        said = [follow_up_query(r["text"], r["previous"], kb, 5)[0] != r["text"] for r in part]
        ok = sum(s == r["follow_up"] for s, r in zip(said, part, strict=True))
        glued = sum(s and not r["follow_up"] for s, r in zip(said, part, strict=True))
        missed = sum(not s and r["follow_up"] for s, r in zip(said, part, strict=True))
        alone = sum(not r["follow_up"] for r in part)
        print(
            f"{split}: accuracy {ok / len(part):.1%} ({ok}/{len(part)}); stand-alone glued "
            f"{glued}/{alone}; follow-ups missed {missed}/{len(part) - alone}"
        )


if __name__ == "__main__":
    main()
