"""Shared fixtures: every test gets a temporary TUTOR_HOME; the real (slow to load) pieces
are built once per test session and shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


@pytest.fixture(autouse=True)
def tutor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test writes under its own TUTOR_HOME."""
    home = tmp_path / "tutor-home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TUTOR_HOME shared by the session-scoped real pieces (model cache, index)."""
    return tmp_path_factory.mktemp("session-home")


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM embedder, loaded once."""
    from knowledge.embedder import Embedder

    return Embedder()
