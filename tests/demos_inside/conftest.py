"""One real SmolLM2-135M (fp32, CPU) shared by every test of the "inside the LLM" demos.

It is converted from the bundled GGUF once into the session's shared TUTOR_HOME (the same
cache the other areas' real tests use) and handed to each demo through its config."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.demos_vae_tok.conftest import assert_plain  # noqa: F401  (re-exported)


@pytest.fixture(scope="session")
def lm(session_home: Path):
    from tutor.demo_context import ModelLoader
    from tutor.settings import Settings

    return ModelLoader(Settings(home=session_home), "bundled")()


@pytest.fixture(autouse=True)
def one_torch_thread():
    """These tests run SmolLM2 forward passes one at a time; on the shared 2-core machine two
    OpenMP threads spin against each other (measured under load: 5.3 s a forward on 2
    threads, 0.48 s on 1), so each test runs on one thread and puts the count back."""
    from demos.torch_threads import torch_threads

    with torch_threads(1):
        yield
