"""Quantization and device choices, turned into `from_pretrained` arguments.

bitsandbytes does the quantization (`BitsAndBytesConfig`): nf4 (4-bit NormalFloat, from the
QLoRA paper) with bf16 compute, or LLM.int8(). Torch is imported only inside the functions.
"""

from __future__ import annotations

from typing import Any

from tutor.errors import InputError, ModelError
from tutor.settings import QUANTS

CONCRETE_QUANTS: tuple[str, ...] = ("gguf", "nf4", "int8", "bf16", "fp32")


def resolve_quant(quant: str, device: str = "cuda", gguf_source: bool = False) -> str:
    """The concrete quant; anything outside QUANTS is an InputError.

    "auto" is nf4 on a GPU. On the CPU it is "gguf" for a GGUF model when the llama.cpp wheel
    is installed (the file's own 4-bit weights, run by llama.cpp: measured on 2 cores, the
    0.5B voice decodes ~3x faster than in bf16 and reads its prompt ~10x faster), else bf16:
    bitsandbytes' CPU nf4 path dequantizes every matrix at every step (1.4 tok/s against
    12.2 tok/s in bf16, bench/llm_speed.py)."""
    value = quant.strip().lower()
    if value not in QUANTS:
        raise InputError(f"Unknown quantization: {quant!r}.", f"Use one of: {', '.join(QUANTS)}.")
    if value == "auto":
        if device == "cuda":
            return "nf4"
        from tutor.llm.llamacpp_chat import available

        return "gguf" if gguf_source and available() else "bf16"
    return value


def resolve_device(device: str) -> str:
    """The concrete device: "auto" is CUDA when torch sees a GPU, else CPU."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError("CUDA was asked for but torch sees no GPU.", "Use --device cpu or auto.")
    if device not in ("cpu", "cuda"):
        raise InputError(f"Unknown device: {device!r}.", "Use auto, cpu or cuda.")
    return device


def load_kwargs(quant: str, device: str) -> dict[str, Any]:
    """Keyword arguments for `AutoModelForCausalLM.from_pretrained` for a concrete quant/device."""
    import torch
    from transformers import BitsAndBytesConfig

    kwargs: dict[str, Any] = {"device_map": {"": 0} if device == "cuda" else "cpu"}
    if quant == "nf4":
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
    elif quant == "int8":
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
    elif quant == "bf16":
        kwargs["dtype"] = torch.bfloat16
    elif quant == "fp32":
        kwargs["dtype"] = torch.float32
    else:
        raise InputError(f"Unknown quantization: {quant!r}.", f"Use one of: {', '.join(QUANTS)}.")
    return kwargs
