"""Self-attention, read out of the tutor's own model; and positional encoding.

Scaled dot-product attention (Vaswani et al. 2017, "Attention Is All You Need"): each token
scores every token with q·k/√d, and a softmax turns a row of scores into weights that sum
to 1. A decoder-only model such as SmolLM2 masks the future (causal attention), so row i
has weights only on tokens 0..i: the upper triangle of the matrix is empty. The weights here
come from the real model (`output_attentions=True`, eager attention, one layer and head or
the mean over heads).

Attention alone ignores order, so the original Transformer adds a sinusoidal positional
encoding to each input: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...).
SmolLM2 (like Llama and Qwen) uses rotary embeddings (RoPE, Su et al. 2021) instead: queries
and keys are rotated by angles that grow with position, so q·k depends on the distance
between two tokens. The sinusoidal encoding is drawn for comparison.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demos.control import Control
from demos.frames import Frame, Log, Matrix, Metrics, Ranking
from demos.lm import LM, loading_line, resolve, settings_of, token_text
from tutor.errors import DemoError

DEFAULT_TEXT = "The cat sat on the mat because it was tired."
MEAN = -1  # head = -1: the mean over heads


@dataclass(frozen=True)
class Config:
    """Every default of the attention demo; field names match `demos.params.AttentionParams`."""

    text: str = DEFAULT_TEXT
    layer: int | None = None  # 0-based; None: the middle one (SmolLM2-135M has 30)
    head: int = MEAN  # 0-based, or -1 for the mean over heads
    token: int = -1  # the token whose attention is ranked (-1: the last)
    pe_dims: int = 64  # dimensions of the sinusoidal encoding drawn
    seed: int = 0  # accepted for a uniform interface; nothing here is random
    model: str = "bundled"
    home: Path | None = None
    lm: LM | None = field(default=None, repr=False, compare=False)
    load_lm: Callable[[], LM] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(text="The cat sat on it.", layer=1, head=0, pe_dims=16)
        return cls(**{**base, **overrides})


def sinusoidal(positions: int, dims: int) -> list[list[float]]:
    """The original Transformer's positional encoding: one row per position, `dims` columns
    of sin (even) and cos (odd) at wavelengths from 2π up to 10000·2π."""
    rows = []
    for pos in range(positions):
        row = []
        for j in range(dims):
            angle = pos / 10000 ** ((j - j % 2) / dims)
            row.append(math.sin(angle) if j % 2 == 0 else math.cos(angle))
        rows.append(row)
    return rows


def attention_weights(lm: LM, ids: list[int]) -> list[Any]:
    """Per layer, a (heads, tokens, tokens) tensor of softmaxed attention weights. The model
    is switched to eager attention for the call (fused kernels never form the weights)."""
    import torch

    model = lm.model
    with lm.exclusive():  # a shared model: no chat answer runs while it is switched
        before = model.config._attn_implementation
        model.set_attn_implementation("eager")
        try:
            with torch.inference_mode():
                out = model(input_ids=torch.tensor([ids], device=lm.device),
                            output_attentions=True)
        finally:
            model.set_attn_implementation(before)
    return [a[0].float().cpu() for a in out.attentions]


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """The weights of one layer (one head, and the mean over heads), the tokens the chosen
    token looks at most, and the sinusoidal positional encoding."""
    control = control or Control()
    started = time.perf_counter()
    yield Log(loading_line(config.lm, config.model, "its attention weights"))
    lm = resolve(config.lm, config.load_lm)
    ids = [int(i) for i in lm.tokenizer(config.text, add_special_tokens=False)["input_ids"]]
    if not ids:
        raise DemoError("The text has no tokens.", "Give a sentence, e.g. --text 'The cat sat.'")
    layers = attention_weights(lm, ids)
    n_layers, n_heads = len(layers), int(layers[0].shape[0])
    layer = n_layers // 2 if config.layer is None else config.layer
    _check_range("layer", layer, n_layers, "layers")
    if config.head != MEAN:
        _check_range("head", config.head, n_heads, "heads per layer")
    _check_range("token", config.token if config.token >= 0 else len(ids) + config.token,
                 len(ids), "tokens in the text")
    labels = [token_text(lm.tokenizer, i) for i in ids]
    yield Log(f"{lm.name}: {len(ids)} tokens, {n_layers} layers of {n_heads} heads. Row i is "
              "what token i attends to; the causal mask leaves the upper triangle empty.")
    weights = layers[layer]
    mean = weights.mean(0)
    chosen = mean if config.head == MEAN else weights[config.head]
    note = "rows sum to 1; above the diagonal (future tokens) is masked to 0"
    if config.head != MEAN:
        yield Matrix(0, f"attention, layer {layer} head {config.head}", _plain(chosen),
                     labels, labels, note)
    yield Matrix(0, f"attention, layer {layer}, mean of {n_heads} heads", _plain(mean),
                 labels, labels, note)
    yield from _checkpoint(control)
    if control.stopped:
        yield Log("Stopped.")
        return
    focus = config.token % len(ids)
    row = chosen[focus, : focus + 1].tolist()
    order = sorted(range(len(row)), key=lambda j: -row[j])[:8]
    head_name = "mean of heads" if config.head == MEAN else f"head {config.head}"
    yield Ranking(f"what token {focus} attends to (layer {layer}, {head_name})",
                  repr(labels[focus]), [(f"{j}: {labels[j]!r}", float(row[j])) for j in order])
    positions = max(len(ids), 16)
    yield Matrix(0, f"sinusoidal positional encoding, {positions} positions x "
                    f"{config.pe_dims} dims", sinusoidal(positions, config.pe_dims),
                 [str(p) for p in range(positions)], [str(j) for j in range(config.pe_dims)],
                 _rope_note(lm))
    sums_err = max(float((w.sum(-1) - 1).abs().max()) for w in layers)
    upper = max(float(w.triu(1).abs().max()) for w in layers)
    sink = sum(float(w[:, 1:, 0].mean()) for w in layers) / n_layers if len(ids) > 1 else 1.0
    yield Log(f"On average {sink:.0%} of each later token's attention goes to the first token: "
              "an \"attention sink\" (Xiao et al. 2023), a place to put weight when nothing "
              "else matters; the rest shows what the head really looks at.")
    wall = time.perf_counter() - started - control.paused_s
    yield Metrics(0, {
        "tokens": len(ids),
        "layers": n_layers,
        "heads": n_heads,
        "layer": layer,
        "head": "mean" if config.head == MEAN else config.head,
        "top_attended": labels[order[0]],
        "top_weight": float(row[order[0]]),
        "row_sum_max_error": sums_err,
        "upper_triangle_max": upper,
        "attention_to_first_token": sink,  # the "attention sink" of causal LMs
        "wall_s": wall,
        "settings": settings_of(config),
    }, final=True)


def _plain(tensor: Any) -> list[list[float]]:
    return [[float(v) for v in row] for row in tensor.tolist()]


def _check_range(name: str, value: int, count: int, what: str) -> None:
    if not 0 <= value < count:
        raise DemoError(f"{name} {value} is out of range: the model has {count} {what}.",
                        f"Pick a {name} from 0 to {count - 1}.")


def _rope_note(lm: LM) -> str:
    theta = getattr(lm.model.config, "rope_theta", None)
    if theta is None:
        theta = (getattr(lm.model.config, "rope_parameters", None) or {}).get("rope_theta")
    base = f" (base {theta:g})" if isinstance(theta, int | float) else ""
    return (f"{lm.name} adds no such vector: it uses rotary embeddings{base}, rotating queries "
            "and keys by position so attention sees relative distance (as Llama and Qwen do).")


def _checkpoint(control: Control) -> Iterator[Log]:
    for key, _ in control.checkpoint():
        yield Log(f"The attention demo cannot change {key!r} while it runs; start it again.")
