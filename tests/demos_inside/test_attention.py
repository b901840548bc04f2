"""The attention demo: weights from the real model are causal softmax rows, the mean is
the mean of the heads, and the sinusoidal encoding follows Vaswani et al."""

from __future__ import annotations

import math

import pytest
import torch

from demos import attention
from demos.frames import Matrix, Metrics, Ranking
from demos.lm import token_text
from demos.registry import start
from tutor.errors import DemoError

from .conftest import assert_plain


@pytest.fixture(scope="module")
def frames(lm) -> list:
    return list(attention.run(attention.Config.tiny(lm=lm, layer=2, head=4)))


@pytest.mark.real
def test_rows_sum_to_one_and_the_future_is_masked(frames) -> None:
    for frame in frames:
        assert_plain(frame)
    heads = [f for f in frames if isinstance(f, Matrix) and f.title.startswith("attention")]
    assert [f.title for f in heads] == ["attention, layer 2 head 4",
                                        "attention, layer 2, mean of 9 heads"]
    for m in heads:
        n = len(m.rows)
        assert n == len(m.row_labels) == len(m.col_labels) > 3
        for i, row in enumerate(m.rows):
            assert math.isclose(sum(row), 1.0, abs_tol=1e-5)
            assert all(v == 0.0 for v in row[i + 1:])  # causal: nothing from the future
            assert all(v >= 0.0 for v in row)
        assert m.rows[0][0] == pytest.approx(1.0)  # the first token can only see itself
    final = frames[-1]
    assert isinstance(final, Metrics) and final.final
    assert final.values["upper_triangle_max"] == 0.0
    assert final.values["row_sum_max_error"] < 1e-5
    assert final.values["layers"] == 30 and final.values["heads"] == 9


@pytest.mark.real
def test_weights_are_the_models_own_and_the_mean_is_of_the_heads(lm, frames) -> None:
    ids = lm.tokenizer("The cat sat on it.", add_special_tokens=False)["input_ids"]
    assert frames[2].row_labels == [token_text(lm.tokenizer, i) for i in ids]
    layers = attention.attention_weights(lm, ids)
    assert lm.model.config._attn_implementation != "eager"  # switched back afterwards
    matrices = [f for f in frames if isinstance(f, Matrix)]
    head = next(f for f in matrices if f.title.endswith("head 4"))
    mean = next(f for f in matrices if "mean" in f.title)
    assert torch.allclose(torch.tensor(head.rows), layers[2][4], atol=1e-6)
    assert torch.allclose(torch.tensor(mean.rows), layers[2].mean(0), atol=1e-6)
    ranked = next(f for f in frames if isinstance(f, Ranking))
    last = head.rows[-1]
    assert ranked.items[0][1] == pytest.approx(max(last))
    assert [score for _, score in ranked.items] == sorted(last, reverse=True)[:len(ranked.items)]


def test_sinusoidal_encoding() -> None:
    pe = attention.sinusoidal(50, 16)
    assert len(pe) == 50 and all(len(r) == 16 for r in pe)
    assert pe[0] == [0.0 if j % 2 == 0 else 1.0 for j in range(16)]
    assert pe[7][4] == pytest.approx(math.sin(7 / 10000 ** (4 / 16)))
    assert pe[7][5] == pytest.approx(math.cos(7 / 10000 ** (4 / 16)))
    for row in pe:  # each (sin, cos) pair is a point on the unit circle
        for j in range(0, 16, 2):
            assert row[j] ** 2 + row[j + 1] ** 2 == pytest.approx(1.0)


@pytest.mark.real
def test_positional_frame_names_rotary(frames) -> None:
    pe = next(f for f in frames if isinstance(f, Matrix) and "positional" in f.title)
    assert len(pe.rows[0]) == 16 and "rotary" in pe.note


@pytest.mark.real
@pytest.mark.parametrize("args", [{"layer": 30}, {"head": 9}, {"token": 50}])
def test_out_of_range_layer_head_token_is_explained(lm, args: dict) -> None:
    frames, _ = start("attention", {"text": "Hello there", **args}, context={"lm": lm})
    with pytest.raises(DemoError) as err:
        list(frames)
    assert "out of range" in err.value.message and err.value.hint


@pytest.mark.parametrize("args", [{"layer": -1}, {"head": -2}, {"text": ""}])
def test_attention_refuses_bad_arguments(args: dict) -> None:
    with pytest.raises(DemoError):
        start("attention", args)


@pytest.mark.real
def test_layer_zero_equals_attention_worked_by_hand(lm) -> None:
    """softmax(q k^T / sqrt(d) + causal mask) from the layer's own projections and RoPE."""
    from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

    ids = lm.tokenizer("Attention is all you need.", add_special_tokens=False)["input_ids"]
    core = lm.model.model
    layer = core.layers[0].self_attn
    cfg = lm.model.config
    d = cfg.hidden_size // cfg.num_attention_heads
    n = len(ids)
    with torch.inference_mode():
        x = core.layers[0].input_layernorm(core.embed_tokens(torch.tensor([ids])))
        q = layer.q_proj(x).view(1, n, -1, d).transpose(1, 2)
        k = layer.k_proj(x).view(1, n, -1, d).transpose(1, 2)
        cos, sin = core.rotary_emb(x, torch.arange(n)[None])
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        k = k.repeat_interleave(q.shape[1] // k.shape[1], dim=1)  # grouped-query attention
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        future = torch.triu(torch.ones(n, n, dtype=torch.bool), 1)
        by_hand = scores.masked_fill(future, -math.inf).softmax(-1)[0]
    assert torch.allclose(attention.attention_weights(lm, ids)[0], by_hand, atol=1e-5)
