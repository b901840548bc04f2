"""How fast the tutor's voice is: load time, time to first token and decode rate of every
installed catalogue model, in each engine/quantization asked for, on two prompts: a short
one, and the real answer prompt (3 retrieved passages + question, as the agent sends it:
cut to the passage budget, TUTOR_PROMPT_CHARS=0 for whole passages; bench/ttft.py breaks the
time to first token down over the dev questions).

`gguf` is llama.cpp (the `xllamacpp` wheel) running the GGUF file's own 4-bit weights: the
CPU default, and the speed peer the other rows are compared with (`vs_llama`, decode rate
over llama.cpp's on the same model). bf16/fp32/nf4 go through transformers (one-off GGUF
conversion, shown as convert_s on a fresh TUTOR_HOME). Prints figures only; numbers from a
shared or busy CPU are inflated (the load average is printed with them).

    .venv/bin/python bench/llm_speed.py [--models qwen2.5-coder-0.5b] [--quants gguf,bf16]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.agent.compose import usable  # noqa: E402
from tutor.agent.excerpts import budget_passages, prompt_chars  # noqa: E402
from tutor.agent.faithfulness import FaithfulnessChecker  # noqa: E402
from tutor.agent.prompts import answer_messages  # noqa: E402
from tutor.llm import GenerationParams, load_chat_model  # noqa: E402
from tutor.llm.catalogue import installed_models, record_speed  # noqa: E402
from tutor.runtime import Runtime  # noqa: E402
from tutor.settings import Settings  # noqa: E402

SHORT = [
    {"role": "system", "content": "You are a concise tutor on generative AI."},
    {"role": "user", "content": "Explain in a few sentences what a variational autoencoder is."},
]
QUESTION = "How does the discriminator help the generator improve in a GAN?"


def answer_prompt(settings: Settings) -> list:
    """The prompt generate_node would send: the top 3 usable of 5 retrieved passages, cut to
    the prompt's passage budget (bench/ttft.py measures it over many questions)."""
    runtime = Runtime(settings, with_llm=False)
    shown = usable(runtime.knowledge().retrieve(QUESTION, k=5))[:3]
    checker = FaithfulnessChecker(runtime.embedder())
    return answer_messages(QUESTION, budget_passages(QUESTION, shown, checker, prompt_chars()))


def bench(settings: Settings, prompts: dict, max_new: int, runs: int) -> list[dict]:
    model = load_chat_model(settings)
    convert_s = getattr(model, "convert_s", 0.0)
    "".join(model.stream(SHORT, GenerationParams(max_new_tokens=4)))  # warm-up
    rows = []
    for label, prompt in prompts.items():
        ttfts, rates = [], []
        for i in range(runs):
            # A different first word each run, so no run reuses the last one's prompt cache.
            varied = [*prompt[:-1], {**prompt[-1], "content": f"({i}) " + prompt[-1]["content"]}]
            "".join(model.stream(varied, GenerationParams(max_new_tokens=max_new)))
            assert model.last_timings is not None
            ttfts.append(model.last_timings.ttft_s)
            rates.append(model.last_timings.decode_tok_s)
        rows.append({
            "model": model.name, "quant": model.quant, "prompt": label,
            "convert_s": convert_s, "load_s": model.load_s - convert_s,
            "ttft_s": statistics.median(ttfts), "decode_tok_s": statistics.median(rates),
        })
    record_speed(settings.models_dir, model.name, model.quant, rows[-1]["decode_tok_s"],
                 rows[-1]["ttft_s"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(installed_models()))
    parser.add_argument("--quants", default="gguf,bf16")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    base = Settings(device="cpu")
    prompts = {"short": SHORT, "answer": answer_prompt(base)}
    print(f"cpus: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}  home: {base.home}")
    header = f"{'model':20} {'quant':5} {'prompt':7} {'convert_s':>9} {'load_s':>7} " \
             f"{'ttft_s':>7} {'tok/s':>6} {'vs_llama':>8}"
    print(header)
    for name in [m for m in args.models.split(",") if m]:
        peer: dict[str, float] = {}
        for quant in [q for q in args.quants.split(",") if q]:
            settings = base.model_copy(update={"model": name, "quant": quant})
            for row in bench(settings, prompts, args.max_new_tokens, args.runs):
                if quant == "gguf":
                    peer[row["prompt"]] = row["decode_tok_s"]
                ratio = row["decode_tok_s"] / peer[row["prompt"]] if row["prompt"] in peer else 0
                print(f"{row['model']:20} {row['quant']:5} {row['prompt']:7} "
                      f"{row['convert_s']:9.1f} {row['load_s']:7.1f} {row['ttft_s']:7.2f} "
                      f"{row['decode_tok_s']:6.1f} {ratio:8.2f}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak RSS of this process: {peak:.2f} GiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
