"""Learners of a class: names that are safe folder names, passphrases kept as scrypt hashes,
and each learner's conversations and quiz progress in a folder of their own."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.errors import InputError
from tutor.learners import KEY_FILE, NAME_RE, check_learner, learner_dir, sign_in
from tutor.settings import Settings


@pytest.mark.parametrize("name", ["alice", "Bob", " carol_2 ", "x", "a" * 32, "team-3"])
def test_usable_names_are_lower_cased(name: str) -> None:
    assert check_learner(name) == name.strip().lower()


@pytest.mark.parametrize(
    "name", ["", " ", "a" * 33, "../bob", "bob/..", ".", "..", "a.b", "a b", "é", "a\x00", "~x"]
)
def test_unusable_names_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="not a usable learner name"):
        check_learner(name)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_accepted_name_is_one_plain_folder_under_learners(name: str) -> None:
    try:
        clean = check_learner(name)
    except InputError:
        return
    home = Path("/srv/tutor")
    assert NAME_RE.fullmatch(clean)
    assert learner_dir(home, clean).parent == home / "learners"
    assert learner_dir(home, clean).resolve().parent == (home / "learners").resolve()


def test_first_sign_in_claims_the_name_and_later_ones_need_its_passphrase(tmp_path: Path) -> None:
    first = sign_in(tmp_path, "Alice", "correct horse")
    assert first.name == "alice" and first.new
    key = tmp_path / "learners" / "alice" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert "correct horse" not in key.read_text()  # only a salted hash is kept
    assert json.loads(key.read_text())["scrypt"]["n"] >= 2**14
    again = sign_in(tmp_path, "alice", "correct horse")
    assert again.name == "alice" and not again.new
    with pytest.raises(InputError, match="taken, or the passphrase is wrong"):
        sign_in(tmp_path, "alice", "wrong horse")
    # a second learner with the same passphrase gets another salt, so another hash
    sign_in(tmp_path, "bob", "correct horse")
    hashes = {json.loads((tmp_path / "learners" / n / KEY_FILE).read_text())["scrypt"]["hash"]
              for n in ("alice", "bob")}
    assert len(hashes) == 2


@pytest.mark.parametrize("passphrase", ["", "abc", "x" * 129, "abcd\x1b[31m"])
def test_unusable_passphrases_are_refused_and_claim_nothing(
    tmp_path: Path, passphrase: str
) -> None:
    with pytest.raises(InputError, match="passphrase"):
        sign_in(tmp_path, "carol", passphrase)
    assert not (tmp_path / "learners" / "carol").exists()


def test_each_learner_has_their_own_conversations_and_quiz_progress(tmp_path: Path) -> None:
    alone = Settings(home=tmp_path)
    alice, bob = alone.for_learner("alice"), alone.for_learner("Bob")
    assert alone.sessions_db == tmp_path / "sessions.sqlite"  # one user: as before
    assert alice.sessions_db == tmp_path / "learners" / "alice" / "sessions.sqlite"
    assert bob.quiz_db == tmp_path / "learners" / "bob" / "quiz.sqlite"
    assert alice.exports_dir == tmp_path / "learners" / "alice" / "exports"
    # what the class shares
    assert alice.models_dir == bob.models_dir == alone.models_dir
    assert alice.index_dir == bob.index_dir == alone.index_dir
    with pytest.raises(InputError):
        alone.for_learner("../bob")
