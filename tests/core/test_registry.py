"""Demo arguments pass through bounds: clamped above, refused otherwise."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from demos.control import Control
from demos.registry import DEMOS, get_spec, validate_args
from tutor.errors import DemoError


def test_above_bound_is_clamped_with_a_note() -> None:
    args, notes = validate_args("gan", {"steps": 10**9})
    assert args == {"steps": 20_000}
    assert notes and "20000" in notes[0]


@pytest.mark.parametrize(
    "name,args",
    [
        ("gan", {"steps": -5}),
        ("gan", {"dataset": "moons"}),
        ("vae", {"beta": -1}),
        ("vae", {"digit": 12}),
        ("gan", {"unknown": 1}),
        ("tokenize", {"text": ""}),
    ],
)
def test_invalid_arguments_are_refused_with_a_message(name: str, args: dict) -> None:
    with pytest.raises(DemoError) as err:
        validate_args(name, args)
    assert err.value.hint.startswith("It takes:")


def test_unknown_demo() -> None:
    with pytest.raises(DemoError, match="no demo called"):
        get_spec("diffusion-3d")


def test_names_are_case_insensitive() -> None:
    assert get_spec(" GAN ").name == "gan"


@given(
    st.dictionaries(
        st.sampled_from(["steps", "lr", "batch_size", "seed", "dataset", "loss"]),
        st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=5), st.booleans()),
    )
)
def test_validation_never_crashes(args: dict) -> None:
    try:
        clean, _ = validate_args("gan", args)
    except DemoError:
        return
    spec = DEMOS["gan"]
    spec.params.model_validate(clean)  # what passes is within bounds


def test_control_pause_resume_stop_and_changes() -> None:
    control = Control()
    control.send(lr_scale=0.5)
    control.send(loss="wgan-gp")
    assert control.checkpoint() == [("lr_scale", 0.5), ("loss", "wgan-gp")]
    assert control.checkpoint() == []
    control.pause()
    assert control.paused
    control.stop()  # a stop wakes a paused demo
    assert control.checkpoint(poll_s=0.01) == []
    assert control.stopped
