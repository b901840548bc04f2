"""Wall time of one CLI call, as a learner pays it: each command started N times as a fresh
`python -m tutor` process over a fresh TUTOR_HOME that was warmed once (index built, caches
written), then the median, min and max.

    .venv/bin/python bench/cli_latency.py [--runs 5] [--home DIR]

Other work on the machine moves these figures: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS: list[tuple[str, list[str]]] = [
    ("--help", ["--help"]),
    ("route (slash command)", ["route", "/demo gan --steps 99^300"]),
    ("route", ["route", "show me a GAN"]),
    ("retrieve", ["retrieve", "beta-VAE"]),
    ("ask --no-llm", ["ask", "--no-llm", "what is a beta-VAE?"]),
]


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tutor", *args], env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=600,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`genai-tutor {' '.join(args)}` failed:\n{done.stderr[-2000:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--home", type=Path, help="TUTOR_HOME to use (default: a fresh one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        env = {**os.environ, "TUTOR_HOME": str(home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                           os.environ.get("PYTHONPATH")]))}
        for _, argv in COMMANDS:  # warm: build the index, write the caches, fill the OS cache
            run(argv, env)
        print(f"{'command':24s} {'median':>8s} {'min':>8s} {'max':>8s}   ({args.runs} runs, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})")
        for label, argv in COMMANDS:
            times = [run(argv, env) for _ in range(args.runs)]
            print(f"{label:24s} {statistics.median(times):7.2f}s {min(times):7.2f}s "
                  f"{max(times):7.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
