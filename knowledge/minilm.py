"""A BERT sentence encoder (MiniLM-L6, Wang et al. 2020, "MiniLM") in plain torch.

The same maths as sentence-transformers' Transformer -> mean Pooling -> Normalize stack for
all-MiniLM-L6-v2 (Reimers & Gurevych 2019, "Sentence-BERT"), read from the model's own
safetensors and tokenizer.json. Importing sentence-transformers pulls in scikit-learn,
peft, bitsandbytes and most of transformers (about 3 s of every CLI call), for a
six-layer encoder that fits on a page; tests check this one against it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 - torch's own spelling

MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length, not tokenizer.json's 128


class _Layer(nn.Module):
    """One post-LayerNorm BERT block: self-attention, then a GELU feed-forward."""

    def __init__(self, hidden: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=eps)
        self.up = nn.Linear(hidden, inner)
        self.down = nn.Linear(inner, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, h // self.heads).permute(2, 0, 3, 1, 4)
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = self.norm1(x + self.out(att.transpose(1, 2).reshape(b, t, h)))
        return self.norm2(x + self.down(F.gelu(self.up(x))))


class MiniLM(nn.Module):
    """BERT encoder (no pooler) + attention-masked mean pooling + L2 normalisation."""

    def __init__(self, config: dict[str, float | int]) -> None:
        super().__init__()
        hidden, eps = int(config["hidden_size"]), float(config["layer_norm_eps"])
        self.words = nn.Embedding(int(config["vocab_size"]), hidden)
        self.positions = nn.Embedding(int(config["max_position_embeddings"]), hidden)
        self.types = nn.Embedding(int(config["type_vocab_size"]), hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(hidden, int(config["num_attention_heads"]), int(config["intermediate_size"]),
                   eps)
            for _ in range(int(config["num_hidden_layers"]))
        )

    def forward(self, ids: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        types = self.types(torch.zeros_like(ids))  # one segment: token type 0 throughout
        x = self.norm(self.words(ids) + self.positions(positions) + types)
        # Padding is never attended to: an additive -inf-like bias, as BERT's own mask.
        mask = (1.0 - keep[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, mask)
        weights = keep.unsqueeze(-1).to(x.dtype)
        mean = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return F.normalize(mean, p=2, dim=1)


def _state_dict(path: Path, layers: int) -> dict[str, torch.Tensor]:
    """The Hugging Face BertModel weights renamed to this module's (q, k, v fused)."""
    from safetensors.torch import load_file

    hf = load_file(str(path))
    out = {
        "words.weight": hf["embeddings.word_embeddings.weight"],
        "positions.weight": hf["embeddings.position_embeddings.weight"],
        "types.weight": hf["embeddings.token_type_embeddings.weight"],
        "norm.weight": hf["embeddings.LayerNorm.weight"],
        "norm.bias": hf["embeddings.LayerNorm.bias"],
    }
    for i in range(layers):
        p, q = f"encoder.layer.{i}.", f"layers.{i}."
        for part in ("weight", "bias"):
            out[q + "qkv." + part] = torch.cat(
                [hf[f"{p}attention.self.{n}.{part}"] for n in ("query", "key", "value")]
            )
            out[q + "out." + part] = hf[p + "attention.output.dense." + part]
            out[q + "norm1." + part] = hf[p + "attention.output.LayerNorm." + part]
            out[q + "up." + part] = hf[p + "intermediate.dense." + part]
            out[q + "down." + part] = hf[p + "output.dense." + part]
            out[q + "norm2." + part] = hf[p + "output.LayerNorm." + part]
    return out


class SentenceEncoder:
    """Texts -> float32 unit vectors, batched longest first as sentence-transformers does
    (so each batch pads little)."""

    def __init__(self, folder: str | Path) -> None:
        from tokenizers import Tokenizer

        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"{folder} is not a BERT (gelu) sentence encoder")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))
        self.model = MiniLM(config)
        self.model.load_state_dict(
            _state_dict(folder / "model.safetensors", int(config["num_hidden_layers"]))
        )
        self.model.eval()
        self.dim = int(config["hidden_size"])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            batch = self.tokenizer.encode_batch([texts[i] for i in chunk])
            ids = torch.tensor([e.ids for e in batch], dtype=torch.long)
            keep = torch.tensor([e.attention_mask for e in batch], dtype=torch.long)
            with torch.inference_mode():
                out[chunk] = self.model(ids, keep).numpy()
        return out

