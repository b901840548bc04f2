"""Load the configured chat model: resolve its source, convert a GGUF once, quantize, wrap.

Imported lazily by `tutor.llm.load_chat_model`. Torch and transformers are imported only after
the source and quant are known to be usable, so bad input fails in well under a second.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import InputError, ModelError, TutorError
from tutor.llm.gguf_cache import (
    cache_dir_for,
    ensure_converted,
    is_valid_cache,
    save_tokenizer,
    tokenizer_dir_for,
)
from tutor.llm.quant import load_kwargs, resolve_device, resolve_quant
from tutor.llm.quiet import quiet_libraries, swallow_stderr
from tutor.llm.sources import ModelSource, resolve_source
from tutor.settings import Settings, ensure_offline

if TYPE_CHECKING:
    from tutor.llm.transformers_chat import TransformersChatModel

Progress = Callable[[str], None]
_LOAD_ERRORS = (OSError, ValueError, KeyError, RuntimeError, ImportError, TypeError)


def _silent(_: str) -> None:
    pass


def load_chat_model(settings: Settings, progress: Progress = _silent) -> TransformersChatModel:
    """The chat model `settings` names, quantized as asked, on CUDA if present else CPU."""
    if settings.model.strip().startswith("openai:"):
        from tutor.llm.openai_chat import OpenAIChatModel, parse_spec

        model_id, url = parse_spec(settings.model)
        progress(f"Connecting to {url} ({model_id})…")
        return OpenAIChatModel(model_id, url).connect()  # type: ignore[return-value]
    ensure_offline()
    resolve_quant(settings.quant)  # a bad --quant fails before anything heavy loads
    source = resolve_source(settings.model, settings.models_dir, progress)
    if _wants_llamacpp(settings, source):
        return _load_llamacpp(source, progress)  # type: ignore[return-value]
    quiet_libraries()
    from tutor.llm.transformers_chat import TransformersChatModel, model_thread

    device = resolve_device(settings.device)
    quant = resolve_quant(settings.quant, device)
    started = time.perf_counter()
    location, convert_s = _weights_location(source, settings, progress)
    progress(f"Loading {source.name} ({quant} on {device})…")
    try:
        worker = model_thread()  # loads the weights and, later, runs every generation
        model, tokenizer = worker.submit(_load_pretrained, location, quant, device).result()
    except _LOAD_ERRORS as exc:
        if source.kind != "gguf":
            raise _load_error(source, exc) from exc
        # The cache looked whole but does not load: rebuild it once.
        progress(f"The model cache at {location} does not load ({type(exc).__name__}); rebuilding.")
        shutil.rmtree(location, ignore_errors=True)
        location, convert_s = _weights_location(source, settings, progress)
        try:
            model, tokenizer = worker.submit(_load_pretrained, location, quant, device).result()
        except _LOAD_ERRORS as again:
            raise _load_error(source, again) from again
    load_s = time.perf_counter() - started
    progress(f"Model ready in {load_s:.1f} s.")
    return TransformersChatModel(
        model,
        tokenizer,
        name=source.name,
        quant=quant,
        device=device,
        load_s=load_s,
        convert_s=convert_s,
        worker=worker,
    )


def _wants_llamacpp(settings: Settings, source: ModelSource) -> bool:
    """`--quant gguf`, or `auto` on the CPU for a GGUF model when llama.cpp is installed.
    Decided without importing torch when the answer is plain."""
    quant = settings.quant.strip().lower()
    if quant == "gguf":
        if source.kind != "gguf":
            raise InputError(
                f"--quant gguf runs a .gguf file, and {source.name} is not one.",
                "Pass a catalogue name or a .gguf file, or another --quant.",
            )
        return True
    if quant != "auto" or source.kind != "gguf" or settings.device == "cuda":
        return False
    device = "cpu" if settings.device == "cpu" else resolve_device(settings.device)
    return resolve_quant("auto", device, gguf_source=True) == "gguf"


def _load_llamacpp(source: ModelSource, progress: Progress) -> Any:
    from tutor.llm.llamacpp_chat import LlamaCppChatModel

    assert source.path is not None
    progress(f"Loading {source.name} (gguf in llama.cpp on cpu)…")
    model = LlamaCppChatModel(source.path, name=source.name)
    progress(f"Model ready in {model.load_s:.1f} s.")
    return model


def load_tokenizer(settings: Settings) -> Any:
    """The configured model's HF tokenizer, cheaply: from the GGUF cache if present, else
    straight from the GGUF, folder or hub id (no weights are loaded)."""
    ensure_offline()
    source = resolve_source(settings.model, settings.models_dir)
    quiet_libraries()
    from transformers import AutoTokenizer

    try:
        if source.kind == "gguf":
            assert source.path is not None
            cached = cache_dir_for(source.path, settings.models_dir)
            if is_valid_cache(cached):
                return AutoTokenizer.from_pretrained(cached)
            alone = tokenizer_dir_for(source.path, settings.models_dir)
            if (alone / "tokenizer_config.json").is_file():
                return AutoTokenizer.from_pretrained(alone)
            with swallow_stderr():
                tokenizer = AutoTokenizer.from_pretrained(
                    source.path.parent, gguf_file=source.path.name
                )
            save_tokenizer(tokenizer, alone)
            return tokenizer
        return AutoTokenizer.from_pretrained(_location_of(source))
    except _LOAD_ERRORS as exc:
        raise ModelError(
            f"Could not load the tokenizer of {source.name}: {exc}",
            "Check the model folder or file.",
        ) from exc


def _weights_location(
    source: ModelSource, settings: Settings, progress: Progress
) -> tuple[str, float]:
    """A folder or hub id that `from_pretrained` can read, and seconds spent converting."""
    if source.kind != "gguf":
        return _location_of(source), 0.0
    assert source.path is not None
    started = time.perf_counter()
    cached = cache_dir_for(source.path, settings.models_dir)
    was_cached = is_valid_cache(cached)
    folder = ensure_converted(source.path, settings.models_dir, progress)
    return str(folder), 0.0 if was_cached else time.perf_counter() - started


def _location_of(source: ModelSource) -> str:
    if source.kind == "hub":
        assert source.repo_id is not None
        return source.repo_id
    assert source.path is not None
    return str(source.path)


def _load_pretrained(location: str | Path, quant: str, device: str) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(location, **load_kwargs(quant, device))
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(location)
    return model, tokenizer


def _load_error(source: ModelSource, exc: BaseException) -> TutorError:
    return ModelError(
        f"Could not load {source.name}: {type(exc).__name__}: {str(exc)[:300]}",
        "Check that it is a complete Hugging Face causal-LM folder (config, weights, tokenizer), "
        "or try --quant bf16.",
    )
