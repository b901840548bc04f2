"""Convert a GGUF file once into a safetensors folder under TUTOR_HOME, then reuse it.

Reading a GGUF through transformers de-quantizes every tensor (~15 s for the 135M model);
loading the saved safetensors folder takes a few seconds, and bitsandbytes can then
re-quantize it however the user asked. The conversion writes into a temporary folder and
renames it into place, so a crash never leaves a half-written cache behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tutor.errors import ModelError
from tutor.llm.quiet import quiet_libraries, swallow_stderr

Progress = Callable[[str], None]
CACHE_VERSION = 1
MARKER = "tutor-cache.json"
_PARTIAL = ".partial-"


def cache_key(gguf: Path) -> str:
    """A folder name that changes when the file does: its name, size and modification time."""
    stat = gguf.stat()
    digest = hashlib.sha256(f"{gguf.name}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    stem = re.sub(r"[^\w.-]+", "_", gguf.stem)[:80]
    return f"{stem}-{digest[:12]}"


def cache_dir_for(gguf: Path, models_dir: Path) -> Path:
    """Where the converted copy of `gguf` lives (whether or not it exists yet)."""
    return models_dir / cache_key(gguf)


def tokenizer_dir_for(gguf: Path, models_dir: Path) -> Path:
    """Where the tokenizer alone of `gguf` is kept, for callers that need no weights."""
    return models_dir / f"{cache_key(gguf)}.tokenizer"


def save_tokenizer(tokenizer: Any, folder: Path) -> None:
    """Save a tokenizer read from a GGUF (seconds to parse) so the next read is instant."""
    partial = folder.with_name(f".{folder.name}{_PARTIAL}{os.getpid()}")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(partial, ignore_errors=True)
        tokenizer.save_pretrained(partial)
        os.replace(partial, folder)
    except OSError:  # only a speed-up: a read-only or racing home is fine
        shutil.rmtree(partial, ignore_errors=True)


def is_valid_cache(folder: Path) -> bool:
    """A finished conversion: our marker, a config, a tokenizer and intact safetensors files."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict) or marker.get("version") != CACHE_VERSION:
        return False
    if not (folder / "config.json").is_file() or not (folder / "tokenizer_config.json").is_file():
        return False
    shards = sorted(folder.glob("*.safetensors"))
    return bool(shards) and all(_safetensors_intact(shard) for shard in shards)


def _safetensors_intact(path: Path) -> bool:
    """Cheap check: the JSON header parses and the file is long enough for every tensor in it."""
    try:
        with path.open("rb") as handle:
            (header_len,) = struct.unpack("<Q", handle.read(8))
            if header_len <= 0 or header_len > 100_000_000:
                return False
            header = json.loads(handle.read(header_len))
        ends = [v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"]
        return path.stat().st_size >= 8 + header_len + max(ends, default=0)
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error):
        return False


def ensure_converted(gguf: Path, models_dir: Path, progress: Progress = lambda s: None) -> Path:
    """The cached safetensors folder for `gguf`, converting it first if needed."""
    folder = cache_dir_for(gguf, models_dir)
    if is_valid_cache(folder):
        return folder
    if folder.exists():
        progress(f"The model cache at {folder} is incomplete or corrupt; rebuilding it.")
        shutil.rmtree(folder, ignore_errors=True)
    return convert(gguf, models_dir, progress)


def convert(gguf: Path, models_dir: Path, progress: Progress = lambda s: None) -> Path:
    """Convert `gguf` into its cache folder (atomically) and return that folder."""
    folder = cache_dir_for(gguf, models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(folder)
    partial = folder.with_name(f".{folder.name}{_PARTIAL}{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    progress(f"Converting {gguf.name} to safetensors (once; about 20 s)…")
    try:
        _write_conversion(gguf, partial, progress)
        try:
            os.replace(partial, folder)
        except OSError:
            # Another process finished first: keep theirs if it is whole.
            if not is_valid_cache(folder):
                raise
            shutil.rmtree(partial, ignore_errors=True)
    except ModelError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelError(
            f"Could not convert {gguf.name}: {type(exc).__name__}: {exc}",
            "Check free disk space under TUTOR_HOME, or pass a Hugging Face model folder instead.",
        ) from exc
    progress(f"Model converted in {time.perf_counter() - started:.1f} s; cached at {folder}.")
    return folder


def _write_conversion(gguf: Path, dest: Path, progress: Progress) -> None:
    """De-quantize the GGUF with transformers and save weights, tokenizer and our marker."""
    quiet_libraries()
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with swallow_stderr():
        try:
            model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
            tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        except (ValueError, KeyError, RuntimeError, OSError) as exc:
            raise ModelError(
                f"transformers cannot read {gguf.name}: {exc}",
                "Use a GGUF of an architecture transformers supports (llama, qwen2, mistral, …).",
            ) from exc
    progress("Saving the converted weights…")
    # transformers refuses to serialize a model that came from a GGUF; the weights are
    # already plain de-quantized tensors, so dropping the quantizer marker is safe.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    dest.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(dest)
    tokenizer.save_pretrained(dest)
    stat = gguf.stat()
    marker = {
        "version": CACHE_VERSION,
        "source": str(gguf),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "transformers": transformers.__version__,
    }
    (dest / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")


def _remove_stale_partials(folder: Path) -> None:
    """Drop half-written conversions left by processes that are no longer running."""
    for partial in folder.parent.glob(f".{folder.name}{_PARTIAL}*"):
        pid_text = partial.name.rsplit(_PARTIAL, 1)[-1]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            continue
        shutil.rmtree(partial, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether a process with this id is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is not ours to signal
        return True
    return True
