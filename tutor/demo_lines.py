"""What the chat says about a demo run: that it started (with the settings asked for), what
a steering change did, how it ended (with its figures), and the offer to train more.

Train more. In the app a demo that trains (it takes a step budget and a learning rate)
offers, once it has spent its budget, to train more: "train more" (or /demo more) runs it
again with the same settings and twice the steps, up to the demo's bound. It starts from
scratch, and the offer says so: a finished run cannot carry on, because its networks lived
in the demo's own process, which has ended, and each demo plans its run over its whole
budget (the GAN's learning rate decays over the second half; the final figures are
measured once, at the end). Headless runs (`genai-tutor demo NAME`) never offer it: their
budget is the one asked for. Pure functions: the app holds the state and shows the lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotated_types import Le

from demos.registry import get_spec

MAX_FIGURES = 5
# The figures each demo is judged by come first, where a run has them.
HEADLINE = ("modes_covered", "high_quality", "frechet_distance", "classes_covered", "bleu",
            "loss_last")
# Bookkeeping, not results: left out of the figures a finished run is summed up with.
NOT_FIGURES = frozenset({
    "settings", "n_modes", "eval_samples", "min_count", "frechet_features", "samples",
    "steps", "steps_done", "wall_s", "train_s", "sample_s", "steps_per_s", "tokenizer_load_s",
    "classifier_heldout_accuracy", "trainable_params", "total_params",
})


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _pairs(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {_value(v)}" for key, v in values.items())


def started_line(name: str, args: Mapping[str, Any]) -> str:
    """'Started the gan demo: steps 60, lr 0.001.' (the settings asked for; the demo's own
    defaults for the rest)."""
    if not args:
        return f"Started the {name} demo with its default settings."
    return f"Started the {name} demo: {_pairs(args)} (defaults for the rest)."


def steered_line(name: str, took_effect: str) -> str:
    """The demo's own acknowledgement of a change ("learning rate 0.005 -> 0.0025")."""
    return f"The {name} demo: {took_effect.rstrip('.')}."


def figures(values: Mapping[str, Any], limit: int = MAX_FIGURES) -> dict[str, Any]:
    """A few results among a Metrics frame's values, the headline ones first: numbers and
    short words, no settings, timings or counts of samples."""
    out: dict[str, Any] = {}
    ordered = sorted(values.items(), key=lambda kv: kv[0] not in HEADLINE)  # stable
    for key, value in ordered:
        if len(out) >= limit:
            break
        if key in NOT_FIGURES or key.endswith("_s") or not isinstance(value, int | float | str):
            continue
        if isinstance(value, str) and (not value or len(value) > 40):
            continue
        out[key] = value
    return out


def ended_line(name: str, reason: str, step: int, metrics: Any = None) -> str:
    """How a run ended ("finished", "stopped" or "failed"), at which step, with the figures
    of its last Metrics frame (the final one when it finished)."""
    steps = f" ({step} steps)" if step else ""
    head = {"finished": f"The {name} demo finished{steps}",
            "stopped": f"The {name} demo stopped at step {step}",
            "failed": f"The {name} demo failed at step {step}"}.get(
                reason, f"The {name} demo ended ({reason})")
    shown = figures(metrics.values) if metrics is not None else {}
    if not shown:
        return head + "."
    label = "final figures" if metrics.final else f"figures at step {metrics.step}"
    return f"{head}; {label}: {_pairs(shown)}."


@dataclass(frozen=True)
class MoreOffer:
    """Run demo `name` again with `args` (the last run's, with `steps` raised)."""

    name: str
    steps: int  # the next run's budget
    args: dict[str, Any]

    def line(self) -> str:
        return (f"Type 'train more' (or /demo more) to train it again for {self.steps} steps "
                "(from scratch: a finished run cannot carry on).")


def offer_more(name: str, args: Mapping[str, Any], done: int) -> MoreOffer | None:
    """The offer for a run of `name` that finished `done` steps, or None when the demo does
    not train or already ran the most steps it takes."""
    fields = get_spec(name).params.model_fields
    if "steps" not in fields or "lr" not in fields or done < 1:
        return None
    bound = next((m.le for m in fields["steps"].metadata if isinstance(m, Le)), None)
    steps = 2 * done if bound is None else min(2 * done, int(bound))
    if steps <= done:
        return None
    return MoreOffer(name, steps, {**args, "steps": steps})
