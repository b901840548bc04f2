"""Every launch setting of the running demo can be changed from chat: what the demo changes
live is steered, the rest restarts that same demo with the new setting (never another
demo), and a question that names the same setting is answered, never executed. Pure: no
embedder, `control_decision` is the whole of how a message comes to act on a running demo.
The phrasings are this file's own, one instruction and one question per setting."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.agent.chat import restart_text
from tutor.agent.router import control_decision
from tutor.errors import DemoError

CASES: list[tuple[str, str, dict[str, Any], str]] = [
    # (running demo, instruction, the control it gives, a question naming the same setting)
    ("gan", "go with batches of 128 now", {"action": "restart", "batch_size": 128},
     "does a batch of 128 make the ring easier?"),
    ("gan", "move over to the grid of 25 blobs", {"action": "restart", "dataset": "grid"},
     "why is the grid harder than the ring?"),
    ("gan", "switch the penalty off", {"action": "restart", "r1": 0.0},
     "what happens without the penalty?"),
    ("gan", "make the lr ten times lower", {"action": "set", "lr_scale": 0.1},
     "would a ten times lower lr just slow it down?"),
    ("gan-digits", "bump the batch size up to 96", {"action": "restart", "batch_size": 96},
     "would batch size 96 be any better?"),
    ("vae", "give it a 6-dimensional latent space", {"action": "restart", "latent_dim": 6},
     "how big is the latent space right now?"),
    ("vae", "lower the weight on the KL term to 0.25", {"action": "set", "beta": 0.25},
     "what does the weight on the KL term trade off?"),
    ("vae", "have it draw fours instead", {"action": "restart", "digit": 4},
     "could it draw fours if I asked?"),
    ("diffusion", "change over to the spiral data", {"action": "restart", "dataset": "spiral"},
     "what makes the spiral data hard to learn?"),
    ("diffusion", "push the cfg scale up to 6.5", {"action": "set", "guidance": 6.5},
     "why does a cfg scale of 6.5 look oversaturated?"),
    ("diffusion", "now draw some nines",
     {"action": "restart", "digit": 9, "dataset": "digits"},
     "can the diffusion model draw nines as well?"),
    ("diffusion", "drop the fourier features", {"action": "restart", "fourier": 0},
     "why do fourier features help on the spiral?"),
    ("sampling", "change the prompt to My grandmother always said",
     {"action": "restart", "text": "My grandmother always said"},
     "does the prompt change which words come next?"),
    ("sampling", "top_p 0.7 please", {"action": "set", "top_p": 0.7},
     "what does top_p 0.7 cut away?"),
    ("sampling", "write 25 new tokens", {"action": "restart", "steps": 25},
     "why does it stop after 25 tokens?"),
    ("attention", "jump to layer 5, head 1", {"action": "restart", "layer": 5, "head": 1},
     "what is head 1 of layer 5 looking at?"),
    ("attention", "use the sentence: Birds sing when the sun rises",
     {"action": "restart", "text": "Birds sing when the sun rises"},
     "why does 'sun' attend to 'Birds' in that sentence?"),
    ("embeddings", "do tokyo - japan + france",
     {"action": "restart", "analogy": "tokyo - japan + france"},
     "why does tokyo - japan + france land near paris?"),
    ("embeddings", "plot violin, cello, trumpet, drum",
     {"action": "restart", "words": "violin,cello,trumpet,drum"},
     "why do violin and cello sit so close?"),
    ("finetune", "retrain with a LoRA rank of 12", {"action": "restart", "rank": 12},
     "is a LoRA rank of 12 more than it needs?"),
    ("tokenize", "now try 'Pneumonoultramicroscopic'",
     {"action": "restart", "text": "Pneumonoultramicroscopic"},
     "why is 'Pneumonoultramicroscopic' cut into so many pieces?"),
    ("bleu", "make the reference: A man rides a red bicycle",
     {"action": "restart", "reference": "A man rides a red bicycle"},
     "why does the reference matter so much for the score?"),
]


@pytest.mark.parametrize("running,order,control,question", CASES,
                         ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_an_order_changes_the_running_demo_and_a_question_is_answered(
    running: str, order: str, control: dict[str, Any], question: str
) -> None:
    route = control_decision(order, running)
    assert route is not None and route.tool == "control", order
    assert route.args == control
    assert control_decision(question, running) is None  # answered, never executed


def test_a_setting_the_demo_does_not_take_is_refused_not_launched_elsewhere() -> None:
    with pytest.raises(DemoError, match="cannot change temperature"):
        control_decision("set the temperature to 0.5", "vae")
    with pytest.raises(DemoError) as caught:
        control_decision("use 99 sampling steps and rank 4", "finetune")
    assert "restarts for any of" in (caught.value.hint or "")


def test_a_message_naming_another_demo_launches_that_one() -> None:
    """"now run the vae with lr 1e-3" while the GAN trains is a launch of the VAE (the app
    replaces the GAN), not a learning rate for the GAN."""
    assert control_decision("now run the vae with lr 1e-3", "gan") is None
    # the GAN on digits is the GAN's own family: its loss is refused, not the 2-D GAN launched
    with pytest.raises(DemoError, match="cannot change loss"):
        control_decision("switch to the wgan loss", "gan-digits")


def test_restart_bounds_and_the_chat_line() -> None:
    route = control_decision("use a batch size of 100000", "gan")
    assert route is not None and route.args == {"action": "restart", "batch_size": 2048}
    assert route.notes == ["batch_size=100000 is above the limit; using 2048."]
    line = restart_text("diffusion", {"guidance": 5.0}, [])
    assert line.startswith("Restarting the diffusion demo with guidance 5.")
    assert "'My grandmother always said'" in restart_text(
        "sampling", {"text": "My grandmother always said"}, [])


def test_a_change_wins_over_carry_on_in_the_same_message() -> None:
    route = control_decision("carry on, but with batch size 32", "gan")
    assert route is not None and route.args == {"action": "restart", "batch_size": 32}
    assert control_decision("carry on", "gan").args == {"action": "resume"}  # type: ignore[union-attr]
