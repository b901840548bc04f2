"""OpenAIChatModel against a real llama.cpp server (xllamacpp) with the bundled GGUF."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tutor.errors import ModelError
from tutor.llm.base import GenerationParams
from tutor.llm.openai_chat import OpenAIChatModel
from tutor.llm.sources import bundled_gguf

xllamacpp = pytest.importorskip("xllamacpp")
ASK = [{"role": "user", "content": "Explain what a GAN is in detail."}]


@pytest.fixture(scope="module")
def server():
    params = xllamacpp.CommonParams()
    params.model.path = str(bundled_gguf())
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.n_ctx = 2048
    params.cpuparams.n_threads = 1
    params.model_alias = {"smollm2"}
    srv = xllamacpp.Server(params)
    yield f"{srv.listening_address}/v1"
    del srv


def test_streams_text_and_timings(server: str) -> None:
    model = OpenAIChatModel("smollm2", server).connect()
    text = "".join(model.stream(ASK, GenerationParams(max_new_tokens=16)))
    assert text.strip()
    assert model.last_timings is not None and model.last_timings.new_tokens > 0
    assert model.last_timings.ttft_s > 0 and not model.last_incomplete


def test_cancel_stops_within_half_a_second(server: str) -> None:
    model = OpenAIChatModel("smollm2", server).connect()
    cancel = threading.Event()
    pieces = model.stream(ASK, GenerationParams(max_new_tokens=400), cancel)
    next(pieces)
    cancel.set()
    started = time.perf_counter()
    rest = list(pieces)
    assert time.perf_counter() - started < 0.5
    assert len(rest) < 50


def test_wrong_model_name_lists_the_served_models(server: str) -> None:
    with pytest.raises(ModelError, match="smollm2"):
        OpenAIChatModel("no-such-model", server).connect()


def test_refused_connection_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ModelError, match="Cannot reach"):
        OpenAIChatModel("m", f"http://127.0.0.1:{port}/v1", max_retries=0).connect()


def test_serve_model_command_serves_the_openai_api() -> None:
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "serve-model", "--port", str(port), "--alias", "m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                reply = httpx.get(f"http://127.0.0.1:{port}/v1/models").json()
                ids = [m["id"] for m in reply["data"]]
                break
            except (httpx.HTTPError, KeyError):
                time.sleep(0.2)
        else:
            pytest.fail("serve-model did not start")
        assert ids == ["m"]
    finally:
        proc.kill()
        proc.wait()
