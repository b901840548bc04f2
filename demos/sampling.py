"""Next-token sampling: how a language model picks each word, on the tutor's own model.

An autoregressive LM gives, at every step, a probability for each of its ~49k tokens; a
decoding rule picks one, appends it and asks again. Greedy decoding takes the most likely
token; sampling draws one after reshaping the distribution: temperature divides the
logits (T < 1 sharpens, T > 1 flattens), top-k keeps the k likeliest tokens, and top-p
(nucleus sampling, Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration")
keeps the smallest set whose probability reaches p. The survivors are renormalised.

With `interactive` the learner takes the model's place: at each sampled step the demo shows
the candidates and waits for a choice sent through the control channel ("pick 2", "pick
' cat'", "next" for the model's own draw, "auto" to let it finish), then goes on from it.

`filter_logits` does the three in the order `transformers.generate` does; a reference test
checks it against transformers' own TemperatureLogitsWarper, TopKLogitsWarper and
TopPLogitsWarper. The model's raw distribution has no repetition penalty (the tutor's chat
adds one of 1.15), so what is shown is the model itself.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from demos.control import Changes, Control
from demos.frames import Candidate, Frame, Log, Metrics, NextToken, Texts
from demos.lm import LM, loading_line, prompt_ids, resolve, settings_of, token_text

if TYPE_CHECKING:
    import torch

DEFAULT_TEXT = "What is a generative model? Answer in one sentence."
STEERABLE = ("temperature", "top_k", "top_p", "pick")
MODEL, AUTO = "model", "auto"  # picks: the model's own draw this step; from here on


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
    interactive: bool = False  # wait for the learner's pick at each sampled step
    wait_s: float = 300.0  # how long a step waits for a pick before the model draws on
    model: str = "bundled"  # the name of the model `load_lm` loads (demos/lm.py)
    home: Path | None = None  # the caller's TUTOR_HOME, reported with the settings
    lm: LM | None = field(default=None, repr=False, compare=False)  # a model already loaded
    load_lm: Callable[[], LM] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(text="The capital of France is", steps=4, candidates=5,
                                    chat=False)
        return cls(**{**base, **overrides})


def filter_logits(logits: torch.Tensor, temperature: float, top_k: int,
                  top_p: float) -> torch.Tensor:
    """Logits after temperature, top-k and top-p, filtered-out tokens at -inf (a softmax
    of the result is the distribution sampled from). Ties at the k-th logit all stay, and
    the likeliest token always stays, as in transformers. Temperature 0 is the limit of a
    colder and colder softmax: only the likeliest token is left (greedy decoding)."""
    import torch

    if temperature <= 0:
        best = logits.argmax(dim=-1, keepdim=True)
        return torch.full_like(logits, -math.inf).scatter(-1, best, logits.gather(-1, best))
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


Picks = deque[int | str]


class _Turn:
    """Whose turn it is in the sampled run: the model's, or the learner's at each step."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive
        self.picks: Picks = deque()
        self.by_learner = 0
        self.waited_s = 0.0


def _apply(changes: Changes, knobs: dict[str, float], turn: _Turn) -> Iterator[Log]:
    """Steering between steps: bad values are refused with a line, good ones take effect;
    picks are queued for the sampled run's next steps."""
    limits = {"temperature": (0.0, 5.0), "top_k": (0, 1000), "top_p": (0.01, 1.0)}
    for key, value in changes:
        if key == "pick":
            if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
                yield Log(f"pick={value!r} is not a candidate; say pick 2 or pick ' cat'.")
            else:
                turn.picks.append(value)
            continue
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
    yield Log(loading_line(config.lm, config.model, "its next-token probabilities"))
    lm = resolve(config.lm, config.load_lm)
    prompt = prompt_ids(lm, config.text, config.chat)
    yield Log(f"{lm.name}: the prompt is {len(prompt)} tokens"
              f"{' in the chat template' if config.chat else ''}. Greedy first: always the "
              "likeliest token.")
    knobs: dict[str, float] = {"temperature": config.temperature, "top_k": config.top_k,
                               "top_p": config.top_p}
    results: dict[str, dict[str, Any]] = {}
    turn = _Turn(config.interactive and config.wait_s > 0)
    if config.interactive and not turn.interactive:
        yield Log("Choosing tokens needs the chat, where you type 'pick 2'; here the model "
                  "draws every token.")
    for mode in ("greedy", "sampled"):
        if mode == "sampled":
            yield Log(f"Now sampling with seed {config.seed}: temperature {knobs['temperature']:g}"
                      f", top-k {int(knobs['top_k']) or 'off'}, top-p {knobs['top_p']:g}.")
            if turn.interactive:
                yield Log(YOUR_TURN)
        generator = torch.Generator().manual_seed(config.seed)
        out: dict[str, Any] = {"ids": [], "logprob": 0.0, "logprob_filtered": 0.0}
        results[mode] = out
        yield from _decode(lm, prompt, mode, config, knobs, generator, control, out, turn)
        if control.stopped:
            yield Log(f"Stopped after {len(out['ids'])} {mode} token(s).")
            return
    tok = lm.tokenizer
    texts = {m: tok.decode(r["ids"], skip_special_tokens=True) for m, r in results.items()}
    mine = f"sampled, {turn.by_learner} picked by you" if turn.by_learner else "sampled"
    yield Texts("greedy vs sampled", [("greedy", texts["greedy"]), (mine, texts["sampled"])])
    sampled = results["sampled"]
    wall = time.perf_counter() - started - control.paused_s - turn.waited_s
    steps = len(results["greedy"]["ids"]) + len(sampled["ids"])
    yield Metrics(steps, {
        "greedy_text": texts["greedy"],
        "sampled_text": texts["sampled"],
        "greedy_logprob": results["greedy"]["logprob"],
        "sampled_logprob": sampled["logprob"],
        "sampled_logprob_filtered": sampled["logprob_filtered"],
        "greedy_tokens": len(results["greedy"]["ids"]),
        "sampled_tokens": len(sampled["ids"]),
        "learner_picks": turn.by_learner,
        "seed": config.seed,
        "temperature": knobs["temperature"],
        "top_k": int(knobs["top_k"]),
        "top_p": knobs["top_p"],
        "prompt_tokens": len(prompt),
        "wall_s": wall,
        "steps": steps,
        "settings": settings_of(config),
    }, final=True)


YOUR_TURN = ("Your turn: at each step type pick 2 (the second candidate), pick ' cat' (any "
             "one token), next (the model's own draw) or auto (let it finish).")


def _decode(lm: LM, prompt: list[int], mode: str, config: Config, knobs: dict[str, float],
            generator: torch.Generator, control: Control, out: dict[str, Any],
            turn: _Turn) -> Iterator[Frame]:
    """One decoding run with the KV cache; appends ids and log-probabilities to `out`."""
    import torch

    tok = lm.tokenizer
    eos = {int(i) for i in _eos_ids(lm)}
    ids = torch.tensor([prompt], device=lm.device)
    past = None
    for step in range(1, config.steps + 1):
        yield from _apply(control.checkpoint(), knobs, turn)
        if control.stopped:
            return
        with torch.inference_mode():
            result = lm.model(input_ids=ids, past_key_values=past, use_cache=True)
        past = result.past_key_values
        logits = result.logits[0, -1].float().cpu()
        probs = logits.softmax(-1)
        top = torch.topk(probs, config.candidates).indices.tolist()
        context = tok.decode(out["ids"], skip_special_tokens=True)
        by = "model"
        if mode == "greedy":
            filtered = torch.zeros_like(probs)
            picked = int(probs.argmax())
            filtered[picked] = 1.0
            settings = {"temperature": 0.0, "top_k": 1, "top_p": 1.0}
        else:
            taken = yield from _sampled_step(step, context, tok, top, probs, logits, knobs,
                                             generator, control, turn, config.wait_s)
            if taken is None:  # stopped while waiting for the learner
                return
            filtered, picked, settings, by = taken
            if by == "learner":
                turn.by_learner += 1
        shown = [_candidate(tok, i, probs, filtered) for i in top]
        choice = _candidate(tok, picked, probs, filtered)
        out["ids"].append(picked)
        out["logprob"] += math.log(max(choice.prob, 1e-45))
        out["logprob_filtered"] += math.log(max(choice.filtered, 1e-45))
        yield NextToken(step, mode, context, shown, choice, settings, chosen_by=by)
        if picked in eos:
            return
        ids = torch.tensor([[picked]], device=lm.device)


def _sampled_step(step: int, context: str, tok: Any, top: list[int], probs: torch.Tensor,
                  logits: torch.Tensor, knobs: dict[str, float], generator: torch.Generator,
                  control: Control, turn: _Turn, wait_s: float,
                  ) -> Generator[Frame, None, tuple[Any, int, dict[str, float], str] | None]:
    """One sampled step: the model's draw, or the learner's pick when it is their turn (the
    step is shown waiting until a usable pick comes). Returns the filtered distribution,
    the token, the settings and who chose it; None if the demo was stopped meanwhile."""
    filtered, picked, settings = _draw(logits, knobs, generator)
    while True:
        if turn.interactive and not turn.picks:
            shown = [_candidate(tok, i, probs, filtered) for i in top]
            offer = _candidate(tok, picked, probs, filtered)
            nudges = control.nudges  # before the offer: a "continue" may answer it at once
            yield NextToken(step, "sampled", context, shown, offer, settings, waiting=True)
            yield from _wait(control, knobs, turn, wait_s, nudges)
            if control.stopped:
                return None
            if settings != _settings(knobs):  # steered while waiting: draw again
                filtered, picked, settings = _draw(logits, knobs, generator)
        if not turn.picks:
            return filtered, picked, settings, "model"
        pick = turn.picks.popleft()
        chosen, note = _resolve(pick, tok, top, picked, turn)
        if note:
            yield Log(note)
        if chosen is not None:
            return filtered, chosen, settings, "model" if pick in (MODEL, AUTO) else "learner"
        # refused: the step waits again (in the learner's turn) for a usable pick


def _settings(knobs: dict[str, float]) -> dict[str, float]:
    return {"temperature": knobs["temperature"], "top_k": int(knobs["top_k"]),
            "top_p": knobs["top_p"]}


def _draw(logits: torch.Tensor, knobs: dict[str, float],
          generator: torch.Generator) -> tuple[torch.Tensor, int, dict[str, float]]:
    """The filtered distribution, a token drawn from it, and the settings used."""
    import torch

    filtered = filter_logits(logits, knobs["temperature"], int(knobs["top_k"]),
                             knobs["top_p"]).softmax(-1)
    return filtered, int(torch.multinomial(filtered, 1, generator=generator)), _settings(knobs)


def _wait(control: Control, knobs: dict[str, float], turn: _Turn, wait_s: float,
          nudges: int) -> Iterator[Log]:
    """Wait for the learner's pick (steering still applies meanwhile); a "continue" (a
    resume since `nudges` was read) takes the model's draw; after `wait_s` with neither,
    the model draws from here on."""
    started = time.perf_counter()
    while not turn.picks and not control.stopped:
        yield from _apply(control.checkpoint(), knobs, turn)
        if control.nudges != nudges:  # "continue": the model's draw, as "next" would
            turn.picks.append(MODEL)
        if turn.picks or control.stopped:
            break
        if time.perf_counter() - started > wait_s:
            turn.interactive = False
            yield Log(f"No pick in {wait_s:g} s: the model draws the rest.")
            break
        time.sleep(0.05)
    turn.waited_s += time.perf_counter() - started


def _resolve(pick: int | str, tok: Any, top: list[int], drawn: int,
             turn: _Turn) -> tuple[int | None, str | None]:
    """The token a pick names, and a line for the learner: a candidate by its rank (1 = the
    likeliest shown), a token by its text (a candidate's first, else any single token of the
    vocabulary), the model's draw ("model"), or the draw and no more waiting ("auto").
    A pick while the model runs on its own hands the following steps to the learner."""
    if pick == AUTO:
        turn.interactive = False
        return drawn, "The model draws the rest."
    if pick == MODEL:
        return drawn, None
    turn.interactive = True
    if isinstance(pick, int):
        if 1 <= pick <= len(top):
            chosen = top[pick - 1]
            return chosen, f"You picked candidate {pick}: {token_text(tok, chosen)!r}."
        return None, f"There are {len(top)} candidates; pick a number from 1 to {len(top)}."
    texts = {i: token_text(tok, i) for i in top}
    for match in (lambda t: t == pick, lambda t: t.strip() == pick.strip(),
                  lambda t: t.strip().lower() == pick.strip().lower()):
        hit = next((i for i, t in texts.items() if match(t)), None)
        if hit is not None:
            return hit, f"You picked {texts[hit]!r}."
    for text in dict.fromkeys((pick, " " + pick.lstrip())):
        found = tok(text, add_special_tokens=False)["input_ids"]
        if len(found) == 1:
            return int(found[0]), (f"You picked {text!r}, which is not among the top "
                                   f"{len(top)}: the model gave it less probability.")
    return None, (f"{pick!r} is more than one token here; pick a single token or a "
                  "candidate's number.")


def _candidate(tok: Any, token_id: int, probs: torch.Tensor, filtered: torch.Tensor) -> Candidate:
    return Candidate(token_text(tok, token_id), int(token_id), float(probs[token_id]),
                     float(filtered[token_id]))


def _eos_ids(lm: LM) -> list[int]:
    found = getattr(lm.model.generation_config, "eos_token_id", None)
    ids = found if isinstance(found, list) else [found] if found is not None else []
    if lm.tokenizer.eos_token_id is not None:
        ids.append(lm.tokenizer.eos_token_id)
    return ids
