"""UI latency: keypress-to-screen while the GAN demo trains, and launch-to-prompt time;
with --inside, also while each "inside the language model" demo runs.

Run: .venv/bin/python bench/ui_latency.py [--keys 80] [--steps 3000] [--inside]

Figures printed:
- import time of tutor.ui.app (fresh interpreter, median of 3);
- launch to interactive prompt: from spawning a fresh `python` to the prompt having focus
  in a headless TutorApp with the real Runtime (which starts loading in the background);
- keypress latency (p50/p95/max) with no demo and while the real GAN demo trains: from a
  Key event posted to the app (as the terminal driver does) to the first composed screen
  update handed to the display after the Input holds the character (headless: the bytes
  are not written, so the terminal's own time is not included).
- with --inside: keypress latency while sampling, attention and embeddings run on the
  tutor's own loaded model (SmolLM2-135M, bf16, in a thread of the UI's process: the path
  the app takes for a local transformers voice), the same three in their own process with
  SmolLM2 in fp32 (the path for a voice behind a server), and the LoRA fine-tune (its own
  process). A short demo that ends is started again until the keys are done.
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

    def load(self, progress: Any, llm_optional: bool = False) -> ReadyRuntime:
        return self

    def llm(self) -> None:
        return None


class ModelRuntime(ReadyRuntime):
    """Ready at once, with a loaded voice and embedder the inside demos can read (or, with
    `share=False`, a voice they cannot: a model server, so they load their own)."""

    def __init__(self, settings: Any, llm: Any, embedder: Any, share: bool) -> None:
        super().__init__()
        self.settings, self._llm, self._embedder, self.share = settings, llm, embedder, share

    def llm(self) -> Any:
        return self._llm

    def demo_plan(self, name: str) -> Any:
        from tutor.demo_context import plan_demo

        class Server:  # what the app sees of a voice behind an HTTP server
            name, base_url = "a model server", "http://127.0.0.1:9/v1"

        voice = self._llm if self.share else Server()
        return plan_demo(name, voice, self._embedder, self.settings)


INSIDE_ARGS: dict[str, dict[str, Any]] = {
    "sampling": {"steps": 200, "chat": False, "text": "The history of generative models"},
    "attention": {},
    "embeddings": {},
    "finetune": {"steps": 40},
}


def _started(app: Any) -> bool:
    """The demo shows something beyond log lines (its model is loaded and it is working)."""
    demo = app.chat.demo
    return bool(demo.latest or demo.series.values)


async def key_latency(n: int, demo_steps: int | None, demo: str = "gan",
                      runtime: Any = None) -> tuple[list[float], int]:
    from textual import events

    from tutor.settings import Settings
    from tutor.ui.app import TutorApp

    home = tempfile.mkdtemp(prefix="ui-bench-")
    settings = runtime.settings if runtime is not None else Settings(home=Path(home))
    app = TutorApp(settings, runtime or ReadyRuntime())
    samples: list[float] = []
    restarts = 0
    async with app.run_test(size=(120, 36)):
        prompt = app.chat.query_one("#prompt")
        if demo != "gan":
            await app.start_demo(demo, INSIDE_ARGS[demo])
            while not _started(app):
                if app.chat.demo.state == "failed":
                    raise RuntimeError(f"the {demo} demo failed: see {settings.log_file}")
                await asyncio.sleep(0.05)
        elif demo_steps:
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
            if demo != "gan" and app.demo_control is None:  # a short demo ended: again
                restarts += 1
                await app.start_demo(demo, INSIDE_ARGS[demo])
            ch = chars[i % len(chars)]
            t = time.perf_counter()
            app.post_message(events.Key(ch, ch))  # what the terminal driver does
            while not (prompt.value.endswith(ch) and writes and writes[-1] > t):
                await asyncio.sleep(0.0005)
                if time.perf_counter() - t > 10:
                    raise RuntimeError("the key never reached the screen")
            samples.append((writes[-1] - t) * 1000)
            await asyncio.sleep(0.03)  # a fast typist: ~30 keys/s
        steps = app.chat.demo.step if demo == "gan" else restarts
        if app.demo_control is not None:
            app.demo_control.stop()
        await app.action_quit()
    return samples, steps


def inside_latency(keys: int) -> None:
    """Keypress latency while each inside-the-LLM demo runs, on both paths."""
    from knowledge.embedder import Embedder
    from tutor.llm import load_chat_model
    from tutor.settings import Settings

    # TUTOR_HOME (if set) keeps the converted model between runs: the demo processes load it.
    settings = Settings(model="smollm2-135m", quant="bf16", device="cpu")
    t0 = time.perf_counter()
    llm, embedder = load_chat_model(settings), Embedder()
    print(f"tutor's voice for the inside demos: {llm.name} {llm.quant} on {llm.device} "
          f"(loaded with MiniLM in {time.perf_counter() - t0:.0f} s)")
    for share in (True, False):
        runtime = ModelRuntime(settings, llm, embedder, share)
        where = "the tutor's model, in a thread" if share else "own process, SmolLM2 fp32"
        for demo in ("sampling", "attention", "embeddings") + (() if share else ("finetune",)):
            busy, restarts = asyncio.run(key_latency(keys, None, demo, runtime))
            print(summary(f"keypress latency, {demo} ({where})", busy)
                  + f" (started again {restarts} times)")


def summary(name: str, samples: list[float]) -> str:
    s = sorted(samples)
    p = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
    return (f"{name}: n={len(s)} p50={p(0.5):.1f} ms p95={p(0.95):.1f} ms max={s[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--inside", action="store_true",
                        help="also measure while each inside-the-LLM demo runs")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"import tutor.ui.app: {import_time() * 1000:.0f} ms (median of 3)")
    print(f"launch to interactive prompt: {launch_time() * 1000:.0f} ms")
    idle, _ = asyncio.run(key_latency(args.keys, None))
    print(summary("keypress latency, no demo", idle))
    busy, steps = asyncio.run(key_latency(args.keys, args.steps))
    print(summary("keypress latency, GAN training", busy) + f" (demo reached step {steps})")
    if args.inside:
        inside_latency(args.keys)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
