"""UI latency: keypress-to-screen while the GAN demo trains, and launch-to-prompt time.

Run: .venv/bin/python bench/ui_latency.py [--keys 80] [--steps 3000]

Figures printed:
- import time of tutor.ui.app (fresh interpreter, median of 3);
- launch to interactive prompt: from spawning a fresh `python` to the prompt having focus
  in a headless TutorApp with the real Runtime (which starts loading in the background);
- keypress latency (p50/p95/max) with no demo and while the real GAN demo trains: from a
  Key event posted to the app (as the terminal driver does) to the first composed screen
  update handed to the display after the Input holds the character (headless: the bytes
  are not written, so the terminal's own time is not included).
Targets: keypress ≤ 50 ms, launch ≤ 1 s. Measured on a shared 2-core machine: say so.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAUNCH = r"""
import time, sys, asyncio
t0 = float(sys.argv[1])
from tutor.settings import Settings
from tutor.ui.app import TutorApp
async def main():
    app = TutorApp(Settings())
    async with app.run_test(size=(120, 36)):
        while app.focused is None or app.focused.id != "prompt":
            await asyncio.sleep(0.002)
        print(f"{time.time() - t0:.3f}")
        app.workers.cancel_all()
asyncio.run(main())
import os; os._exit(0)
"""


def import_time() -> float:
    times = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); "
                              "import tutor.ui.app; print(time.perf_counter()-t)"],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def launch_time() -> float:
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="ui-bench-")}
    out = subprocess.run([sys.executable, "-c", LAUNCH, str(time.time())], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=120)
    lines = [x for x in out.stdout.strip().splitlines() if x.strip()]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"launch failed: {out.stderr[-2000:]}")
    return float(lines[-1])


class ReadyRuntime:
    """A runtime that is ready at once: the bench isolates the demo's load on the UI."""

    with_llm = False

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.ready.set()

    def load(self, progress: Any) -> ReadyRuntime:
        return self

    def llm(self) -> None:
        return None


async def key_latency(n: int, demo_steps: int | None) -> tuple[list[float], int]:
    from textual import events

    from tutor.settings import Settings
    from tutor.ui.app import TutorApp

    home = tempfile.mkdtemp(prefix="ui-bench-")
    app = TutorApp(Settings(home=Path(home)), ReadyRuntime())
    samples: list[float] = []
    async with app.run_test(size=(120, 36)):
        prompt = app.chat.query_one("#prompt")
        if demo_steps:
            await app.start_demo("gan", {"steps": demo_steps})
            while app.chat.demo.step < 50:  # training is under way
                await asyncio.sleep(0.05)
        chars = "abcdefghij"
        writes: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:  # a composed frame for the terminal
            if renderable is not None:
                writes.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        for i in range(n):
            if i % 40 == 39:
                prompt.value = ""
                await asyncio.sleep(0.1)
            ch = chars[i % len(chars)]
            t = time.perf_counter()
            app.post_message(events.Key(ch, ch))  # what the terminal driver does
            while not (prompt.value.endswith(ch) and writes and writes[-1] > t):
                await asyncio.sleep(0.0005)
                if time.perf_counter() - t > 10:
                    raise RuntimeError("the key never reached the screen")
            samples.append((writes[-1] - t) * 1000)
            await asyncio.sleep(0.03)  # a fast typist: ~30 keys/s
        steps = app.chat.demo.step
        if app.demo_control is not None:
            app.demo_control.stop()
        await app.action_quit()
    return samples, steps


def summary(name: str, samples: list[float]) -> str:
    s = sorted(samples)
    p = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
    return (f"{name}: n={len(s)} p50={p(0.5):.1f} ms p95={p(0.95):.1f} ms max={s[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"import tutor.ui.app: {import_time() * 1000:.0f} ms (median of 3)")
    print(f"launch to interactive prompt: {launch_time() * 1000:.0f} ms")
    idle, _ = asyncio.run(key_latency(args.keys, None))
    print(summary("keypress latency, no demo", idle))
    busy, steps = asyncio.run(key_latency(args.keys, args.steps))
    print(summary("keypress latency, GAN training", busy) + f" (demo reached step {steps})")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
