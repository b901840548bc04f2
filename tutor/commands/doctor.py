"""`genai-tutor doctor`: check the installation and say how to fix what is wrong."""

from __future__ import annotations

import argparse
import importlib.metadata as md
import os
import sys
from collections.abc import Callable
from pathlib import Path

from tutor.dbfile import check_file
from tutor.settings import Settings

Check = tuple[bool, str, str]  # ok, what was found, how to fix it


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def check_python(_: Settings) -> Check:
    ok = sys.version_info[:2] == (3, 11)
    return ok, f"Python {sys.version.split()[0]}", "Use Python 3.11 (the project pins it)."


def check_package(dist: str, want: str | None = None) -> Callable[[Settings], Check]:
    def check(_: Settings) -> Check:
        found = _version(dist)
        ok = found is not None and (want is None or found.split("+")[0] == want)
        return (
            ok,
            f"{dist} {found or 'missing'}",
            f"Run `make run` once (it installs {dist}{'==' + want if want else ''}).",
        )

    return check


def check_bitsandbytes(_: Settings) -> Check:
    try:
        import bitsandbytes  # noqa: F401
    except Exception as exc:  # any import failure is worth reporting as it is
        return (
            False,
            f"bitsandbytes does not import: {exc}",
            "Reinstall with `make run` (clean .venv first).",
        )
    return True, f"bitsandbytes {_version('bitsandbytes')} imports", ""


def check_models(_: Settings) -> Check:
    from knowledge.embedder import bundled_embedder_path
    from tutor.errors import TutorError
    from tutor.llm.sources import bundled_gguf

    try:
        gguf = bundled_gguf()
        embedder = Path(bundled_embedder_path())
    except TutorError as exc:
        return False, exc.message, exc.hint
    ok = gguf.is_file() and (embedder / "model.safetensors").is_file()
    return (
        ok,
        f"chat model {gguf.name} ({gguf.stat().st_size >> 20} MiB); embedder at {embedder}",
        "Reinstall the model packages with `make run`.",
    )


def check_home(settings: Settings) -> Check:
    try:
        settings.ensure_dirs()
        probe = settings.home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        return (
            False,
            f"TUTOR_HOME {settings.home} is not writable ({exc})",
            "Set TUTOR_HOME to a writable folder.",
        )
    return True, f"TUTOR_HOME {settings.home} (writable)", ""


def check_model_cache(settings: Settings) -> Check:
    cached = (
        [p.name for p in settings.models_dir.glob("*") if p.is_dir()]
        if settings.models_dir.exists()
        else []
    )
    found = f"converted model cache: {', '.join(cached)}" if cached else "no converted model yet"
    return True, found, "The first answer converts the bundled model once (about 20 s)."


def index_file(settings: Settings) -> Path:
    """Where Chroma keeps the index (knowledge/index.py persists to index_dir/chroma)."""
    return settings.index_dir / "chroma" / "chroma.sqlite3"


def check_index(settings: Settings) -> Check:
    sqlite = index_file(settings)
    if not sqlite.exists():
        return True, "notes index not built yet", "It is built on first use (a few seconds)."
    problem = check_file(sqlite)
    return (
        problem is None,
        f"notes index at {sqlite.parent}" + (f" is damaged ({problem})" if problem else " (ok)"),
        f"Delete {sqlite.parent}; the index is rebuilt from the notes on next use.",
    )


def _check_db(label: str, path: Path, what: str) -> Check:
    if not path.exists():
        return True, f"{label}: none yet", ""
    problem = check_file(path)
    return (
        problem is None,
        f"{label} {path}" + (f" is damaged ({problem})" if problem else " (ok)"),
        f"The tutor moves it aside and starts {what} afresh on next use; or delete {path}.",
    )


def check_sessions(settings: Settings) -> Check:
    return _check_db("saved conversations", settings.sessions_db, "the conversations")


def check_quiz(settings: Settings) -> Check:
    return _check_db("quiz progress", settings.quiz_db, "quiz progress")


def check_offline(_: Settings) -> Check:
    value = os.environ.get("HF_HUB_OFFLINE", "1 (default)")
    return True, f"HF_HUB_OFFLINE={value}", ""


CHECKS: list[Callable[[Settings], Check]] = [
    check_python,
    check_package("torch", "2.13.0"),
    check_package("transformers"),
    check_bitsandbytes,
    check_package("chromadb"),
    check_package("sentence-transformers"),
    check_package("langgraph"),
    check_package("textual"),
    check_models,
    check_home,
    check_model_cache,
    check_index,
    check_sessions,
    check_quiz,
    check_offline,
]


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    failures = 0
    for check in CHECKS:
        try:
            ok, found, fix = check(settings)
        except Exception as exc:  # a check that crashes is itself a finding
            ok, found, fix = (
                False,
                f"{getattr(check, '__name__', 'check')} failed: {exc}",
                "See the log.",
            )
        print(f"{'✓' if ok else '✗'} {found}")
        if not ok:
            failures += 1
            print(f"    fix: {fix}")
    print("All good." if not failures else f"{failures} problem(s) found.")
    return 0 if not failures else 1
