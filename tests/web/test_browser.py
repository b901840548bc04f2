"""`genai-tutor web` in a real headless browser: Debian's Chromium driven by Playwright (no
browser download), the real server (textual-serve), a real tutor process for the tab with
the bundled SmolLM2, MiniLM, Chroma and SQLite. A learner signs in, asks a question, reads
the cited answer off the page, runs a GAN demo and takes a screenshot of the demo panel.

The page draws the terminal on a canvas, so the text is read from xterm.js's own buffer:
an init script keeps a handle on the page's Terminal when textual-serve creates it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(apt-get install chromium); the browser test needs it"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
ROOT = Path(__file__).resolve().parents[2]

KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal',
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) { window.__tutorTerminal = value; }
  },
});
"""
SCREEN_TEXT = """() => {
  const t = window.__tutorTerminal;
  if (!t) return '';
  const b = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
}"""
GEOMETRY = """() => {
  const t = window.__tutorTerminal;
  const r = t.element.querySelector('.xterm-screen').getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height, cols: t.cols, rows: t.rows};
}"""


@pytest.fixture(scope="session")
def bundled_models(real_settings) -> Path:
    """The bundled GGUF converted once for the session (real_runtime uses the same cache)."""
    from tutor.llm.gguf_cache import ensure_converted
    from tutor.llm.sources import bundled_gguf

    ensure_converted(bundled_gguf(), real_settings.models_dir)
    return real_settings.models_dir


@pytest.fixture
def web_server(home_with_index: Path, bundled_models: Path) -> Iterator[tuple[str, Path]]:
    (home_with_index / "models").symlink_to(bundled_models, target_is_directory=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TUTOR_HOME": str(home_with_index), "TUTOR_MODEL": "smollm2-135m",
           "HF_HUB_OFFLINE": "1", "TUTOR_ANSWER_TOKENS": "32"}  # short answers: a quick test
    proc = subprocess.Popen([sys.executable, "-m", "tutor", "web", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        yield url, home_with_index
    finally:
        import psutil

        tabs = psutil.Process(proc.pid).children(recursive=True)
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        for child in tabs:  # a tab's tutor (and its demo) must not outlive the server
            if child.is_running():
                child.kill()


def wait_for(read: Callable[[], str], found: Callable[[str], bool], what: str,
             timeout: float = 150.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = read()
        if found(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"{what} never showed; the page reads:\n{read()}")


def test_a_learner_asks_and_runs_a_demo_in_the_browser(
    web_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, home = web_server
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.add_init_script(KEEP_TERMINAL)
            page.goto(url)

            def screen() -> str:
                return str(page.evaluate(SCREEN_TEXT))

            wait_for(screen, lambda s: "sign in" in s, "the sign-in screen", 60)
            page.locator(".xterm-screen").click()
            page.keyboard.type("alice", delay=20)
            page.keyboard.press("Enter")
            # the screen says so once the passphrase field has the focus
            wait_for(screen, lambda s: "now your passphrase" in s, "the passphrase prompt", 30)
            page.keyboard.type("open sesame", delay=20)
            page.keyboard.press("Enter")
            wait_for(screen, lambda s: "Welcome, alice." in s, "the welcome")
            page.keyboard.type("What is a Variational Autoencoder?", delay=10)
            page.keyboard.press("Enter")
            # the answer has ended once the status line shows its speed
            text = wait_for(screen, lambda s: re.search(r"\d tok/s", s) is not None,
                            "the answer")
            _answer_is_cited(text)
            page.keyboard.type("/demo gan --steps 50", delay=10)
            page.keyboard.press("Enter")
            text = wait_for(screen, lambda s: "gan finished" in s, "the finished demo")
            assert "step 50" in text and "losses" in text
            shot = tmp_path / "demo-panel.png"
            page.screenshot(path=str(shot), clip=_demo_panel(page, text))
        finally:
            browser.close()
    _non_trivial_png(shot)
    # the turn went to alice's own folder, not to the shared home
    assert (home / "learners" / "alice" / "sessions.sqlite").is_file()
    assert not (home / "sessions.sqlite").exists()


def _answer_is_cited(text: str) -> None:
    chat = "\n".join(line.split("▏")[0] for line in text.splitlines())  # the left pane
    assert "What is a Variational Autoencoder?" in chat
    assert re.search(r"\[\d\] [\w-]+ ›", chat), chat  # a numbered source: note › section
    assert "Variational Autoencoders" in chat


def _demo_panel(page: Any, text: str) -> dict[str, float]:
    """The demo panel's rectangle on the page, from where its cells are on the screen."""
    g = page.evaluate(GEOMETRY)
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "Demo  Sources" in line)
    bottom = next(i for i, line in enumerate(lines) if line.startswith("▊▔"))  # the prompt
    left = lines[top].index("▏") + 1
    cell_w, cell_h = g["width"] / g["cols"], g["height"] / g["rows"]
    return {"x": g["x"] + left * cell_w, "y": g["y"] + top * cell_h,
            "width": (g["cols"] - left) * cell_w, "height": (bottom - top) * cell_h}


def _non_trivial_png(path: Path) -> None:
    from PIL import Image

    assert path.is_file() and path.stat().st_size > 10_000
    with Image.open(path) as image:
        assert image.format == "PNG" and image.width > 400 and image.height > 300
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # plots and points, not a blank panel
