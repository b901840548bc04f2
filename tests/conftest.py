"""Shared fixtures: every test gets a temporary TUTOR_HOME; the real (slow to load) pieces
are built once per test session and shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
# Tests that only need a working model use the 135M one; the default voice has its own tests.
os.environ.setdefault("TUTOR_MODEL", "smollm2-135m")


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


@pytest.fixture(scope="session")
def real_settings(session_home: Path):
    """Settings for the real pieces, under the session's shared TUTOR_HOME."""
    from tutor.settings import Settings

    return Settings(home=session_home, model="bundled", quant="auto", device="cpu")


@pytest.fixture(scope="session")
def real_runtime(real_settings, embedder):
    """The real Runtime (bundled SmolLM2 in nf4, MiniLM, Chroma on disk, SQLite), loaded once
    per test session and shared by every area's end-to-end tests: the GGUF is converted once."""
    from tutor.runtime import Runtime

    return Runtime(real_settings, embedder=embedder).load()


@pytest.fixture(scope="session")
def shipped_index(real_settings, embedder) -> Path:
    """The shipped notes indexed once (real MiniLM, real Chroma) in the session's TUTOR_HOME,
    which `real_runtime` reuses. Tests that start the CLI or the app in a child process copy
    it into their own TUTOR_HOME (`home_with_index`) instead of indexing again (10-25 s)."""
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase.from_settings(real_settings, embedder)
    kb.sync()
    kb.close()
    return real_settings.index_dir


@pytest.fixture
def home_with_index(tutor_home: Path, shipped_index: Path) -> Path:
    """This test's TUTOR_HOME with a copy of the shipped notes' index."""
    import shutil

    shutil.copytree(shipped_index, tutor_home / "index")
    return tutor_home
