"""`genai-tutor`: the command line. Heavy parts are imported lazily so `--help` is instant.

Every subcommand prints either text for a person or, with --json, stable JSON that other
tools and our evaluation read. Expected failures (TutorError) print one line and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from tutor.errors import TutorError
from tutor.settings import QUANTS, Settings

# (module in tutor.commands, function) for each subcommand; imported only when run.
COMMANDS = {
    "ask": ("answer", "cmd_ask"),
    "retrieve": ("answer", "cmd_retrieve"),
    "route": ("answer", "cmd_route"),
    "chat": ("chat", "cmd_chat"),
    "demo": ("demo", "cmd_demo"),
    "quiz": ("quiz", "cmd_quiz"),
    "grade": ("quiz", "cmd_grade"),
    "progress": ("quiz", "cmd_progress"),
    "doctor": ("doctor", "cmd_doctor"),
    "models": ("models", "cmd_models"),
    "serve-model": ("serve", "cmd_serve_model"),
    "web": ("web", "cmd_web"),
    "web-session": ("web", "cmd_web_session"),
}


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (plus where to look), exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)  # `quiz --n` must not be read as --notes
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}. See `{self.prog} --help`.\n")


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Options accepted before or after the subcommand. On subcommands they default to
    SUPPRESS so that a value given before the subcommand is not reset by it."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    g = parser.add_argument_group("model and notes")
    g.add_argument(
        "--model",
        metavar="SRC",
        default=default(None),
        help="a catalogue name (default qwen2.5-coder-0.5b; see `genai-tutor models`), "
        "a .gguf file, a local Hugging Face folder, or a hub id",
    )
    g.add_argument(
        "--quant",
        choices=QUANTS,
        default=default(None),
        help="weights: nf4 (auto), int8, bf16 or fp32",
    )
    g.add_argument(
        "--notes",
        metavar="DIR",
        action="append",
        default=default([]),
        help="add a folder of your own .md/.txt notes (repeatable)",
    )
    g.add_argument(
        "--no-default-notes",
        action="store_true",
        default=default(False),
        help="use only the folders given by --notes",
    )
    g.add_argument(
        "--session",
        metavar="NAME",
        default=default(None),
        help="conversation to resume (chat and the app: default; ask: a fresh one)",
    )


def _beyond(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--beyond-notes",
        action="store_true",
        help="when the notes don't cover a question, also answer from the model's own "
        "knowledge, every such sentence labelled unverified (off by default)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="genai-tutor",
        description="A terminal tutor that teaches and demonstrates generative AI, offline. "
        "With no command it opens the app.",
    )
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _common(p)
        return p

    p = add("ask", "Answer a question from the notes, with sources.")
    p.add_argument("question", nargs="?", help="the question (or use --batch)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--batch", metavar="FILE", help="one question per line ('-' for stdin); JSON lines out"
    )
    p.add_argument(
        "--no-llm", action="store_true", help="extractive answer only: no language model"
    )
    _beyond(p)

    p = add("retrieve", "Show the note passages that match a question.")
    p.add_argument("question", nargs="?")
    p.add_argument("-k", type=int, default=5, help="passages to return (1-20, default 5)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", metavar="FILE")

    p = add("route", "Show what the tutor would do with a message (answer, demo, quiz, chat).")
    p.add_argument("message", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", metavar="FILE")
    p.add_argument("--demo-running", metavar="NAME", help="route as if this demo were running")

    p = add("chat", "Chat at a prompt, line by line.")
    p.add_argument(
        "--plain", action="store_true", help="plain line-by-line chat (pipes, screen readers)"
    )
    p.add_argument("--no-llm", action="store_true")
    _beyond(p)

    p = add("demo", "Run a live demo headless: genai-tutor demo gan --dataset grid --steps 3000")
    p.add_argument(
        "name",
        nargs="?",
        help="gan, gan-digits, vae, diffusion, bleu, tokenize, sampling, attention, "
        "embeddings or finetune; or compare (GAN, VAE and diffusion on the same 2-D data)",
    )
    p.add_argument("--json", action="store_true", help="print only the final metrics as JSON")
    p.add_argument("--frames", action="store_true", help="stream every frame as a JSON line")
    p.add_argument("--list", action="store_true", help="list the demos and their parameters")
    p.epilog = (
        "Demo parameters follow the name as --param value, e.g. --steps 2000 --lr 1e-4 --digit 7."
    )

    p = add("quiz", "Quiz yourself at a prompt, or print due items as JSON.")
    p.add_argument("--topic", help="a concept such as gan, vae, transformers")
    p.add_argument("--n", type=int, default=5, help="items (1-50, default 5)")
    p.add_argument("--json", action="store_true")

    p = add("grade", "Grade an answer to a quiz item.")
    p.add_argument("item_id")
    p.add_argument("answer")
    p.add_argument("--json", action="store_true")

    p = add("models", "List the model catalogue, or install a model: models pull NAME.")
    p.add_argument("action", nargs="?", choices=("list", "pull"), default="list")
    p.add_argument("name", nargs="?", help="the model to pull")
    p.add_argument("--json", action="store_true", help="one JSON object per model")

    p = add("progress", "Show mastery per concept.")
    p.add_argument("--json", action="store_true")

    add("doctor", "Check the installation and say how to fix what is wrong.")

    p = add("serve-model", "Serve a GGUF model over the OpenAI API (llama.cpp) for a class.")
    p.add_argument(
        "name", nargs="?", default="qwen2.5-coder-0.5b", help="a catalogue name or a .gguf path"
    )
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    p.add_argument("--parallel", type=int, default=4, help="answers decoded at once (slots)")
    p.add_argument("--alias", help="model id the server reports (default: file name)")
    p.add_argument("--threads", type=int, help="CPU threads (default: llama.cpp's choice)")

    p = add("web", "Serve the app to a class in browsers: one learner per tab, each signed in.")
    p.add_argument("--host", default="127.0.0.1",
                   help="bind address (default 127.0.0.1; 0.0.0.0 opens it to the network)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-tabs", type=int, default=20,
                   help="tabs open at once (each is a tutor process; default 20)")
    # One tab's tutor, started by `web`; not listed in --help.
    s = sub.add_parser("web-session")
    _common(s)
    return parser


def _check_global_args(args: argparse.Namespace) -> None:
    """Refuse, each with its own message, a --notes that is not a folder and an unusable
    --session name (empty, too long, control characters): ValueError means exit 2."""
    for folder in args.notes or []:
        path = Path(folder).expanduser()
        if not path.exists():
            raise ValueError(f"--notes {folder}: no such folder.")
        if not path.is_dir():
            raise ValueError(
                f"--notes {folder} is a file, not a folder; give the folder that holds "
                "your .md/.txt notes."
            )
    if args.session is not None:
        from tutor.agent.sessions import check_name  # only when a name is given: it is heavy
        from tutor.errors import InputError

        try:
            check_name(args.session)
        except InputError as exc:
            shown = args.session if len(args.session) <= 40 else args.session[:40] + "…"
            raise ValueError(
                f"--session {shown!r} is not a usable session name: {exc.hint}"
            ) from exc


def settings_from(args: argparse.Namespace) -> Settings:
    _check_global_args(args)
    values: dict[str, object] = {
        "notes_dirs": args.notes,
        "default_notes": not args.no_default_notes,
        "session": args.session or "default",
        "beyond_notes": bool(getattr(args, "beyond_notes", False)),
    }
    if args.model:
        values["model"] = args.model
    if args.quant:
        values["quant"] = args.quant
    return Settings(**values)


def _setup_logging(settings: Settings) -> None:
    try:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(settings.log_file, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


def _quiet_libraries() -> None:
    """Library progress bars and warnings would garble our stdout/stderr."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")
    import warnings

    # Only the libraries' own chatter, not every warning in the process (ours included).
    for module in ("transformers", "torch", "bitsandbytes", "accelerate", "chromadb", "diffusers"):
        warnings.filterwarnings("ignore", module=rf"{module}(\.|$)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "demo":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.params = extra
    try:
        settings = settings_from(args)
    except ValueError as exc:
        print(f"genai-tutor: error: {exc}", file=sys.stderr)
        return 2
    _setup_logging(settings)
    _quiet_libraries()
    try:
        if args.command is None:
            from tutor.commands.chat import open_app

            return open_app(settings)
        module, func = COMMANDS[args.command]
        command = getattr(importlib.import_module(f"tutor.commands.{module}"), func)
        return int(command(args, settings) or 0)
    except TutorError as exc:
        hint = f" Hint: {exc.hint}" if exc.hint else ""
        from tutor.text import sanitize

        print(sanitize(f"genai-tutor: {exc.message}{hint}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        logging.getLogger("tutor").exception("unexpected error")
        print(f"genai-tutor: unexpected error; details are in {settings.log_file}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
