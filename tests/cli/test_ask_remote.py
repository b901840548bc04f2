"""`genai-tutor ask --model openai:MODEL@URL` through the real console entry point, against a
real llama.cpp server (xllamacpp, the bundled SmolLM2 GGUF) in a child process: an answer
with its sources; a wrong model name, a refused connection or a malformed spec is one clear
line and exit code 2, found before anything heavy loads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.llm.serving import ServerProcess, start_server
from tutor.llm.sources import bundled_gguf

pytest.importorskip("xllamacpp")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with start_server(bundled_gguf(), alias="smol", threads=2) as srv:
        yield srv


def ask(home: Path, model: str, *args: str) -> subprocess.CompletedProcess[str]:
    # Short answers: the test is about the path through the CLI, not the prose.
    env = {**os.environ, "TUTOR_HOME": str(home), "HF_HUB_OFFLINE": "1",
           "TUTOR_ANSWER_TOKENS": "24"}
    return subprocess.run(
        [sys.executable, "-m", "tutor", "ask", "--model", model, *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=180,
    )


@pytest.mark.real
def test_ask_through_a_model_server_prints_the_answer_and_its_sources(
    server: ServerProcess, home_with_index: Path
) -> None:
    run = ask(home_with_index, server.spec, "--json", "What is a Variational Autoencoder?")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["model"] == "smol" and result["quant"] == "server"
    assert result["draft"].strip()  # the server's model wrote it
    assert result["answer"].strip() and result["incomplete"] is False
    assert any("Variational Autoencoders" in c["section"] for c in result["citations"])
    assert result["timings"]["ttft_s"] > 0


@pytest.mark.parametrize(
    "model,needle",
    [
        ("openai:no-such-model@{url}", "has no model 'no-such-model'. Hint: It serves: smol."),
        ("openai:smol@http://127.0.0.1:{free}/v1", "Cannot reach the model server"),
        ("openai:smol", "Bad model spec"),
    ],
)
def test_a_wrong_server_or_model_is_one_clear_line_and_exit_2(
    server: ServerProcess, tmp_path: Path, model: str, needle: str
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]  # nothing listens there once closed
    run = ask(tmp_path, model.format(url=server.url, free=free), "What is a VAE?")
    assert run.returncode == 2, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("genai-tutor:")]
    assert len(errors) == 1 and needle in errors[0], run.stderr
    assert "Traceback" not in run.stderr
    assert "embedding model" not in run.stderr  # refused before anything heavy loaded
