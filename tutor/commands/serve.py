"""`genai-tutor serve-model [NAME]`: one llama.cpp server (xllamacpp) for a whole class."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from tutor.errors import InputError, ModelError
from tutor.settings import Settings


def gguf_for(name: str, models_dir: Path | None = None) -> Path:
    """NAME -> a .gguf file: a catalogue name (parts joined and verified once) or a path."""
    from tutor.llm.catalogue import join_parts, lookup

    path = Path(name).expanduser()
    entry = lookup(name)
    if entry is not None and not path.exists():
        return join_parts(
            entry, models_dir or Settings().models_dir, lambda m: print(m, file=sys.stderr)
        )
    path = Path(name).expanduser()
    if path.is_file() and path.suffix.lower() == ".gguf":
        return path.resolve()
    raise InputError(
        f"Not a .gguf model: {name}",
        "Pass a catalogue name (genai-tutor models) or a path to a .gguf file.",
    )


def cmd_serve_model(args: argparse.Namespace, settings: Settings) -> int:
    path = gguf_for(args.name, settings.models_dir)
    if not 0 <= args.port <= 65535:
        raise InputError(f"Bad port {args.port}.", "Pass a port between 1 and 65535.")
    if not 1 <= args.parallel <= 64:
        raise InputError(f"Bad --parallel {args.parallel}.", "Pass 1 to 64 slots.")
    if args.threads is not None and not 1 <= args.threads <= 256:
        raise InputError(f"Bad --threads {args.threads}.", "Pass 1 to 256 threads.")
    try:
        import xllamacpp
    except ImportError as exc:
        raise ModelError(
            "xllamacpp is not installed.", "pip install xllamacpp==2026.10.11549"
        ) from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = 2048 * args.parallel
    params.n_parallel = args.parallel
    params.model_alias = {args.alias or path.stem}
    if args.threads:
        params.cpuparams.n_threads = args.threads
        params.cpuparams_batch.n_threads = args.threads
    server = xllamacpp.Server(params)
    print(
        f"serving {path.stem} as {args.alias or path.stem} on {server.listening_address}/v1",
        flush=True,
    )
    print(
        f"use: --model openai:{args.alias or path.stem}@{server.listening_address}/v1",
        file=sys.stderr,
        flush=True,
    )
    threading.Event().wait()  # until Ctrl-C
    return 0
