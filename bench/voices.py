"""Both Qwen voices through the tutor's real answer path, question by question, side by side.

For each question of a set (interleaved: the same question goes to every voice before the
next), the real agent answers in a fresh session, exactly as `genai-tutor ask --json` does,
and one JSON line per answer is appended to bench/runs/voices-MODEL.jsonl (with the draft,
the sentences and their verdicts, the sources). The files feed bench/answers_sets.py and a
blind judge. A run can stop at any time: what is written is complete, line by line.

    .venv/bin/python bench/voices.py --split test --covered 50 --uncovered 30
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.embedder import Embedder  # noqa: E402
from tutor.commands.answer import answer_once  # noqa: E402
from tutor.runtime import Runtime  # noqa: E402
from tutor.settings import Settings  # noqa: E402

VOICES = ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b")


def questions(path: Path, split: str, covered: int, uncovered: int) -> list[dict]:
    """The split's questions (odd ids are test), covered and not, interleaved 5:3."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    parity = 1 if split == "test" else 0
    rows = [r for r in rows if int(r["id"].lstrip("abcdefghijklmnopqrstuvwxyz-")) % 2 == parity]
    yes = [r for r in rows if r["covered"]][:covered]
    no = [r for r in rows if not r["covered"]][:uncovered]
    out: list[dict] = []
    while yes or no:
        out += [yes.pop(0) for _ in range(5) if yes] + [no.pop(0) for _ in range(3) if no]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench/sets/questions_a.jsonl")
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--covered", type=int, default=50)
    parser.add_argument("--uncovered", type=int, default=30)
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--out", type=Path, default=ROOT / "bench/runs")
    args = parser.parse_args()
    embedder = Embedder()
    voices = [v for v in args.voices.split(",") if v]
    runtimes = {v: Runtime(Settings(model=v), embedder=embedder).load() for v in voices}
    done = {v: _done(args.out / f"voices-{v}.jsonl") for v in voices}
    for row in questions(args.set, args.split, args.covered, args.uncovered):
        for voice, runtime in runtimes.items():
            if row["id"] in done[voice]:
                continue
            started = time.perf_counter()
            result = answer_once(runtime, row["question"], f"bench-{uuid.uuid4().hex}")
            result |= {"id": row["id"], "wall_s": round(time.perf_counter() - started, 2)}
            with (args.out / f"voices-{voice}.jsonl").open("a") as f:
                f.write(json.dumps(result, ensure_ascii=False) + "\n")
            print(f"{row['id']} {voice}: {result['wall_s']} s", flush=True)
    return 0


def _done(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    return {json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()}


if __name__ == "__main__":
    raise SystemExit(main())
