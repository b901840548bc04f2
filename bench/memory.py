"""Peak memory of the tutor with its default voice loaded and a demo running, as the app
runs them: the voice, embedder and index in this process, the demo in its own process.

    .venv/bin/python bench/memory.py [--model qwen2.5-coder-0.5b] [--demo gan]

Prints the resident set (RSS) of the tutor process and of the demo process, sampled while
both work (an answer is generated while the demo trains), and their sum. Target: <= 2.5 GiB.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from tutor.demo_process import start_in_process  # noqa: E402
from tutor.runtime import Runtime  # noqa: E402
from tutor.settings import Settings  # noqa: E402

GIB = 2**30


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--demo", default="gan")
    args = parser.parse_args()
    settings = Settings(**({"model": args.model} if args.model else {}))
    runtime = Runtime(settings).load()
    me = psutil.Process()
    peak = {"tutor": 0, "demo": 0, "both": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            kids = me.children(recursive=True)
            tutor_rss = me.memory_info().rss
            demo_rss = sum(k.memory_info().rss for k in kids if k.is_running())
            peak["tutor"] = max(peak["tutor"], tutor_rss)
            peak["demo"] = max(peak["demo"], demo_rss)
            peak["both"] = max(peak["both"], tutor_rss + demo_rss)
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    frames, _ = start_in_process(args.demo, {})
    tutor = runtime.tutor()
    started = time.perf_counter()
    answer = threading.Thread(
        target=lambda: list(tutor.respond("What is mode collapse in a GAN?", session="memory"))
    )
    answer.start()
    count = sum(1 for _ in frames)
    answer.join()
    stop.set()
    llm = runtime.llm()
    print(f"model {llm.name if llm else 'none'} ({llm.quant if llm else '-'}), demo {args.demo} "
          f"({count} frames), {time.perf_counter() - started:.0f} s")
    print(f"peak RSS: tutor {peak['tutor'] / GIB:.2f} GiB, demo {peak['demo'] / GIB:.2f} GiB, "
          f"together {peak['both'] / GIB:.2f} GiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
