"""Bad input on the command line: one clear line on stderr, exit code 2, no traceback.

These run the real console entry point in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        input=stdin,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args,needle",
    [
        (["ask", ""], "empty"),
        (["ask", "   "], "empty"),
        (["ask", "x" * 100_000], "too long"),
        (["ask", "what is \x1b[31ma GAN\x1b[0m?"], "control characters"),
        (["ask", "what is a GAN?\x07"], "control characters"),
        (["--quant", "int3", "ask", "hi"], "invalid choice"),
        (["retrieve", "gan", "-k", "0"], "between 1 and 20"),
        (["demo", "gan", "--steps", "-4"], "greater than or equal to 1"),
        (["demo", "gan", "--dataset", "moons"], "'ring' or 'grid'"),
        (["demo", "warp-drive"], "no demo called"),
        (["ask", "q", "--batch", "/nonexistent/file.txt"], "does not exist"),
        (["--notes", str(ROOT / "pyproject.toml"), "ask", "hi"], "is a file, not a folder"),
        (["--notes", "/nonexistent/notes", "ask", "hi"], "no such folder"),
        (["--session", "", "ask", "hi"], "not a usable session name"),
        (["--session", "x" * 5000, "ask", "hi"], "not a usable session name"),
        (["--session", "\x1b", "ask", "hi"], "not a usable session name"),
        (["grade", "", ""], "item id is missing"),
        (["demo", "gan", "--steps"], "--steps needs a value"),
        (["demo", "gan", "--lr", "nan"], "not nan"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    args: list[str], needle: str, tmp_path: Path
) -> None:
    result = run_cli(*args, home=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert needle in lines[-1]
    assert len([line for line in lines if "genai-tutor" in line]) == 1


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run_cli("--help", home=tmp_path)
    assert result.returncode == 0
    for command in (
        "ask",
        "retrieve",
        "route",
        "chat",
        "demo",
        "quiz",
        "grade",
        "progress",
        "doctor",
    ):
        assert command in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from tutor.cli import build_parser; build_parser().format_help(); "
        "print(sorted(m for m in ('torch','transformers','chromadb',"
        "'sentence_transformers','textual',"
        "'langgraph') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_doctor_reports_all_good_on_this_install(tmp_path: Path) -> None:
    result = run_cli("doctor", home=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "✓ chat model SmolLM2-135M-Instruct.Q4_1.gguf" in result.stdout
    assert str(tmp_path) in result.stdout


def test_doctor_flags_a_corrupt_index(tmp_path: Path) -> None:
    (tmp_path / "index" / "chroma").mkdir(parents=True)  # where Chroma keeps it
    (tmp_path / "index" / "chroma" / "chroma.sqlite3").write_bytes(b"not a database at all")
    result = run_cli("doctor", home=tmp_path)
    assert result.returncode == 1
    assert "damaged" in result.stdout


def test_route_loads_only_what_the_message_needs(tmp_path: Path) -> None:
    """`route` is the router alone: a slash command needs no model at all, a plain request
    the embedder but no notes index, no LLM and no sessions file. The answers are the ones
    the whole tutor gives (tests/agent/test_router.py)."""
    slash = run_cli("route", "--json", "/demo gan --steps 50", home=tmp_path)
    assert slash.returncode == 0, slash.stderr
    assert '"tool": "gan"' in slash.stdout and '"steps": 50' in slash.stdout
    assert not (tmp_path / "index").exists()

    plain = run_cli("route", "show me a GAN", home=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "tool:   gan" in plain.stdout
    assert not (tmp_path / "index" / "chroma").exists()
    assert not (tmp_path / "sessions.sqlite").exists()
    assert list((tmp_path / "index").glob("embeddings-*.npy"))  # the examples, kept

    # A name no cue knows would go to chat: the router asks the notes (so syncs them).
    notes = run_cli("route", "PixelCNN", home=tmp_path)
    assert notes.returncode == 0, notes.stderr
    assert "intent: answer" in notes.stdout and "note:   the notes cover it" in notes.stdout
    assert (tmp_path / "index" / "chroma").is_dir()
