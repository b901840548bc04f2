"""The real bundled model, converted and loaded once per test session and shared.

The first load deliberately meets a corrupt cache folder and a stale half-written
conversion, so the one (slow) conversion of the session also proves they are repaired.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tutor.llm.gguf_cache import MARKER, cache_dir_for
from tutor.llm.sources import bundled_gguf
from tutor.settings import Settings


@dataclass
class Loaded:
    """The shared model and what its first load reported."""

    model: object
    settings: Settings
    progress: list[str]
    cache: Path
    stale_partial: Path


@pytest.fixture(scope="session")
def llm_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TUTOR_HOME of this area's own, so the corrupt-cache set-up below is always fresh."""
    return tmp_path_factory.mktemp("llm-home")


@pytest.fixture(scope="session")
def loaded(llm_home: Path) -> Loaded:
    from tutor.llm import load_chat_model

    settings = Settings(home=llm_home, model="bundled", quant="bf16", device="cpu")
    cache = cache_dir_for(bundled_gguf(), settings.models_dir)
    cache.mkdir(parents=True)
    (cache / MARKER).write_text(json.dumps({"version": 1}))
    (cache / "config.json").write_text("{}")
    (cache / "tokenizer_config.json").write_text("{}")
    (cache / "model.safetensors").write_bytes(b'\x10\x00\x00\x00\x00\x00\x00\x00{"w": 1')
    stale = cache.with_name(f".{cache.name}.partial-999999999")
    stale.mkdir()
    progress: list[str] = []
    model = load_chat_model(settings, progress.append)
    return Loaded(model, settings, progress, cache, stale)


@pytest.fixture(scope="session")
def chat(loaded: Loaded):
    """The shared bf16 TransformersChatModel (bf16 decodes ~9x faster than nf4 on a CPU;
    nf4 has its own tests in test_loading.py)."""
    return loaded.model


@pytest.fixture(scope="session")
def tiny_folder(loaded: Loaded, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer Hugging Face folder cut from the real cache: cheap to load in every quant."""
    folder = tmp_path_factory.mktemp("tiny-smollm2")
    for item in loaded.cache.iterdir():
        if item.name == "config.json":
            config = json.loads(item.read_text())
            config["num_hidden_layers"] = 2
            (folder / item.name).write_text(json.dumps(config))
        elif item.suffix == ".safetensors":
            (folder / item.name).symlink_to(item)
        elif item.is_file():
            shutil.copy(item, folder / item.name)
    return folder
