"""Learners of a class on one server: each has a name and a passphrase, and a folder of their
own under TUTOR_HOME/learners/NAME/ for conversations and quiz progress.

The name keeps the folders apart; the passphrase (stored only as a salted scrypt hash) keeps
one learner out of another's folder. The first sign-in with a new name claims it. The model
cache and the notes index stay shared by the whole class.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tutor.errors import InputError

NAME_RE = re.compile(r"[a-z0-9_-]{1,32}")
NAME_RULE = "1 to 32 of a-z, 0-9, - and _"
MIN_PASSPHRASE, MAX_PASSPHRASE = 4, 128
KEY_FILE = "learner.json"
# scrypt at n=2**14, r=8: ~16 MiB and some tens of milliseconds a try; enough for a class.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def check_learner(name: str) -> str:
    """A usable learner name (lower-cased), or InputError. It is also a folder name, so the
    rule leaves no room for dots, slashes or anything else a path could be made of."""
    clean = name.strip().lower()
    if not NAME_RE.fullmatch(clean):
        raise InputError(f"{name[:40]!r} is not a usable learner name.", f"Use {NAME_RULE}.")
    return clean


def learners_dir(home: Path) -> Path:
    return Path(home) / "learners"


def learner_dir(home: Path, name: str) -> Path:
    return learners_dir(home) / check_learner(name)


@dataclass(frozen=True)
class SignIn:
    """Who signed in, and whether that name was new (just claimed)."""

    name: str
    new: bool


def _hash(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def _check_passphrase(passphrase: str) -> None:
    if not MIN_PASSPHRASE <= len(passphrase) <= MAX_PASSPHRASE:
        raise InputError(
            "The passphrase is too short or too long.",
            f"Use {MIN_PASSPHRASE} to {MAX_PASSPHRASE} characters.",
        )
    if any(ord(c) < 32 for c in passphrase):
        raise InputError("The passphrase has control characters.", "Type printable characters.")


def sign_in(home: Path, name: str, passphrase: str) -> SignIn:
    """Claim a new name with its passphrase, or check the passphrase of a known one.
    A wrong passphrase and a name being claimed at this very moment are InputErrors."""
    name = check_learner(name)
    _check_passphrase(passphrase)
    folder = learners_dir(home) / name
    key = folder / KEY_FILE
    learners_dir(home).mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)  # atomic: of two tabs claiming one name, one wins
    except FileExistsError:
        return SignIn(name, new=False) if _verify(key, passphrase) else _refuse()
    salt = secrets.token_bytes(16)
    record = {
        "scrypt": {**SCRYPT, "salt": salt.hex(), "hash": _hash(passphrase, salt, **SCRYPT).hex()},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    partial = folder / f".{KEY_FILE}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(record, out)
    os.replace(partial, key)
    return SignIn(name, new=True)


def _verify(key: Path, passphrase: str) -> bool:
    try:
        record = json.loads(key.read_text(encoding="utf-8"))["scrypt"]
        salt, want = bytes.fromhex(record["salt"]), bytes.fromhex(record["hash"])
        got = _hash(passphrase, salt, int(record["n"]), int(record["r"]), int(record["p"]))
    except FileNotFoundError as exc:
        raise InputError(
            "That name is being set up right now, or its folder has no passphrase.",
            "Try again in a moment, or ask the teacher.",
        ) from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            "That learner's passphrase file cannot be read.", "Ask the teacher to look at it."
        ) from exc
    return hmac.compare_digest(got, want)


def _refuse() -> SignIn:
    raise InputError(
        "That name is taken, or the passphrase is wrong.",
        "New here? Pick another name. Back again? Type your passphrase as you first did.",
    )
