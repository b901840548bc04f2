"""A model server in a child process: `genai-tutor serve-model` started, awaited and stopped.

The bench and the tests run the real server this way so that they can kill it (-9) mid-answer
or read its memory; the port is the one the server itself picked (port 0), never guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tutor.errors import ModelError

_ADDRESS = re.compile(r" on (https?://\S+/v1)\s*$")


@dataclass
class ServerProcess:
    """A running `serve-model` child: its process and the OpenAI base URL it serves."""

    proc: subprocess.Popen[str]
    url: str
    alias: str
    log: list[str] = field(default_factory=list)  # what it wrote on stderr, for failures

    @property
    def spec(self) -> str:
        """The --model value that reaches it."""
        return f"openai:{self.alias}@{self.url}"

    def kill(self) -> None:
        """SIGKILL: the server dies at once, mid-answer if it was answering."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)

    def stop(self, grace_s: float = 5.0) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(grace_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_server(
    model: str | Path,
    *,
    alias: str = "m",
    parallel: int = 1,
    threads: int | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    timeout_s: float = 120.0,
    env: dict[str, str] | None = None,
) -> ServerProcess:
    """Start `genai-tutor serve-model MODEL` in a child process; return once it listens."""
    cmd = [sys.executable, "-m", "tutor", "serve-model", str(model), "--alias", alias,
           "--host", host, "--port", str(port), "--parallel", str(parallel)]
    if threads:
        cmd += ["--threads", str(threads)]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    log: list[str] = []
    assert proc.stderr is not None and proc.stdout is not None
    threading.Thread(target=_drain, args=(proc.stderr, log), daemon=True).start()
    found: list[str] = []

    def read_address() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            match = _ADDRESS.search(line)
            if match:
                found.append(match.group(1))
                break
        _drain(proc.stdout, [])

    threading.Thread(target=read_address, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while not found:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = "".join(log)[-600:]
            raise ModelError(f"The model server did not start: {tail or 'no output'}",
                             "Run `genai-tutor serve-model` by hand to see why.")
        time.sleep(0.05)
    return ServerProcess(proc, found[0], alias, log)


def _drain(stream: object, sink: list[str]) -> None:
    """Keep reading a child's pipe so that it never blocks on a full one."""
    for line in stream:  # type: ignore[attr-defined]
        if len(sink) < 200:
            sink.append(line)
