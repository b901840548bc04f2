"""Loading the real bundled model: GGUF conversion once, the cache reused, each quant."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.llm.conftest import Loaded
from tutor.llm.gguf_cache import is_valid_cache
from tutor.llm.sources import bundled_gguf
from tutor.settings import Settings


def _linear_types(model) -> set[str]:
    layer = model.model.model.layers[0].self_attn.q_proj
    return {type(layer).__name__}


def test_first_load_converts_and_repairs_a_corrupt_cache(loaded: Loaded) -> None:
    lines = loaded.progress
    assert any("incomplete or corrupt; rebuilding" in line for line in lines), lines
    assert any(line.startswith("Converting SmolLM2-135M-Instruct") for line in lines), lines
    assert is_valid_cache(loaded.cache)
    assert (loaded.cache / "model.safetensors").stat().st_size > 100_000_000
    assert not loaded.stale_partial.exists()
    assert not [p for p in loaded.cache.parent.iterdir() if ".partial-" in p.name]
    assert loaded.model.convert_s > 0
    assert loaded.model.load_s >= loaded.model.convert_s


def test_bf16_keeps_plain_linear_layers_in_bfloat16(chat) -> None:
    import torch

    assert (chat.quant, chat.device) == ("bf16", "cpu")
    assert chat.model.dtype == torch.bfloat16
    assert _linear_types(chat) == {"Linear"}


def test_second_load_reuses_the_cache_in_nf4_with_bitsandbytes_layers(loaded: Loaded) -> None:
    from tutor.llm import GenerationParams, load_chat_model

    settings = Settings(home=loaded.settings.home, model="bundled", quant="nf4", device="cpu")
    progress: list[str] = []
    model = load_chat_model(settings, progress.append)
    assert not any("Converting" in line for line in progress), progress
    assert model.convert_s == 0.0
    assert model.quant == "nf4"
    assert _linear_types(model) == {"Linear4bit"}
    hi = [{"role": "user", "content": "Hi"}]
    assert "".join(model.stream(hi, GenerationParams(max_new_tokens=4)))


@pytest.mark.parametrize(("quant", "layer"), [("int8", "Linear8bitLt"), ("fp32", "Linear")])
def test_each_quant_loads_a_local_folder(tiny_folder: Path, quant: str, layer: str) -> None:
    from tutor.llm import load_chat_model

    model = load_chat_model(Settings(model=str(tiny_folder), quant=quant, device="cpu"))
    assert model.quant == quant
    assert model.name == tiny_folder.name
    assert len(model.model.model.layers) == 2
    assert _linear_types(model) == {layer}


def test_load_tokenizer_reads_the_cache(loaded: Loaded) -> None:
    from tutor.llm import load_tokenizer

    tokenizer = load_tokenizer(loaded.settings)
    assert Path(tokenizer.name_or_path) == loaded.cache  # not a fresh parse of the GGUF
    assert tokenizer.chat_template
    assert tokenizer.encode("generative AI") == loaded.model.tokenizer.encode("generative AI")


def test_load_tokenizer_without_a_cache_parses_the_gguf_once(loaded: Loaded) -> None:
    from tutor.llm import load_tokenizer
    from tutor.llm.gguf_cache import tokenizer_dir_for

    settings = Settings(model="bundled")  # a fresh TUTOR_HOME: no converted model there
    first = load_tokenizer(settings)
    saved = tokenizer_dir_for(bundled_gguf(), settings.models_dir)
    assert (saved / "tokenizer_config.json").is_file()
    second = load_tokenizer(settings)
    assert Path(second.name_or_path) == saved
    text = "Diffusion models denoise step by step."
    assert first.encode(text) == second.encode(text) == loaded.model.tokenizer.encode(text)
