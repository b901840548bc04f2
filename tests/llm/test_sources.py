"""Model sources and options fail fast with a clear TutorError; no model is loaded here."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tutor.errors import InputError, ModelError
from tutor.llm.quant import resolve_quant
from tutor.llm.sources import OFFLINE_HINT, bundled_gguf, resolve_source
from tutor.settings import DEFAULT_MODEL, Settings


def test_bundled_resolves_to_the_smollm2_catalogue_entry() -> None:
    source = resolve_source("bundled")
    assert source.kind == "gguf"
    assert source.path == bundled_gguf()
    assert source.name == "smollm2-135m"  # reported by its catalogue name


def test_the_default_model_is_the_qwen_voice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_MODEL", raising=False)  # the test suite's own default is 135M
    assert Settings().model == DEFAULT_MODEL == "qwen2.5-coder-0.5b"


def test_missing_path_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        resolve_source(str(tmp_path / "nowhere" / "model.gguf"))


def test_missing_path_through_the_entry_point(tmp_path: Path) -> None:
    from tutor.llm import load_chat_model

    started = time.perf_counter()
    with pytest.raises(ModelError, match="not found"):
        load_chat_model(Settings(model=str(tmp_path / "missing-model")))
    assert time.perf_counter() - started < 5  # fails before anything heavy loads


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"\0" * 16)
    with pytest.raises(ModelError, match="not a .gguf"):
        resolve_source(str(weights))


def test_folder_without_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a model folder"):
        resolve_source(str(tmp_path))


def test_folder_with_one_gguf_and_folder_with_config(tmp_path: Path) -> None:
    gguf_dir = tmp_path / "g"
    gguf_dir.mkdir()
    (gguf_dir / "tiny.gguf").symlink_to(bundled_gguf())
    assert resolve_source(str(gguf_dir)).kind == "gguf"
    (gguf_dir / "other.gguf").symlink_to(bundled_gguf())
    with pytest.raises(ModelError, match="2 .gguf files"):
        resolve_source(str(gguf_dir))
    hf_dir = tmp_path / "hf"
    hf_dir.mkdir()
    (hf_dir / "config.json").write_text("{}")
    source = resolve_source(str(hf_dir))
    assert (source.kind, source.path, source.name) == ("folder", hf_dir.resolve(), "hf")


@pytest.mark.parametrize("quant", ["q3", "NF5", "", "4bit"])
def test_unknown_quant_is_an_input_error(quant: str) -> None:
    with pytest.raises(InputError, match="Unknown quantization"):
        resolve_quant(quant)


def test_unknown_quant_through_the_entry_point() -> None:
    from tutor.llm import load_chat_model

    settings = Settings.model_construct(**{**Settings().model_dump(), "quant": "q3"})
    with pytest.raises(InputError):
        load_chat_model(settings)


@pytest.mark.parametrize(("quant", "concrete"), [("auto", "nf4"), ("NF4", "nf4"), ("bf16", "bf16")])
def test_known_quants_on_cuda(quant: str, concrete: str) -> None:
    assert resolve_quant(quant, "cuda") == concrete


def test_auto_quant_on_the_cpu_is_llama_cpp_for_gguf_else_bf16() -> None:
    from tutor.llm.llamacpp_chat import available

    assert resolve_quant("auto", "cpu") == "bf16"
    assert resolve_quant("auto", "cpu", gguf_source=True) == ("gguf" if available() else "bf16")
    assert resolve_quant("auto", "cuda", gguf_source=True) == "nf4"
    assert resolve_quant("nf4", "cpu") == "nf4"


def test_hub_id_offline_fails_fast(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    from tutor.llm import load_chat_model

    started = time.perf_counter()
    with pytest.raises(ModelError, match="not available offline") as info:
        load_chat_model(Settings(model="HuggingFaceTB/SmolLM2-360M-Instruct"))
    assert time.perf_counter() - started < 5  # a guarantee against the hub's ~70 s retry loop
    assert info.value.hint == OFFLINE_HINT


def test_hub_id_found_in_the_local_cache_is_a_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import huggingface_hub.constants

    cache = tmp_path / "hf-cache"
    snapshot = cache / "models--acme--tiny-lm" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}")
    (cache / "models--acme--tiny-lm" / "refs").mkdir()
    (cache / "models--acme--tiny-lm" / "refs" / "main").write_text("abc123")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    source = resolve_source("acme/tiny-lm")
    assert (source.kind, source.path, source.name) == ("folder", snapshot, "acme/tiny-lm")


def test_hub_id_online_is_left_to_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    source = resolve_source("acme/tiny-lm")
    assert (source.kind, source.repo_id, source.path) == ("hub", "acme/tiny-lm", None)


def test_existing_relative_path_wins_over_a_hub_id(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "acme" / "tiny-lm").mkdir(parents=True)
    (tmp_path / "acme" / "tiny-lm" / "config.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert resolve_source("acme/tiny-lm").kind == "folder"


@pytest.mark.parametrize("spec", ["", "   ", "../x/y", "a/b/c", "x.gguf"])
def test_nonsense_specs_are_model_errors(spec: str) -> None:
    with pytest.raises(ModelError):
        resolve_source(spec)
