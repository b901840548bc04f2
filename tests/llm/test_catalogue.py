"""The model catalogue: parts found without importing them, joined once, verified by size and
sha256, and a clear error naming the package when a part is missing or corrupt."""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path

import pytest

from tutor.errors import ModelError
from tutor.llm.catalogue import (
    CATALOGUE,
    DEFAULT_MODEL,
    CatalogueModel,
    Part,
    gguf_path,
    join_parts,
    lookup,
)


def _fake_parts(root: Path, chunks: list[bytes], prefix: str) -> tuple[Part, ...]:
    parts = []
    for i, data in enumerate(chunks, 1):
        pkg = root / f"{prefix}{i}" / "data"
        pkg.mkdir(parents=True)
        (pkg.parent / "__init__.py").write_text("")
        (pkg / f"part{i:02d}.bin").write_bytes(data)
        parts.append(Part(f"{prefix.replace('_', '-')}{i}", "0.0.1", len(data)))
    return tuple(parts)


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 2000, b"c" * 10]
    parts = _fake_parts(tmp_path / "site", chunks, "fake_tutor_part")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    sha = hashlib.sha256(b"".join(chunks)).hexdigest()
    model = CatalogueModel("fake-1b", "Fake", parts, sha, "MIT", "Q4_K_M")
    yield model, b"".join(chunks), tmp_path / "site"
    for name in list(sys.modules):
        if name.startswith("fake_tutor_part"):
            del sys.modules[name]


def test_join_verifies_and_is_done_once(fake_model, tmp_path: Path) -> None:
    model, whole, _ = fake_model
    lines: list[str] = []
    path = join_parts(model, tmp_path / "models", lines.append)
    assert path == gguf_path(model, tmp_path / "models") and path.read_bytes() == whole
    assert any("Verified" in line for line in lines)
    assert not any(p.name.count(".partial-") for p in path.parent.iterdir())
    again: list[str] = []
    assert join_parts(model, tmp_path / "models", again.append) == path
    assert again == []  # the second call reuses the verified file


def test_a_part_of_the_wrong_size_names_its_package(fake_model, tmp_path: Path) -> None:
    model, _, site = fake_model
    (site / "fake_tutor_part2" / "data" / "part02.bin").write_bytes(b"b" * 1999)
    with pytest.raises(ModelError) as err:
        join_parts(model, tmp_path / "models", lambda _: None)
    assert "fake-tutor-part2" in err.value.message and "force-reinstall" in (err.value.hint or "")
    assert not list((tmp_path / "models" / "gguf").iterdir())  # no half-written file


def test_corrupt_bytes_fail_the_checksum_and_leave_nothing(fake_model, tmp_path: Path) -> None:
    model, _, site = fake_model
    (site / "fake_tutor_part3" / "data" / "part03.bin").write_bytes(b"X" * 10)
    with pytest.raises(ModelError, match="checksum"):
        join_parts(model, tmp_path / "models", lambda _: None)
    assert not list((tmp_path / "models" / "gguf").iterdir())


def test_a_missing_part_says_how_to_install_it(fake_model, tmp_path: Path) -> None:
    model, _, _ = fake_model
    ghost = Part("fake-tutor-part-missing", "0.0.1", 5)
    broken = CatalogueModel("fake-2b", "Fake", (*model.parts, ghost), "0" * 64, "MIT", "Q4")
    with pytest.raises(ModelError) as err:
        join_parts(broken, tmp_path / "models", lambda _: None)
    assert "fake-tutor-part-missing" in err.value.message
    assert "models pull fake-2b" in (err.value.hint or "")


def test_catalogue_names_and_aliases() -> None:
    assert lookup("bundled") is CATALOGUE["smollm2-135m"]
    assert lookup("Qwen2.5-Coder-0.5B") is CATALOGUE[DEFAULT_MODEL]
    assert lookup("nope") is None
    qwen = CATALOGUE[DEFAULT_MODEL]
    assert qwen.bytes == 491_400_064 and len(qwen.parts) == 6
    assert CATALOGUE["qwen2.5-coder-1.5b"].bytes == 1_117_320_768


def test_models_json_lists_every_model(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tutor.cli import main

    assert main(["models", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in rows] == list(CATALOGUE)
    assert [r["default"] for r in rows].count(True) == 1
    assert all({"installed", "bytes", "licence", "sha256"} <= set(r) for r in rows)


def test_models_pull_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    assert main(["models", "pull", "gpt-17"]) == 2
    assert "no model called 'gpt-17'" in capsys.readouterr().err


def test_auto_picks_the_best_installed_model_a_fast_engine_runs() -> None:
    from tutor.llm.catalogue import pick_auto

    every = ["smollm2-135m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]
    assert pick_auto(every, {}, fast_engine=True, engine_quant="nf4") == "qwen2.5-coder-1.5b"
    # On a CPU, unmeasured, the default; without it, the smallest installed model.
    assert pick_auto(every, {}, fast_engine=False, engine_quant="gguf") == "qwen2.5-coder-0.5b"
    assert pick_auto(["smollm2-135m", "qwen2.5-coder-1.5b"], {}, False, "gguf") == "smollm2-135m"


def test_auto_follows_the_speeds_measured_on_this_machine() -> None:
    from tutor.llm.catalogue import AUTO_MIN_TOK_S, pick_auto

    every = ["smollm2-135m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]
    fast = {"qwen2.5-coder-1.5b": {"quant": "gguf", "decode_tok_s": AUTO_MIN_TOK_S + 9}}
    assert pick_auto(every, fast, False, "gguf") == "qwen2.5-coder-1.5b"
    slow = {"qwen2.5-coder-1.5b": {"quant": "nf4", "decode_tok_s": AUTO_MIN_TOK_S - 1}}
    assert pick_auto(every, slow, True, "nf4") == "qwen2.5-coder-0.5b"
    # A speed measured with another engine says nothing about this one.
    assert pick_auto(every, fast, False, "bf16") == "qwen2.5-coder-0.5b"
    both_slow = {n: {"quant": "gguf", "decode_tok_s": 1.0} for n in every[1:]}
    assert pick_auto(every, both_slow, False, "gguf") == "smollm2-135m"
