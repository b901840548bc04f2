"""Where the voice's time to first token goes, on the real answer prompt: the dev split's
covered questions, each with its own top 3 usable passages as the agent retrieves them, sent
as generate_node sends them (passage budget, system prompt, question) to a warm llama.cpp
model whose prompt cache holds the system prompt (the tutor primes it at load: Tutor._prime;
the "unprimed" row is a first answer without that).

For each passage budget (characters of passage text in the prompt; 0 = whole passages) it
prints the prompt's tokens (llama.cpp's own count: read, and reused from the prompt cache),
time to first token measured from the request (the budget's sentence ranking included),
prefill and decode rates, and how long the ranking took; medians over the questions.
A busy CPU inflates every figure; the load average is printed with them.

    .venv/bin/python bench/ttft.py [--budgets 0,900] [--questions 8] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.agent.compose import usable  # noqa: E402
from tutor.agent.excerpts import budget_passages  # noqa: E402
from tutor.agent.faithfulness import FaithfulnessChecker  # noqa: E402
from tutor.agent.prompts import answer_messages, system_prompt  # noqa: E402
from tutor.llm import GenerationParams, load_chat_model  # noqa: E402
from tutor.runtime import Runtime  # noqa: E402
from tutor.settings import Settings  # noqa: E402

SETS = ROOT / "bench/sets/questions_a.jsonl"


def dev_questions(n: int) -> list[str]:
    """The first n covered questions of the dev split (even ids; odd ones are test)."""
    rows = [json.loads(x) for x in SETS.read_text().splitlines() if x.strip()]
    dev = [r for r in rows if int(r["id"].lstrip("abcdefghijklmnopqrstuvwxyz-")) % 2 == 0]
    return [r["question"] for r in dev if r["covered"]][:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", default="0,900")
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--model", default=None, help="catalogue name; default: the settings'")
    args = parser.parse_args(argv)
    args.budgets_list = [int(b) for b in args.budgets.split(",") if b.strip()]
    settings = Settings(device="cpu", quant="gguf")
    if args.model:
        settings = settings.model_copy(update={"model": args.model})
    runtime = Runtime(settings, with_llm=False)
    knowledge, checker = runtime.knowledge(), FaithfulnessChecker(runtime.embedder())
    cases = []
    for question in dev_questions(args.questions):
        shown = usable(knowledge.retrieve(question, k=5))[:3]
        if shown:  # a question retrieval finds uncovered gets no prompt at all
            cases.append((question, shown))
    model = load_chat_model(settings)
    if not hasattr(model, "last_prompt_tokens"):
        parser.error(f"{model.name} ({model.quant}) is not run by llama.cpp")
    params = GenerationParams(max_new_tokens=args.max_new_tokens)
    budget_passages(cases[0][0], cases[0][1], checker, 1)  # the embedder's first call is slow

    def ask(question: str, shown: list, budget: int, mark: str) -> tuple[float, ...]:
        """(prompt tokens, of which cached, ttft, prefill tok/s, decode tok/s, rank ms)."""
        started = time.perf_counter()
        read = budget_passages(question, shown, checker, budget)
        ranked = time.perf_counter()
        prompt = answer_messages(question, read)
        # A mark of its own at the head of each question, so that no request reuses more of
        # an earlier one (another budget's, same question) than the system prompt.
        prompt[-1] = {**prompt[-1], "content": f"({mark}) " + prompt[-1]["content"]}
        "".join(model.stream(prompt, params))
        timings, counts = model.last_timings, model.last_prompt_tokens
        assert timings is not None and counts is not None
        return (sum(counts), counts[1], timings.ttft_s + (ranked - started),
                counts[0] / timings.ttft_s, timings.decode_tok_s, (ranked - started) * 1000)

    print(f"cpus: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}  "
          f"model: {model.name} ({model.quant})  questions: {len(cases)} (dev split)")
    header = f"{'tokens':>6} {'cached':>6} {'ttft_s':>6} {'prefill/s':>9} {'decode/s':>8} " \
             f"{'rank_ms':>7}"
    print(f"{'':12} {header}")
    # The first question as the first answer after loading, had the tutor not primed the
    # cache (Tutor._prime), then as it is; the budget rows are medians over all questions.
    cold = ask(*cases[0], args.budgets_list[0], "cold")
    print(f"{'unprimed':12} {_row(cold)}")
    model.prime([{"role": "system", "content": system_prompt()}])
    print(f"{'primed':12} {_row(ask(*cases[0], args.budgets_list[0], 'primed'))}")
    for run, budget in enumerate(args.budgets_list):
        rows = [ask(q, shown, budget, f"{run}.{i}") for i, (q, shown) in enumerate(cases)]
        med = tuple(statistics.median(r[k] for r in rows) for k in range(6))
        print(f"{'budget ' + str(budget):12} {_row(med)}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


def _row(r: tuple[float, ...]) -> str:
    return f"{r[0]:6.0f} {r[1]:6.0f} {r[2]:6.2f} {r[3]:9.0f} {r[4]:8.1f} {r[5]:7.0f}"


if __name__ == "__main__":
    raise SystemExit(main())
