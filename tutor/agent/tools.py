"""The agent's only tools: the allow-listed demos, the running demo's control channel, and
the quiz. No shell, no files, no network. Whoever proposes a call (a slash command or the
router; the model's own text never launches anything), its arguments pass the same pydantic
bounds here."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from demos.registry import get_spec, validate_args
from tutor.agent.events import Route
from tutor.agent.retune import STEPS
from tutor.errors import DemoError

# "restart": a setting the running demo takes only at launch; the app starts that demo
# again with it, keeping its other settings (tutor/ui/demo_host.py).
Action = Literal["pause", "resume", "stop", "set", "more", "restart"]
LR_SCALE_MAX = 10.0
STEP_MAX = 128  # heads or layers moved at once; no model the demos read has more
SCALE_MAX = 16.0  # a launch setting scaled at once ("quadruple the batch size")


class ControlChange(BaseModel):
    """Bounds for settings changed while a demo runs (the demo's own params bound the rest)."""

    model_config = ConfigDict(extra="forbid")

    lr: float | None = Field(None, gt=0, le=0.1)
    lr_scale: float | None = Field(None, gt=0, le=LR_SCALE_MAX)
    loss: Literal["gan", "wgan-gp"] | None = None
    beta: float | None = Field(None, ge=0, le=20)
    t_shown: int | None = Field(None, ge=0, le=999)  # diffusion: the t shown (T = 1000)
    sampler: Literal["ddpm", "ddim"] | None = None
    sampling_steps: int | None = Field(None, ge=1, le=1000)
    guidance: float | None = Field(None, ge=0, le=20)
    temperature: float | None = Field(None, ge=0.0, le=5.0)  # 0: greedy
    top_k: int | None = Field(None, ge=0, le=1000)
    top_p: float | None = Field(None, gt=0, le=1.0)
    # the sampling demo's next token: a candidate's rank, a token's text, "model" (its own
    # draw) or "auto" (its draws from here on)
    pick: (
        Annotated[int, Field(ge=1, le=20)] | Annotated[str, Field(min_length=1, max_length=40)]
        | None
    ) = Field(None, union_mode="left_to_right")


def _as_float(model: type[BaseModel], key: str, value: Any) -> Any:
    """An int given for a float field (`--lr 50`) as a float, so clamping keeps its type."""
    field = model.model_fields.get(key)
    if field is None or isinstance(value, bool) or not isinstance(value, int):
        return value
    if "float" not in str(field.annotation):
        return value
    try:
        return float(value)
    except OverflowError:  # an integer past float's range: as far out as a float goes
        return math.inf if value > 0 else -math.inf


def demo_route(name: str, args: Mapping[str, Any], notes: list[str] | None = None) -> Route:
    """A demo route with arguments checked (clamped with a note, or a DemoError)."""
    spec = get_spec(name)
    args = {k: _as_float(spec.params, k, v) for k, v in args.items()}
    clean, clamp_notes = validate_args(spec.name, args)
    return Route("demo", spec.name, clean, [*(notes or []), *clamp_notes])


def more_route() -> Route:
    """Train the demo that last spent its step budget again, with more steps: the app knows
    which one (see tutor/demo_lines.py), so the route names none."""
    return Route("demo", "control", {"action": "more"})


def control_route(running: str, action: Action, changes: Mapping[str, Any] | None = None) -> Route:
    """A control route for the running demo, checked against what it lets you steer."""
    spec = get_spec(running)
    changes = dict(changes or {})
    notes: list[str] = []
    if action not in ("set", "restart"):
        return Route("demo", "control", {"action": action}, notes)
    if not changes:
        raise DemoError("Nothing to change.", "Say what to change, e.g. 'halve the learning rate'.")
    if action == "restart" or any(key not in spec.steerable for key in changes):
        return restart_route(spec.name, changes)
    for key, value in changes.items():
        if isinstance(value, float) and math.isnan(value):
            raise DemoError(
                f"{key} must be a number, not nan.", "Try 'set the learning rate to 1e-3'."
            )
    if isinstance(changes.get("lr_scale"), int | float) and changes["lr_scale"] > LR_SCALE_MAX:
        notes.append(
            f"lr_scale={changes['lr_scale']:g} is above the limit; using {LR_SCALE_MAX:g}."
        )
        changes["lr_scale"] = LR_SCALE_MAX
    if isinstance(changes.get("lr"), int | float) and changes["lr"] > 0.1:
        notes.append(f"lr={changes['lr']:g} is above the limit; using 0.1.")
        changes["lr"] = 0.1
    try:
        checked = ControlChange.model_validate(changes).model_dump(exclude_none=True)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        hint = (
            "Pick a candidate by its number (1 to 20) or a token in quotes, e.g. pick ' cat'."
            if "pick" in changes
            else "Learning rates must be positive; loss is gan or wgan-gp; the diffusion demo "
            "shows t from 0 to 999 and takes guidance 0-20."
        )
        raise DemoError(f"Cannot change the running {spec.name} demo: {problems}.", hint) from exc
    return Route("demo", "control", {"action": "set", **checked}, notes)


def restart_route(running: str, changes: Mapping[str, Any]) -> Route:
    """Start the running demo again with `changes` (launch settings it cannot change live),
    checked against its launch bounds; the app keeps its other current settings."""
    spec = get_spec(running)
    launch = spec.params.model_fields
    steps = {k: v for k, v in changes.items() if k in STEPS and STEPS[k] in launch}
    changes = {k: v for k, v in changes.items() if k not in steps}
    for key in changes:
        if key not in launch:
            live = ", ".join(k for k in spec.steerable if k in launch) or "nothing"
            settings = ", ".join(k for k in launch if k != "seed")
            where = "while it runs" if key not in spec.steerable else "when it restarts"
            raise DemoError(
                f"The {spec.name} demo cannot change {key} {where}.",
                f"While it runs it can change: {live}; it restarts for any of: {settings}.",
            )
    args = {k: _as_float(spec.params, k, v) for k, v in changes.items()}
    clean, notes = validate_args(spec.name, args) if args else ({}, [])
    return Route("demo", "control", {"action": "restart", **clean, **_steps(spec.name, steps)},
                 notes)


class StepChange(BaseModel):
    """A relative move through the attention demo's heads or layers ("the next head"), or a
    relative change of another launch setting ("double the batch size", "the guidance up by
    2", "30 more tokens"): the app applies it to the run's current value
    (retune.apply_steps); the demo's launch bounds check the rest."""

    model_config = ConfigDict(extra="forbid", strict=True)

    head_step: int | None = Field(None, ge=-STEP_MAX, le=STEP_MAX)
    layer_step: int | None = Field(None, ge=-STEP_MAX, le=STEP_MAX)
    batch_size_scale: float | None = Field(None, gt=0, le=SCALE_MAX)
    guidance_step: float | None = Field(None, ge=-20, le=20)
    steps_step: int | None = Field(None, ge=-1000, le=1000)


def _steps(name: str, steps: Mapping[str, Any]) -> dict[str, int | float]:
    if not steps:
        return {}
    try:
        checked = StepChange.model_validate(dict(steps)).model_dump(exclude_none=True)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise DemoError(f"Cannot change the {name} demo that way: {problems}.",
                        "Name the new value instead, e.g. 'head 2' or 'batch size 64'.") from exc
    if any(v == 0 for k, v in checked.items() if not k.endswith("_scale")):
        raise DemoError("A change of 0 changes nothing.",
                        "Say 'the next head', 'one layer back' or 'the guidance up by 1'.")
    return checked


class ResampleParams(BaseModel):
    """Sampling settings for answering the last question again ("/resample 0.9")."""

    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(0.8, ge=0.05, le=2.0)
    top_p: float = Field(1.0, gt=0, le=1.0)


def resample_route(args: Mapping[str, Any]) -> Route:
    """An answer route that re-runs the last answer's prompt with these sampling settings."""
    args = {k: _as_float(ResampleParams, k, v) for k, v in args.items()}
    notes: list[str] = []
    if isinstance(args.get("temperature"), int | float) and args["temperature"] > 2.0:
        notes.append(f"temperature={args['temperature']:g} is above the limit; using 2.")
        args["temperature"] = 2.0
    try:
        checked = ResampleParams.model_validate(args).model_dump(exclude_none=True)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise DemoError(
            f"Cannot re-sample with those settings: {problems}.",
            "Try /resample 0.9 (a temperature from 0.05 to 2) or --top-p 0.9.",
        ) from exc
    return Route("answer", "resample", checked, notes)
