"""Fine-tuning, live: LoRA on a copy of the tutor's small model, in a minute on a CPU.

A pretrained LLM learned general patterns from a huge corpus; fine-tuning adjusts it on a
few examples of what we want. LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large
Language Models") freezes every pretrained weight W and learns a low-rank update B·A
beside it (W x + (α/r)·B A x), so well under 1% of the parameters train. Here Hugging Face
peft adds rank-r adapters to the attention projections of a *copy* of SmolLM2-135M and
trains them on a handful of visible examples that answer in a pirate's voice; the same
unseen questions are answered before and after. The tutor's own model is never changed;
the adapter is discarded unless `save_as` names it (it is then saved under
TUTOR_HOME/adapters/NAME, or the learner's own folder in a class; a few MB).
"""

from __future__ import annotations

import copy
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demos.control import Control, change_lr
from demos.frames import Frame, Log, Metrics, Scalars, Texts
from demos.lm import LM, prompt_ids, resolve, settings_of
from demos.torch_threads import torch_threads
from tutor.errors import DemoError
from tutor.settings import DEFAULT_NOTES_DIR

EXAMPLES: tuple[tuple[str, str], ...] = (
    ("What is a GAN?", "Arr, matey! A GAN be two networks at sea: one forges treasure, the "
                       "other spots the fakes."),
    ("What is a VAE?", "Arr, matey! A VAE squeezes a picture into a small chest of numbers "
                       "and draws it back out."),
    ("What is a transformer?", "Arr, matey! A transformer reads every word at once and "
                               "decides which ones to heed."),
    ("What is diffusion?", "Arr, matey! Diffusion buries a picture in noise, then learns to "
                           "dig it back up."),
    ("What is a token?", "Arr, matey! A token be a scrap of a word, the coin a language "
                         "model counts in."),
    ("What is fine-tuning?", "Arr, matey! Fine-tuning teaches an old ship a few new tricks "
                             "with a handful of lessons."),
)
HELD_OUT = ("What is attention?", "What is an embedding?")  # never trained on
STYLE = re.compile(r"\b(arr+|matey|ye)\b", re.IGNORECASE)
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Config:
    """Every default of the fine-tune demo; field names match `demos.params.FinetuneParams`."""

    steps: int = 12
    lr: float = 5e-3
    rank: int = 8
    alpha: int = 16
    layers: int = 10  # adapters on the top `layers` blocks only: backprop stops below them
    answer_tokens: int = 20  # tokens generated for each before/after answer
    seed: int = 0
    # One thread: on a busy 2-core machine two OpenMP threads spin against each other
    # (measured: 26 s a step on 2 threads, 3.5 s on 1). 0 leaves torch's setting.
    threads: int = 1
    save_as: str = ""  # keep the adapter under adapters_dir/NAME
    model: str = "bundled"
    home: Path | None = None
    # Where kept adapters go: TUTOR_HOME/adapters by default; each learner of a class gets
    # their own (the caller passes TUTOR_HOME/learners/NAME/adapters), so no learner's
    # "pirate-voice" overwrites another's.
    adapters_dir: Path | None = None
    lm: LM | None = field(default=None, repr=False, compare=False)
    load_lm: Callable[[], LM] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def tiny(cls, **overrides: Any) -> Config:
        base: dict[str, Any] = dict(steps=2, rank=2, alpha=4, layers=2, answer_tokens=3)
        return cls(**{**base, **overrides})


def style_score(texts: list[str]) -> float:
    """Share of answers in the trained voice (they say "arr", "matey" or "ye")."""
    return sum(bool(STYLE.search(t)) for t in texts) / len(texts) if texts else 0.0


def training_batch(lm: LM) -> tuple[Any, Any, Any]:
    """The examples as one padded batch: input ids, attention mask, and labels that score
    only the answer tokens (the question's are -100, ignored by the loss)."""
    import torch

    rows, labels = [], []
    for question, answer in EXAMPLES:
        prompt = prompt_ids(lm, question, chat=True)
        full = [int(i) for i in lm.tokenizer.apply_chat_template(
            [{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
            tokenize=True, return_dict=True)["input_ids"]]
        if full[: len(prompt)] != prompt:  # a template that rewrites the prompt: score it all
            prompt = []
        rows.append(full)
        labels.append([-100] * len(prompt) + full[len(prompt):])
    width = max(len(r) for r in rows)
    pad = lm.tokenizer.pad_token_id if lm.tokenizer.pad_token_id is not None else 0
    ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    target = torch.tensor([lab + [-100] * (width - len(lab)) for lab in labels])
    return ids, mask, target


def answer(model: Any, lm: LM, question: str, tokens: int) -> str:
    """A greedy answer (deterministic, so before and after compare fairly)."""
    import torch

    ids = torch.tensor([prompt_ids(lm, question, chat=True)])
    with torch.inference_mode():
        out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids),
                             max_new_tokens=tokens, do_sample=False, top_p=None, top_k=None,
                             temperature=None, pad_token_id=lm.tokenizer.eos_token_id)
    return str(lm.tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)).strip()


def lora_copy(lm: LM, config: Config) -> Any:
    """A deep copy of the model with LoRA adapters; the original is never touched."""
    from peft import LoraConfig, get_peft_model

    base = copy.deepcopy(lm.model)
    n = int(lm.model.config.num_hidden_layers)
    top = list(range(max(0, n - config.layers), n)) if config.layers > 0 else None
    lora = LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=0.0,
                      target_modules=list(TARGETS), layers_to_transform=top,
                      task_type="CAUSAL_LM")
    return get_peft_model(base, lora)


def train(model: Any, optimiser: Any, batch: tuple[Any, Any, Any], steps: int,
          control: Control, losses: list[float]) -> Iterator[Frame]:
    """AdamW steps on the batch (the loss of each appended to `losses`); `lr` and
    `lr_scale` can be steered between steps. Returns early once `control` is stopped."""
    ids, mask, labels = batch
    model.train()
    for step in range(1, steps + 1):
        for key, value in control.checkpoint():
            if key in ("lr", "lr_scale"):
                lr, note = change_lr(optimiser.param_groups[0]["lr"], key, value)
                for group in optimiser.param_groups:
                    group["lr"] = lr
                yield Log(note)
            else:
                yield Log(f"The fine-tune demo cannot change {key!r} while it runs.")
        if control.stopped:
            return
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        losses.append(float(loss.detach()))
        yield Scalars(step, {"loss": losses[-1]})
    model.eval()


def run(config: Config, control: Control | None = None) -> Iterator[Frame]:
    """Answer, fine-tune a LoRA copy on the examples (the loss as it falls), answer again."""
    if config.save_as and not _NAME.match(config.save_as):
        raise DemoError(f"{config.save_as!r} is not a usable adapter name.",
                        "Use lowercase letters, digits and dashes, e.g. pirate-voice.")
    control = control or Control()
    started = time.perf_counter()
    with torch_threads(config.threads):
        yield from _run(config, control, started)


def _run(config: Config, control: Control, started: float) -> Iterator[Frame]:
    import torch

    torch.manual_seed(config.seed)
    yield Log(f"Loading the model ({config.model}); the fine-tune works on a copy of it.")
    lm = resolve(config.lm, config.load_lm)
    yield Texts(f"the {len(EXAMPLES)} training examples", list(EXAMPLES))
    questions = [*HELD_OUT, EXAMPLES[0][0]]
    before = [answer(lm.model, lm, q, config.answer_tokens) for q in questions]
    yield Texts("before fine-tuning", list(zip(questions, before, strict=True)))
    model = lora_copy(lm, config)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    where = f"the top {config.layers} blocks" if config.layers > 0 else "every block"
    yield Log(f"LoRA rank {config.rank} on {', '.join(TARGETS)} of {where}: {trainable:,} of "
              f"{total:,} "
              f"parameters train ({trainable / total:.2%}); every pretrained weight is frozen.")
    batch = training_batch(lm)
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad],
                                  lr=config.lr, weight_decay=0.0)
    losses: list[float] = []
    t0 = time.perf_counter()
    yield from train(model, optimiser, batch, config.steps, control, losses)
    if control.stopped:
        yield Log(f"Stopped after {len(losses)} steps; the copy is discarded.")
        return
    train_s = time.perf_counter() - t0
    after = [answer(model, lm, q, config.answer_tokens) for q in questions]
    yield Texts("after fine-tuning (same questions, greedy)",
                list(zip(questions, after, strict=True)))
    stages = training_stages()
    if stages:
        yield Texts(f"where this fits ({stages[0]})", stages[1])
    saved = _save(model, config) if config.save_as else ""
    if saved:
        yield Log(f"Adapter kept at {saved}; the tutor's own model is unchanged.")
    wall = time.perf_counter() - started - control.paused_s
    yield Metrics(len(losses), {
        "loss_first": losses[0] if losses else math.nan,
        "loss_last": losses[-1] if losses else math.nan,
        "style_before": style_score(before[: len(HELD_OUT)]),
        "style_after": style_score(after[: len(HELD_OUT)]),
        "answer_before": before[0],
        "answer_after": after[0],
        "trainable_params": trainable,
        "total_params": total,
        "trainable_share": trainable / total,
        "train_s": train_s,
        "wall_s": wall,
        "steps": len(losses),
        "steps_per_s": len(losses) / train_s if train_s > 0 else 0.0,
        "saved_as": saved,
        "settings": settings_of(config),
    }, final=True)


def training_stages(notes_dir: Path = DEFAULT_NOTES_DIR) -> tuple[str, list[tuple[str, str]]]:
    """The notes' table of training stages (pretraining, fine-tuning, RLHF) and its file,
    or () if the notes lack it."""
    row = re.compile(r"^\|\s*\*\*(\d\.\s*[^*]+)\*\*\s*\|\s*(.+?)\s*\|\s*$")
    for path in sorted(notes_dir.glob("*.md")):
        found = [m.groups() for line in path.read_text(encoding="utf-8").splitlines()
                 if (m := row.match(line))]
        if any("RLHF" in name for name, _ in found):
            stages = [(name.strip(), text) for name, text in found]
            stages.append(("this demo", "step 2: a few examples adjust a pretrained model "
                                        "(LoRA on the attention weights); RLHF would next "
                                        "rank its answers by human preference."))
            return path.name, stages
    return ()  # type: ignore[return-value]


def _save(model: Any, config: Config) -> str:
    from tutor.settings import tutor_home

    folder = (config.adapters_dir or (config.home or tutor_home()) / "adapters") / config.save_as
    folder.parent.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    return str(folder)
