"""One-way imports (house style #1): the core never imports textual; the UI and the CLI's
entry never import torch, transformers or chromadb at module level. Each side is imported
in a fresh interpreter and its sys.modules inspected."""

from __future__ import annotations

import ast
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


def test_demos_are_handed_their_model_and_never_load_one_themselves() -> None:
    """A demo that reads a language model gets it (or a loader built from the tutor's
    settings) from its caller: no module under demos/ reaches into tutor.llm or the runtime,
    or builds Settings of its own (which would ignore --model and the settings file)."""
    offenders = []
    for path in sorted((ROOT / "demos").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {a.name for a in node.names}
                if node.module.startswith(("tutor.llm", "tutor.runtime")) or (
                    node.module == "tutor.settings" and "Settings" in names
                ):
                    offenders.append(f"{path.name}: from {node.module} import {names}")
            elif isinstance(node, ast.Import):
                offenders += [f"{path.name}: import {a.name}" for a in node.names
                              if a.name.startswith(("tutor.llm", "tutor.runtime"))]
    assert offenders == []
