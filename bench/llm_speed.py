"""How fast the tutor's LLM runtime is: load time, time to first token and decode rate for
each quantization of the default model, and llama.cpp on the same GGUF when it is installed.

    .venv/bin/python bench/llm_speed.py [--max-new-tokens 64] [--quants nf4,bf16,int8,fp32]

Prints figures only (no assertions). Uses TUTOR_HOME when set, else a temporary home, so the
first row also shows the one-off GGUF conversion. Numbers from a shared or busy CPU are inflated.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.llm import GenerationParams, load_chat_model  # noqa: E402
from tutor.llm.sources import bundled_gguf  # noqa: E402
from tutor.settings import Settings, ensure_offline  # noqa: E402

PROMPT = [
    {"role": "system", "content": "You are a concise tutor on generative AI."},
    {"role": "user", "content": "Explain in a few sentences what a variational autoencoder is."},
]


def bench_quant(home: Path, quant: str, max_new: int, runs: int) -> dict[str, float | str]:
    """Load the default model in `quant`, warm it up, then time `runs` answers."""
    lines: list[str] = []
    model = load_chat_model(Settings(home=home, quant=quant), lines.append)  # type: ignore[arg-type]
    convert_s = getattr(model, "convert_s", 0.0)
    "".join(model.stream(PROMPT, GenerationParams(max_new_tokens=8)))  # warm-up
    ttfts, rates, tokens = [], [], []
    for _ in range(runs):
        "".join(model.stream(PROMPT, GenerationParams(max_new_tokens=max_new)))
        timings = model.last_timings
        assert timings is not None
        ttfts.append(timings.ttft_s)
        rates.append(timings.decode_tok_s)
        tokens.append(timings.new_tokens)
    return {
        "quant": quant,
        "device": model.device,
        "convert_s": convert_s,
        "load_s": model.load_s - convert_s,
        "ttft_s": statistics.median(ttfts),
        "decode_tok_s": statistics.median(rates),
        "new_tokens": statistics.median(tokens),
    }


def bench_llama_cpp(max_new: int, runs: int) -> dict[str, float] | None:
    """The same GGUF under llama-cpp-python, if it happens to be installed."""
    try:
        from llama_cpp import Llama  # type: ignore[import-not-found]
    except ImportError:
        return None
    started = time.perf_counter()
    llm = Llama(model_path=str(bundled_gguf()), n_ctx=2048, n_threads=os.cpu_count(), verbose=False)
    load_s = time.perf_counter() - started
    ttfts, rates = [], []
    for i in range(runs + 1):  # the first is the warm-up
        t0 = time.perf_counter()
        first = last = None
        count = 0
        for _ in llm.create_chat_completion(
            messages=PROMPT, max_tokens=max_new, temperature=0.0, stream=True
        ):
            now = time.perf_counter()
            first = first or now
            last = now
            count += 1
        if i and first is not None and last is not None:
            ttfts.append(first - t0)
            rates.append((count - 1) / (last - first) if count > 1 and last > first else 0.0)
    return {
        "load_s": load_s,
        "ttft_s": statistics.median(ttfts),
        "decode_tok_s": statistics.median(rates),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--runs", type=int, default=2, help="timed answers per quant (median)")
    parser.add_argument("--quants", default="nf4,bf16,int8,fp32")
    args = parser.parse_args(argv)
    ensure_offline()
    own_home = "TUTOR_HOME" not in os.environ
    home = Path(tempfile.mkdtemp(prefix="tutor-bench-")) if own_home else Settings().home
    print(
        f"model: {bundled_gguf().name}  home: {home}  cpus: {os.cpu_count()}  "
        f"max_new_tokens: {args.max_new_tokens}  runs: {args.runs} (+1 warm-up)"
    )
    header = f"{'quant':<6}{'device':<8}{'convert s':>10}{'load s':>9}{'TTFT s':>9}"
    print(header + f"{'decode tok/s':>14}{'tokens':>8}", flush=True)
    rows = []
    try:
        for quant in args.quants.split(","):
            row = bench_quant(home, quant.strip(), args.max_new_tokens, args.runs)
            rows.append(row)
            print(
                f"{row['quant']:<6}{row['device']:<8}{row['convert_s']:>10.1f}"
                f"{row['load_s']:>9.1f}{row['ttft_s']:>9.2f}{row['decode_tok_s']:>14.1f}"
                f"{row['new_tokens']:>8.0f}",
                flush=True,
            )
    finally:
        if own_home:
            shutil.rmtree(home, ignore_errors=True)
    llama = bench_llama_cpp(args.max_new_tokens, args.runs)
    if llama is None:
        print(
            "llama.cpp: skipped (llama_cpp is not importable; install llama-cpp-python to compare)"
        )
    else:
        nf4 = next((r for r in rows if r["quant"] == "nf4"), rows[0] if rows else None)
        print(
            f"llama.cpp: load {llama['load_s']:.1f} s, TTFT {llama['ttft_s']:.2f} s, "
            f"decode {llama['decode_tok_s']:.1f} tok/s"
        )
        if nf4 is not None and float(nf4["decode_tok_s"]) > 0:
            ratio = llama["decode_tok_s"] / float(nf4["decode_tok_s"])
            print(f"llama.cpp decode / transformers {nf4['quant']} decode: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
