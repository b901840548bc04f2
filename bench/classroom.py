"""A class on one model server: N simulated learners ask the real agent at the same time.

    .venv/bin/python bench/classroom.py                          # the full sweep, N = 1, 4, 8, 16
    .venv/bin/python bench/classroom.py --questions 2 --n 1,4   # a small run

One llama.cpp server (`genai-tutor serve-model`, xllamacpp; the 0.5B Qwen when installed, else
SmolLM2-135M) with --parallel slots on 127.0.0.1, started and stopped here. Each learner is a
thread with its own real Tutor (its own `openai:` model client and its own sessions file under a
temporary learners/NAME/), sharing one embedder and notes index. Each asks --questions covered
questions of bench/sets/questions_a.jsonl, within --time-limit seconds. Per N: time to first
token as the learner sees it (question sent -> first word) and as the server reports it,
tokens/s per learner and in total, errors, peak RSS of the server and of this process; then
every answered turn is looked up in its learner's session. Last, an overload phase: 4 learners
per slot against a short timeout: each gets its answer or the backend's clear "busy" error,
and none waits on the server past the timeout for a word.

Prints figures only (no assertions). In `genai-tutor web` each tab is its own process: the RSS
of this process at N = 1 is about what one tab costs. Figures from a shared CPU are inflated.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.agent import Answer, Token, Tutor  # noqa: E402
from tutor.errors import TutorError  # noqa: E402
from tutor.llm import load_chat_model  # noqa: E402
from tutor.llm.openai_chat import OpenAIChatModel  # noqa: E402
from tutor.llm.serving import ServerProcess, start_server  # noqa: E402
from tutor.settings import Settings, ensure_offline  # noqa: E402

QUESTIONS = Path(__file__).resolve().parent / "sets" / "questions_a.jsonl"
SAMPLE_S = 0.25


@dataclass
class Outcome:
    """One question of one learner."""

    learner: str
    question: str
    wall_s: float
    first_word_s: float | None  # question sent -> first streamed word
    wait_s: float  # the agent called the server -> its first word, or the error
    model_ttft_s: float | None  # the server's own first token, from the backend's timings
    tokens: int
    decode_tok_s: float
    answer: str = ""
    incomplete: bool = False
    error: str = ""


def covered_questions() -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    return [r["question"] for r in rows if r.get("covered")]


def pick_model() -> str:
    from tutor.llm.catalogue import is_installed, lookup

    entry = lookup("qwen2.5-coder-0.5b")
    return "qwen2.5-coder-0.5b" if entry is not None and is_installed(entry) else "smollm2-135m"


class Clocked:
    """A learner's model client that notes when the agent called it: the wait on the server
    starts there (routing and retrieval come before, on this machine's CPU)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.called: float | None = None

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        self.called = time.perf_counter()
        return self.inner.stream(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def ask(tutor: Tutor, llm: Clocked, learner: str, question: str,
        cancel: threading.Event) -> Outcome:
    llm.inner.last_timings, llm.called = None, None
    started = time.perf_counter()
    first: float | None = None
    answer: Answer | None = None
    error = ""
    try:
        for event in tutor.respond(question, session=learner, cancel=cancel):
            if isinstance(event, Token) and first is None:
                first = time.perf_counter()
            elif isinstance(event, Answer):
                answer = event
    except TutorError as exc:
        error = exc.message
    ended = time.perf_counter()
    timings = llm.last_timings
    used = timings is not None and timings.new_tokens > 0  # the model wrote it (covered)
    return Outcome(
        learner, question, ended - started,
        (first - started) if first is not None and used else None,
        (first or ended) - (llm.called or started),
        timings.ttft_s if used and timings else None,
        timings.new_tokens if used and timings else 0,
        timings.decode_tok_s if used and timings else 0.0,
        answer.text if answer else "", bool(answer and answer.incomplete), error,
    )


class Peak:
    """Peak RSS of some processes, sampled in a thread."""

    def __init__(self, pids: dict[str, int]) -> None:
        import psutil

        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, proc in self.procs.items():
                with contextlib.suppress(Exception):  # a process that just ended
                    self.peak[name] = max(self.peak[name], proc.memory_info().rss)
            self._stop.wait(SAMPLE_S)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run_phase(n: int, make_llm: Any, kb: Any, embedder: Any, questions: list[str], per: int,
              time_limit: float, grace_s: float, root: Path, pids: dict[str, int],
              ) -> tuple[list[Outcome], dict[str, Any]]:
    """N learners, `per` questions each (different ones), stopped at `time_limit`."""
    learners = [f"n{n}-learner{i:02d}" for i in range(n)]
    tutors = {}
    for name in learners:
        llm = Clocked(make_llm())
        db = root / "learners" / name / "sessions.sqlite"
        tutors[name] = (Tutor(knowledge=kb, embedder=embedder, llm=llm, sessions_db=db), llm)
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    cancel = threading.Event()
    deadline = time.monotonic() + time_limit

    def learner(i: int, name: str) -> None:
        tutor, llm = tutors[name]
        for k in range(per):
            if time.monotonic() > deadline:
                return
            question = questions[(i * per + k) % len(questions)]
            outcome = ask(tutor, llm, name, question, cancel)
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=learner, args=(i, name), daemon=True)
               for i, name in enumerate(learners)]
    started = time.perf_counter()
    with Peak(pids) as peak:
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        if any(t.is_alive() for t in threads):
            cancel.set()  # past the time limit: the answers in flight stop within 0.5 s
            for t in threads:
                t.join(grace_s)
    wall = time.perf_counter() - started
    hung = sum(t.is_alive() for t in threads)
    missing = check_sessions(tutors, outcomes)
    return outcomes, {"wall_s": wall, "hung_threads": hung, "missing_turns": missing,
                      "rss_mib": {k: v / 2**20 for k, v in peak.peak.items()}}


def check_sessions(tutors: dict[str, Any], outcomes: list[Outcome]) -> int:
    """Answered turns that are not in their learner's own session (should be 0)."""
    missing = 0
    for name, (tutor, _) in tutors.items():
        history = tutor.history(name)
        pairs = {(a["content"], b["content"]) for a, b in zip(history, history[1:], strict=False)
                 if a["role"] == "user" and b["role"] == "assistant"}
        for o in outcomes:
            if o.learner == name and o.answer and (o.question, o.answer) not in pairs:
                missing += 1
    return missing


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summary(n: int, outcomes: list[Outcome], extra: dict[str, Any]) -> dict[str, Any]:
    first = [o.first_word_s for o in outcomes if o.first_word_s is not None]
    model = [o.model_ttft_s for o in outcomes if o.model_ttft_s is not None]
    rates = [o.decode_tok_s for o in outcomes if o.decode_tok_s > 0]
    errors: dict[str, int] = {}
    for o in outcomes:
        if o.error:
            kind = "busy" if "is busy" in o.error else o.error.split(":")[0][:60]
            errors[kind] = errors.get(kind, 0) + 1
    return {
        "n": n, "asked": len(outcomes), "answered": sum(bool(o.answer) for o in outcomes),
        "model_answers": len(rates), "incomplete": sum(o.incomplete for o in outcomes),
        "errors": errors,
        "first_word_p50_s": pct(first, 50), "first_word_p95_s": pct(first, 95),
        "model_ttft_p50_s": pct(model, 50), "model_ttft_p95_s": pct(model, 95),
        "tok_s_per_learner_p50": pct(rates, 50),
        "tok_s_total": sum(o.tokens for o in outcomes) / extra["wall_s"],
        "max_wait_s": max((o.wait_s for o in outcomes), default=0.0),
        **extra,
    }


def show(row: dict[str, Any]) -> None:
    def f(v: Any, d: int = 2) -> str:
        return "-" if v is None else f"{v:.{d}f}"

    rss = row["rss_mib"]
    print(f"{row.get('label', 'N=' + str(row['n'])):>10}  asked {row['asked']:3d}  answered "
          f"{row['answered']:3d}  first word p50/p95 {f(row['first_word_p50_s'])}/"
          f"{f(row['first_word_p95_s'])} s  server ttft p50/p95 {f(row['model_ttft_p50_s'])}/"
          f"{f(row['model_ttft_p95_s'])} s  tok/s learner {f(row['tok_s_per_learner_p50'], 1)}"
          f" total {f(row['tok_s_total'], 1)}  errors {row['errors'] or 0}  incomplete "
          f"{row['incomplete']}  RSS server {rss['server']:.0f} MiB tutor {rss['tutor']:.0f} MiB"
          f"  wall {row['wall_s']:.1f} s  missing turns {row['missing_turns']}  hung "
          f"{row['hung_threads']}", flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", default="1,4,8,16", help="learner counts (default 1,4,8,16)")
    p.add_argument("--questions", type=int, default=4, help="questions per learner (default 4)")
    p.add_argument("--time-limit", type=float, default=300.0, help="seconds per N (default 300)")
    p.add_argument("--parallel", type=int, default=4, help="server slots (default 4)")
    p.add_argument("--threads", type=int, help="server CPU threads (default: llama.cpp's)")
    p.add_argument("--model", help="catalogue name (default: qwen2.5-coder-0.5b if installed)")
    p.add_argument("--busy-timeout", type=float, default=5.0,
                   help="backend timeout in the overload phase (default 5 s)")
    p.add_argument("--no-overload", action="store_true", help="skip the overload phase")
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = p.parse_args()
    ns = [int(x) for x in args.n.split(",") if x.strip()]
    ensure_offline()
    settings = Settings()
    model = args.model or pick_model()
    print(f"model {model}, {args.parallel} slots, learners {ns}, {args.questions} questions "
          f"each, {args.time_limit:.0f} s at most per N", flush=True)
    from knowledge.base import KnowledgeBase
    from knowledge.embedder import Embedder

    embedder = Embedder()
    kb = KnowledgeBase.from_settings(settings, embedder)
    kb.sync()
    questions = covered_questions()
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    server: ServerProcess = start_server(model, alias="class", parallel=args.parallel,
                                         threads=args.threads, timeout_s=600)
    print(f"server up in {time.perf_counter() - started:.1f} s at {server.url}", flush=True)
    pids = {"server": server.proc.pid, "tutor": os.getpid()}
    spec = server.spec
    try:
        with tempfile.TemporaryDirectory(prefix="classroom-") as tmp:
            root = Path(tmp)
            for n in ns:
                outcomes, extra = run_phase(
                    n, lambda: load_chat_model(Settings(model=spec)), kb, embedder,
                    questions, args.questions, args.time_limit, 10.0, root, pids)
                row = summary(n, outcomes, extra)
                rows.append(row)
                show(row)
            if not args.no_overload:
                n = min(4 * args.parallel, 32)
                outcomes, extra = run_phase(
                    n, lambda: OpenAIChatModel("class", server.url, timeout_s=args.busy_timeout),
                    kb, embedder, questions, 1, args.time_limit, 5.0, root / "overload", pids)
                row = summary(n, outcomes, extra) | {"label": f"overload{n}",
                                                     "busy_timeout_s": args.busy_timeout}
                rows.append(row)
                show(row)
                busy = next((o.error for o in outcomes if "is busy" in o.error), "")
                print(f"  overload: {n} learners on {args.parallel} slots, timeout "
                      f"{args.busy_timeout:.0f} s; longest wait on the server for a first word "
                      f"or an error {row['max_wait_s']:.1f} s; the message: {busy or '(none)'}")
    finally:
        server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps({"model": model, "parallel": args.parallel,
                                               "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
