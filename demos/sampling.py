"""Next-token sampling: how a language model picks each word, on the tutor's own model.

An autoregressive LM gives, at every step, a probability for each of its ~49k tokens; a
decoding rule picks one, appends it and asks again. Greedy decoding takes the most likely
token; sampling draws one after reshaping the distribution: temperature divides the
logits (T < 1 sharpens, T > 1 flattens), top-k keeps the k likeliest tokens, and top-p
(nucleus sampling, Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration")
keeps the smallest set whose probability reaches p. The survivors are renormalised.

`filter_logits` does the three in the order `transformers.generate` does; a reference test
checks it against transformers' own TemperatureLogitsWarper, TopKLogitsWarper and
TopPLogitsWarper. The model's raw distribution has no repetition penalty (the tutor's chat
adds one of 1.15), so what is shown is the model itself.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from demos.control import Changes, Control
from demos.frames import Candidate, Frame, Log, Metrics, NextToken, Texts
from demos.lm import LM, prompt_ids, resolve, token_text

if TYPE_CHECKING:
    import torch

DEFAULT_TEXT = "What is a generative model? Answer in one sentence."
STEERABLE = ("temperature", "top_k", "top_p")


@dataclass(frozen=True)
class Config:
    """Every default of the sampling demo; field names match `demos.params.SamplingParams`."""

    text: str = DEFAULT_TEXT
    temperature: float = 0.8
    top_k: int = 40  # 0: no top-k filter
    top_p: float = 0.95  # 1.0: no top-p filter
    steps: int = 24  # new tokens per decoding run
    candidates: int = 8  # candidates shown per step
    seed: int = 0
    chat: bool = True  # wrap the text in the chat template, as the tutor does
    model: str = "bundled"
    home: Path | None = None  # TUTOR_HOME for the model cache (None: the environment's)
    lm: LM | None = field(default=None, repr=False, compare=False)  # a model already loaded

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(text="The capital of France is", steps=4, candidates=5,
                                    chat=False)
        return cls(**{**base, **overrides})


def filter_logits(logits: torch.Tensor, temperature: float, top_k: int,
                  top_p: float) -> torch.Tensor:
    """Logits after temperature, top-k and top-p, filtered-out tokens at -inf (a softmax
    of the result is the distribution sampled from). Ties at the k-th logit all stay, and
    the likeliest token always stays, as in transformers."""
    import torch

    scores = logits / temperature
    if 0 < top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k).values[..., -1, None]
        scores = scores.masked_fill(scores < kth, -math.inf)
    if top_p < 1.0:
        ordered, order = torch.sort(scores, descending=False)
        mass = ordered.softmax(dim=-1).cumsum(dim=-1)
        drop_sorted = mass <= (1 - top_p)  # the low tail holding at most 1 - p
        drop_sorted[..., -1] = False
        drop = drop_sorted.scatter(-1, order, drop_sorted)
        scores = scores.masked_fill(drop, -math.inf)
    return scores


def _apply(changes: Changes, knobs: dict[str, float]) -> Iterator[Log]:
    """Steering between steps: bad values are refused with a line, good ones take effect."""
    limits = {"temperature": (0.05, 5.0), "top_k": (0, 1000), "top_p": (0.01, 1.0)}
    for key, value in changes:
        if key not in limits:
            yield Log(f"The sampling demo cannot change {key!r} while it runs.")
            continue
        lo, hi = limits[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            yield Log(f"{key}={value!r} is outside [{lo:g}, {hi:g}]; it stays {knobs[key]:g}.")
            continue
        new = int(value) if key == "top_k" else float(value)
        yield Log(f"{key} {knobs[key]:g} -> {new:g}")
        knobs[key] = new


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Decode the same prompt greedily, then by sampling; one frame per step."""
    import torch

    control = control or Control()
    started = time.perf_counter()
    yield Log(f"Loading the model ({config.model}) to read its next-token probabilities...")
    lm = resolve(config.lm, config.model, config.home)
    prompt = prompt_ids(lm, config.text, config.chat)
    yield Log(f"{lm.name}: the prompt is {len(prompt)} tokens"
              f"{' in the chat template' if config.chat else ''}. Greedy first: always the "
              "likeliest token.")
    knobs: dict[str, float] = {"temperature": config.temperature, "top_k": config.top_k,
                               "top_p": config.top_p}
    results: dict[str, dict[str, Any]] = {}
    for mode in ("greedy", "sampled"):
        if mode == "sampled":
            yield Log(f"Now sampling with seed {config.seed}: temperature {knobs['temperature']:g}"
                      f", top-k {int(knobs['top_k']) or 'off'}, top-p {knobs['top_p']:g}.")
        generator = torch.Generator().manual_seed(config.seed)
        out: dict[str, Any] = {"ids": [], "logprob": 0.0, "logprob_filtered": 0.0}
        results[mode] = out
        yield from _decode(lm, prompt, mode, config, knobs, generator, control, out)
        if control.stopped:
            yield Log(f"Stopped after {len(out['ids'])} {mode} token(s).")
            return
    tok = lm.tokenizer
    texts = {m: tok.decode(r["ids"], skip_special_tokens=True) for m, r in results.items()}
    yield Texts("greedy vs sampled", [(m, t) for m, t in texts.items()])
    sampled = results["sampled"]
    wall = time.perf_counter() - started - control.paused_s
    steps = len(results["greedy"]["ids"]) + len(sampled["ids"])
    yield Metrics(steps, {
        "greedy_text": texts["greedy"],
        "sampled_text": texts["sampled"],
        "greedy_logprob": results["greedy"]["logprob"],
        "sampled_logprob": sampled["logprob"],
        "sampled_logprob_filtered": sampled["logprob_filtered"],
        "greedy_tokens": len(results["greedy"]["ids"]),
        "sampled_tokens": len(sampled["ids"]),
        "seed": config.seed,
        "temperature": knobs["temperature"],
        "top_k": int(knobs["top_k"]),
        "top_p": knobs["top_p"],
        "prompt_tokens": len(prompt),
        "wall_s": wall,
        "steps": steps,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()
                     if k != "lm"},
    }, final=True)


def _decode(lm: LM, prompt: list[int], mode: str, config: Config, knobs: dict[str, float],
            generator: torch.Generator, control: Control,
            out: dict[str, Any]) -> Iterator[Frame]:
    """One decoding run with the KV cache; appends ids and log-probabilities to `out`."""
    import torch

    tok = lm.tokenizer
    eos = {int(i) for i in _eos_ids(lm)}
    ids = torch.tensor([prompt])
    past = None
    for step in range(1, config.steps + 1):
        yield from _apply(control.checkpoint(), knobs)
        if control.stopped:
            return
        with torch.inference_mode():
            result = lm.model(input_ids=ids, past_key_values=past, use_cache=True)
        past = result.past_key_values
        logits = result.logits[0, -1].float()
        probs = logits.softmax(-1)
        if mode == "greedy":
            filtered = torch.zeros_like(probs)
            picked = int(probs.argmax())
            filtered[picked] = 1.0
        else:
            filtered = filter_logits(logits, knobs["temperature"], int(knobs["top_k"]),
                                     knobs["top_p"]).softmax(-1)
            picked = int(torch.multinomial(filtered, 1, generator=generator))
        top = torch.topk(probs, config.candidates).indices.tolist()
        shown = [_candidate(tok, i, probs, filtered) for i in top]
        choice = _candidate(tok, picked, probs, filtered)
        context = tok.decode(out["ids"], skip_special_tokens=True)
        out["ids"].append(picked)
        out["logprob"] += math.log(max(choice.prob, 1e-45))
        out["logprob_filtered"] += math.log(max(choice.filtered, 1e-45))
        settings = ({"temperature": 0.0, "top_k": 1, "top_p": 1.0} if mode == "greedy"
                    else {"temperature": knobs["temperature"], "top_k": int(knobs["top_k"]),
                          "top_p": knobs["top_p"]})
        yield NextToken(step, mode, context, shown, choice, settings)
        if picked in eos:
            return
        ids = torch.tensor([[picked]])


def _candidate(tok: Any, token_id: int, probs: torch.Tensor, filtered: torch.Tensor) -> Candidate:
    return Candidate(token_text(tok, token_id), int(token_id), float(probs[token_id]),
                     float(filtered[token_id]))


def _eos_ids(lm: LM) -> list[int]:
    found = getattr(lm.model.generation_config, "eos_token_id", None)
    ids = found if isinstance(found, list) else [found] if found is not None else []
    if lm.tokenizer.eos_token_id is not None:
        ids.append(lm.tokenizer.eos_token_id)
    return ids
