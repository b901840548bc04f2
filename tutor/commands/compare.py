"""`genai-tutor demo compare [--dataset ring|grid] [--steps N] [--batch-size B] [--json]`:
GAN, VAE and diffusion on the same 2-D data with the same budget, as one table
(`demos.compare`). Text mode prints a line as each model finishes, then the table; --json
prints the table's rows; --frames streams the frames as JSON lines."""

from __future__ import annotations

import argparse
import sys

from demos.control import Control
from demos.frames import Log, Metrics, to_json
from demos.params import CompareParams
from demos.registry import check_params
from tutor.commands.io import print_json
from tutor.text import safe_print

NAME = "compare"


def cmd_compare(args: argparse.Namespace, params: dict) -> int:
    from demos import compare

    clean, notes = check_params(CompareParams, params, "demo compare")
    for note in notes:
        safe_print(f"note: {note}", file=sys.stderr)
    control = Control()
    if not args.json and not args.frames:
        safe_print(f"{compare.TITLE} — Ctrl-C stops it.")
    final: Metrics | None = None
    try:
        for frame in compare.run(compare.Config(**clean), control):
            if isinstance(frame, Metrics) and frame.final:
                final = frame
            if args.frames:
                print_json(to_json(frame))
            elif not args.json and isinstance(frame, Log):
                safe_print(f"· {frame.text}")
    except KeyboardInterrupt:
        control.stop()
        safe_print("stopped.", file=sys.stderr)
        return 130
    if final is None:
        return 130
    if args.json:
        print_json({"demo": NAME, "notes": notes, **final.values})
    elif not args.frames:
        for line in compare.table(final.values):
            safe_print(line)
    return 0
