"""Bounds for demo arguments that come from outside (CLI flags, chat, the app).

Every field defaults to None, meaning "the demo config's own default": the frozen config
dataclass in each demo module is the one source of defaults. Pure pydantic: no torch here,
so the UI and the router can validate without loading a demo.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CLAMP = {"clamp": True}  # above the upper bound: clamped with a note, not refused


class DemoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="random seed")


class GanParams(DemoParams):
    dataset: Literal["ring", "grid"] | None = Field(
        None, description="8 Gaussians on a ring or 25 on a grid"
    )
    loss: Literal["gan", "wgan-gp"] | None = Field(
        None, description="non-saturating GAN or WGAN-GP"
    )
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20_000, description="training steps"
    )
    lr: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=0.1, description="learning rate"
    )
    batch_size: int | None = Field(
        None, json_schema_extra=CLAMP, ge=8, le=2048, description="batch size"
    )
    r1: float | None = Field(
        None,
        json_schema_extra=CLAMP,
        ge=0,
        le=100,
        description="R1 gradient penalty weight (0 turns it off: watch the ring collapse)",
    )
    rejection: bool | None = Field(
        None, description="discriminator rejection sampling for the final figures"
    )


class GanDigitsParams(DemoParams):
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20_000, description="training steps"
    )
    lr: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=0.1, description="learning rate"
    )
    batch_size: int | None = Field(
        None, json_schema_extra=CLAMP, ge=8, le=1024, description="batch size"
    )


class VaeParams(DemoParams):
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20_000, description="training steps"
    )
    lr: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=0.1, description="learning rate"
    )
    beta: float | None = Field(
        None, json_schema_extra=CLAMP, ge=0, le=20, description="weight of the KL term (beta-VAE)"
    )
    latent_dim: int | None = Field(
        None, json_schema_extra=CLAMP, ge=2, le=32, description="latent dimensions"
    )
    conditional: bool | None = Field(None, description="condition on the digit label (CVAE)")
    digit: int | None = Field(None, ge=0, le=9, description="digit to draw (implies conditional)")


class TokenizeParams(DemoParams):
    text: str | None = Field(None, min_length=1, max_length=2000, description="text to split")
    merges: int | None = Field(
        None,
        json_schema_extra=CLAMP,
        ge=0,
        le=2000,
        description="BPE merges to learn from the notes",
    )


class DiffusionParams(DemoParams):
    dataset: Literal["ring", "grid", "spiral", "digits"] | None = Field(
        None, description="2-D ring, grid or spiral, or the 8x8 digits"
    )
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20_000, description="training steps"
    )
    lr: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=0.1, description="learning rate"
    )
    sampler: Literal["ddpm", "ddim"] | None = Field(
        None, description="DDPM (all T steps, stochastic) or DDIM (few steps, deterministic)"
    )
    sampling_steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=1000, description="DDIM reverse steps"
    )
    digit: int | None = Field(None, ge=0, le=9, description="digits: the digit to draw")
    guidance: float | None = Field(
        None, json_schema_extra=CLAMP, ge=0, le=20, description="classifier-free guidance scale"
    )
    fourier: int | None = Field(
        None, json_schema_extra=CLAMP, ge=0, le=256,
        description="random Fourier features of x on 2-D data (0: off, to see why they help)",
    )
    t_shown: int | None = Field(
        None, ge=0, le=999, description="t of the denoising field drawn on 2-D data (of 1000)"
    )


class CompareParams(DemoParams):
    dataset: Literal["ring", "grid"] | None = Field(
        None, description="the 2-D data all models learn: 8 Gaussians on a ring or 25 on a grid"
    )
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20_000,
        description="training steps for each model (default: 2000 ring, 3000 grid)",
    )
    batch_size: int | None = Field(
        None, json_schema_extra=CLAMP, ge=8, le=2048, description="points per step, each model"
    )


class BleuParams(DemoParams):
    text: str | None = Field(None, min_length=1, max_length=2000, description="text to score")
    reference: str | None = Field(
        None, min_length=1, max_length=2000, description="reference (default: from the notes)"
    )


class SamplingParams(DemoParams):
    text: str | None = Field(
        None, min_length=1, max_length=2000, description="prompt to continue"
    )
    temperature: float | None = Field(
        None, json_schema_extra=CLAMP, ge=0.0, le=5.0,
        description="divides the logits: below 1 sharpens, above 1 flattens (0: greedy)",
    )
    top_k: int | None = Field(
        None, json_schema_extra=CLAMP, ge=0, le=1000,
        description="keep the k likeliest tokens (0: off)",
    )
    top_p: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=1.0,
        description="keep the likeliest tokens holding this much probability (1: off)",
    )
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=200, description="new tokens per run"
    )
    candidates: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=20, description="candidates shown per step"
    )
    chat: bool | None = Field(None, description="wrap the prompt in the chat template")
    interactive: bool | None = Field(
        None, description="you choose each sampled token (pick 2, pick ' cat', next, auto)"
    )


class AttentionParams(DemoParams):
    text: str | None = Field(
        None, min_length=1, max_length=1000, description="sentence to look at"
    )
    layer: int | None = Field(None, ge=0, le=127, description="layer, from 0")
    head: int | None = Field(None, ge=-1, le=127, description="head, from 0 (-1: mean of heads)")
    token: int | None = Field(
        None, ge=-1000, le=1000, description="token whose attention is ranked (-1: last)"
    )
    pe_dims: int | None = Field(
        None, json_schema_extra=CLAMP, ge=2, le=512,
        description="dimensions of the sinusoidal encoding drawn",
    )


class EmbeddingsParams(DemoParams):
    words: str | None = Field(
        None, min_length=1, max_length=2000, description="comma-separated words to map"
    )
    query: str | None = Field(
        None, min_length=1, max_length=60, description="word whose neighbours are shown"
    )
    analogy: str | None = Field(
        None, min_length=5, max_length=200, description='e.g. "king - man + woman = queen"'
    )
    neighbours: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=50, description="neighbours shown"
    )
    clusters: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=12, description="k-means clusters on the map"
    )


class FinetuneParams(DemoParams):
    steps: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=200, description="training steps"
    )
    lr: float | None = Field(
        None, json_schema_extra=CLAMP, gt=0, le=0.1, description="learning rate"
    )
    rank: int | None = Field(
        None, json_schema_extra=CLAMP, ge=1, le=64, description="LoRA rank r"
    )
    layers: int | None = Field(
        None, json_schema_extra=CLAMP, ge=0, le=128,
        description="adapt the top N blocks (0: all)",
    )
    save_as: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]{0,39}$",
        description="keep the adapter under this name (default: discard it)",
    )
