"""`genai-tutor demo NAME [--param value ...]`: run a live demo headless.

Text mode prints progress a person can follow; --json prints only the final metrics and
settings; --frames streams every frame as a JSON line (for tools and tests).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from demos.control import Control
from demos.frames import (
    DISTANCE_SERIES,
    Frame,
    ImageGrid,
    Log,
    Merge,
    Metrics,
    Scalars,
    TokenSpans,
    VectorField,
    to_json,
)
from demos.params import CompareParams
from demos.registry import DEMOS, get_spec, start
from tutor.agent.slash import coerce
from tutor.commands import compare as compare_cmd
from tutor.commands import demo_text
from tutor.commands.io import print_json
from tutor.demo_context import ModelLoader
from tutor.errors import DemoError
from tutor.settings import Settings
from tutor.text import safe_print
from tutor.ui.render_field import plain_lines

RAMP = " .:-=+*#%@"


def parse_params(tokens: list[str]) -> dict[str, Any]:
    """`--steps 200 --lr 1e-4 --conditional --text "hi"` -> typed values (bounds come later)."""
    params: dict[str, Any] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("--") or len(token) < 3:
            raise DemoError(
                f"Unexpected demo argument {token!r}.", "Use --param value, e.g. --steps 2000."
            )
        key = token[2:].replace("-", "_")
        if "=" in key:
            key, raw = key.split("=", 1)
            i += 1
        elif i + 1 < len(tokens) and not tokens[i + 1].startswith("--"):
            raw, i = tokens[i + 1], i + 2
        else:
            raw, i = "true", i + 1
        if not key or not key.replace("_", "").isalnum():
            raise DemoError(f"{token!r} is not an option name.", "Options look like --steps 2000.")
        params[key] = _typed(raw)
    return params


def _typed(raw: str) -> Any:
    """One number reader for the CLI and the chat's slash commands: never raises (a number
    too big to hold is inf, which the bounds clamp or refuse with a message)."""
    return coerce(raw)


def describe_demos() -> str:
    lines = []
    entries = [(spec.name, spec.title, spec.params) for spec in DEMOS.values()]
    entries.append((compare_cmd.NAME, "GAN vs VAE vs diffusion on the same 2-D data, one table",
                    CompareParams))
    for name, title, params in entries:
        lines.append(f"{name:11} {title}")
        for key, field in params.model_fields.items():
            lines.append(f"{'':13}--{key.replace('_', '-')}: {field.description or ''}")
    return "\n".join(lines)


def ascii_image(image: list[list[float]]) -> list[str]:
    return ["".join(RAMP[min(len(RAMP) - 1, int(v * len(RAMP)))] * 2 for v in row) for row in image]


def print_grid(frame: ImageGrid, max_images: int = 10) -> None:
    images = frame.images[:max_images]
    safe_print(f"{frame.title} (step {frame.step})")
    for r in range(len(images[0]) if images else 0):
        safe_print("  " + " ".join(ascii_image([img[r]])[0] for img in images))


def show(frame: Frame, last_print: list[float],
         final_grids: dict[str, ImageGrid | VectorField]) -> None:
    """Human-readable progress: logs and metrics always, scalars at most twice a second;
    image grids and vector fields are kept (the latest of each) and printed at the end."""
    now = time.monotonic()
    inside = demo_text.lines(frame)
    if inside is not None:
        for line in inside:
            safe_print(line)
    elif isinstance(frame, Log):
        safe_print(f"· {frame.text}")
    elif isinstance(frame, Scalars) and DISTANCE_SERIES & frame.values.keys():
        safe_print(f"step {frame.step:>6}  "
                   + "  ".join(f"{k} {v:.4f}" for k, v in frame.values.items()))
    elif isinstance(frame, Scalars) and now - last_print[0] > 0.5:
        last_print[0] = now
        safe_print(
            f"step {frame.step:>6}  " + "  ".join(f"{k} {v:.4f}" for k, v in frame.values.items())
        )
    elif isinstance(frame, Metrics) and not frame.final:
        safe_print(
            f"step {frame.step:>6}  " + "  ".join(f"{k} {_fmt(v)}" for k, v in frame.values.items())
        )
    elif isinstance(frame, TokenSpans):
        safe_print(f"{frame.tokenizer}: {len(frame.tokens)} tokens")
        safe_print(
            "  " + "|".join(t.text.replace("\n", "↵").replace(" ", "·") for t in frame.tokens)
        )
        safe_print("  ids: " + " ".join(str(t.id) for t in frame.tokens))
    elif isinstance(frame, Merge) and (frame.step < 10 or frame.step % 50 == 0):
        safe_print(
            f"merge {frame.step:>4}: {frame.pair[0]!r} + {frame.pair[1]!r}"
            f" -> {frame.merged!r} (×{frame.count})"
        )
    elif isinstance(frame, ImageGrid | VectorField):
        final_grids[f"{frame.kind}:{frame.title}"] = frame


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.list or not args.name:
        safe_print(describe_demos())
        return 0
    if args.name.strip().lower() == compare_cmd.NAME:
        return compare_cmd.cmd_compare(args, parse_params(args.params))
    spec = get_spec(args.name)
    control = Control()
    # Trusted context from the command line (never from demo arguments): the model a demo
    # that reads one loads (--model, else the bundled one) with these settings, and
    # TUTOR_HOME. Nobody can pick a token from here: the sampling demo never waits for one.
    model = getattr(args, "model", None) or "bundled"
    context: dict[str, Any] = {"home": settings.home, "wait_s": 0.0, "model": model,
                               "load_lm": ModelLoader(settings, model)}
    if spec.reads_tokenizer:  # the configured model's, --model included
        from tutor.runtime import Runtime

        context["llm_tokenizer"] = Runtime(settings, with_llm=False).llm_tokenizer()
    frames, notes = start(spec.name, parse_params(args.params), control, context)
    for note in notes:
        safe_print(f"note: {note}", file=sys.stderr)
    final: Metrics | None = None
    last_print = [0.0]
    grids: dict[str, ImageGrid | VectorField] = {}
    if not args.json and not args.frames:
        safe_print(f"{spec.title} — Ctrl-C stops it.")
    try:
        for frame in frames:
            if isinstance(frame, Metrics) and frame.final:
                final = frame
            if args.frames:
                print_json(to_json(frame))
            elif not args.json:
                show(frame, last_print, grids)
    except KeyboardInterrupt:
        control.stop()
        safe_print("stopped.", file=sys.stderr)
        return 130
    if args.json:
        print_json({"demo": spec.name, "notes": notes, **(final.values if final else {})})
    elif not args.frames:
        for grid in grids.values():
            if isinstance(grid, VectorField):
                for line in plain_lines(grid):
                    safe_print(line)
            else:
                print_grid(grid)
        if final:
            safe_print("final:")
            for key, value in final.values.items():
                safe_print(f"  {key:24} {_fmt(value)}")
    return 0
