"""Wall time, steps/s and final metrics of every demo at its default settings.

Each run goes through `demos.registry.start`, exactly as the CLI and the chat start a demo.
Run on the target machine (2 cores) with nothing else busy; on a bigger one, pin it:
`taskset -c 0,1 .venv/bin/python bench/demos.py`. `--only vae` picks demos, `--json FILE`
also writes the figures. cpu is the process's CPU time: on a busy machine it stays honest
while wall time swells.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS: list[tuple[str, dict[str, Any]]] = [
    ("gan", {"dataset": "ring"}),
    ("gan", {"dataset": "grid"}),
    # Mode collapse, for teaching: the generator alone (DRS would hide part of it).
    ("gan", {"dataset": "ring", "r1": 0, "lr": 3e-3, "rejection": False}),
    ("gan-digits", {}),
    ("vae", {}),
    ("vae", {"digit": 7}),
    ("tokenize", {}),
    ("sampling", {}),
    ("attention", {}),
    ("embeddings", {}),
    ("finetune", {}),
    ("diffusion", {"dataset": "ring"}),
    ("diffusion", {"dataset": "grid"}),
    ("diffusion", {"dataset": "spiral"}),
    ("diffusion", {"dataset": "digits", "digit": 7}),
    ("bleu", {}),
]
SHOWN = 8  # metrics per row in the table; --json keeps them all


def run_one(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """One default run: its final metrics, wall time, and frame count."""
    import importlib.util

    from demos.frames import Metrics
    from demos.registry import get_spec, start

    if importlib.util.find_spec(get_spec(name).module) is None:
        return {"demo": name, "args": args, "error": "not built yet"}
    from tutor.demo_context import ModelLoader
    from tutor.settings import Settings

    settings = Settings()
    # as the CLI does: the bundled model for a demo that reads one, the configured model's
    # tokenizer for the tokenizer demo
    context: dict[str, Any] = {"load_lm": ModelLoader(settings, "bundled")}
    if get_spec(name).reads_tokenizer:
        from tutor.runtime import Runtime

        context["llm_tokenizer"] = Runtime(settings, with_llm=False).llm_tokenizer()
    started = time.perf_counter()
    cpu = time.process_time()
    frames, notes = start(name, args, context=context)
    final: dict[str, Any] = {}
    count = 0
    for frame in frames:
        count += 1
        if isinstance(frame, Metrics) and frame.final:
            final = dict(frame.values)
    wall = time.perf_counter() - started
    steps = final.get("steps_done", final.get("steps"))  # the GANs say steps_done
    return {"demo": name, "args": args, "wall_s": wall, "cpu_s": time.process_time() - cpu,
            "frames": count, "steps": steps,
            "steps_per_s": final.get("steps_per_s", steps / wall if steps else None),
            "notes": notes, "metrics": final}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def headline(metrics: dict[str, Any]) -> str:
    skip = {"settings", "label_counts", "wall_s", "train_s", "steps", "steps_done",
            "steps_per_s", "n_modes", "eval_samples", "min_count", "frechet_features"}
    items = [(k, v) for k, v in metrics.items()
             if k not in skip and isinstance(v, int | float | str | bool)]
    return ", ".join(f"{k}={_fmt(v)}" for k, v in items[:SHOWN])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="demo names to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    opts = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    print(f"# {os.cpu_count()} CPUs visible, {len(os.sched_getaffinity(0))} usable, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads", flush=True)
    results = []
    for name, args in RUNS:
        if opts.only and name not in opts.only:
            continue
        result = run_one(name, args)
        results.append(result)
        label = f"{name} {json.dumps(args) if args else ''}".strip()
        if "error" in result:
            print(f"{label:<42} {result['error']}", flush=True)
            continue
        print(f"{label:<42} wall {result['wall_s']:6.1f} s  cpu {result['cpu_s']:6.1f} s  "
              f"steps {_fmt(result['steps']):>6}  steps/s {_fmt(result['steps_per_s']):>6}  "
              f"{headline(result['metrics'])}",
              flush=True)
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
