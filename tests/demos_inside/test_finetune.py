"""The fine-tune demo: LoRA trains only adapter weights (base weights bit-identical, the
tutor's own model untouched), the loss is scored on answers only, and a run's frames."""

from __future__ import annotations

import pytest
import torch

from demos import finetune as ft
from demos.control import Control
from demos.frames import Metrics, Scalars, Texts
from demos.registry import start, validate_args
from tutor.errors import DemoError

from .conftest import assert_plain


def snapshot(model) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


@pytest.mark.real
def test_only_adapter_weights_change(lm) -> None:
    original = snapshot(lm.model)
    config = ft.Config.tiny(lm=lm)
    model = ft.lora_copy(lm, config)
    before = snapshot(model)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    assert all(".layers.28." in n or ".layers.29." in n for n in trainable)  # the top 2
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    losses: list[float] = []
    list(ft.train(model, optimiser, ft.training_batch(lm), 2, Control(), losses))
    assert len(losses) == 2
    after = snapshot(model)
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed and all("lora_" in k for k in changed)
    assert any("lora_B" in k for k in changed)  # B starts at zero, so the update is new
    for k in before:
        if "lora_" not in k:
            assert torch.equal(before[k], after[k]), k  # base weights bit-identical
    for k, v in snapshot(lm.model).items():
        assert torch.equal(original[k], v), k  # the tutor's own model never moves
    assert not any("lora" in n for n, _ in lm.model.named_parameters())


@pytest.mark.real
def test_loss_scores_only_the_answers(lm) -> None:
    ids, mask, labels = ft.training_batch(lm)
    assert ids.shape == mask.shape == labels.shape and ids.shape[0] == len(ft.EXAMPLES)
    for row, (question, answer) in zip(range(len(ft.EXAMPLES)), ft.EXAMPLES, strict=True):
        scored = labels[row][labels[row] != -100].tolist()
        text = lm.tokenizer.decode(scored, skip_special_tokens=True)
        assert text.strip() == answer  # the answer, and nothing of the question
        assert question not in text
        assert (labels[row][mask[row] == 0] == -100).all()  # padding never scored


@pytest.mark.real
def test_a_tiny_run_and_its_frames(lm, tmp_path) -> None:
    control = Control()
    control.send(lr_scale=0.5)
    frames = list(ft.run(ft.Config.tiny(lm=lm, save_as="pirate", home=tmp_path), control))
    for frame in frames:
        assert_plain(frame)
    assert [f.step for f in frames if isinstance(f, Scalars)] == [1, 2]
    assert any(f.kind == "log" and "learning rate 0.005 -> 0.0025" in f.text for f in frames)
    titles = [f.title for f in frames if isinstance(f, Texts)]
    assert titles[:2] == ["the 6 training examples", "before fine-tuning"]
    assert any(t.startswith("after") for t in titles)
    stages = next(f for f in frames if isinstance(f, Texts) and f.title.startswith("where"))
    assert "generative-ai-at-a-glance.md" in stages.title
    assert [name for name, _ in stages.items][:3] == ["1. Pretraining", "2. Fine-tuning",
                                                      "3. RLHF"]
    final = frames[-1]
    assert isinstance(final, Metrics) and final.final
    v = final.values
    assert 0 < v["trainable_share"] < 0.01
    assert v["trainable_params"] == 2 * 2 * 4 * 576 + 2 * 2 * (576 + 192) * 2  # r(in+out)
    assert (tmp_path / "adapters" / "pirate" / "adapter_config.json").is_file()
    assert v["saved_as"].endswith("pirate")


def test_style_score() -> None:
    assert ft.style_score(["Arr, matey! yes", "A GAN is two networks."]) == 0.5
    assert ft.style_score(["Arrr!", "ye be"]) == 1.0 and ft.style_score([]) == 0.0
    assert ft.style_score(["It can be done, arrow."]) == 0.0


@pytest.mark.parametrize("args", [{"steps": 0}, {"save_as": "../up"}, {"save_as": "A B"},
                                  {"rank": 0}, {"lr": -1}])
def test_finetune_refuses_bad_arguments(args: dict) -> None:
    with pytest.raises(DemoError):
        start("finetune", args)


def test_finetune_clamps() -> None:
    clean, notes = validate_args("finetune", {"steps": 10**5, "rank": 1000})
    assert clean == {"steps": 200, "rank": 64} and len(notes) == 2
