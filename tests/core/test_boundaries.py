"""One-way imports (house style #1): the core never imports textual; the UI and the CLI's
entry never import torch, transformers or chromadb at module level. Each side is imported
in a fresh interpreter and its sys.modules inspected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "chromadb", "sentence_transformers", "bitsandbytes")

CORE = [
    "tutor.cli",
    "tutor.runtime",
    "tutor.llm",
    "tutor.agent",
    "tutor.quiz",
    "tutor.learners",
    "tutor.llm.serving",
    "knowledge.base",
    "knowledge.retriever",
    "demos.registry",
    "demos.gan",
    "demos.vae",
    "demos.tokenize",
    "tutor.demo_context",
    "tutor.demo_process",
    "tutor.demo_lines",
]
LIGHT = ["tutor.cli", "tutor.ui.app", "demos.registry", "tutor.llm", "tutor.runtime",
         "tutor.demo_context", "tutor.demo_process"]


def loaded_after_import(module: str, watch: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(m for m in {watch!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return [m for m in out.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_textual(module: str) -> None:
    assert loaded_after_import(module, ("textual",)) == []


@pytest.mark.parametrize("module", LIGHT)
def test_ui_and_entry_points_stay_light(module: str) -> None:
    assert loaded_after_import(module, HEAVY) == []
