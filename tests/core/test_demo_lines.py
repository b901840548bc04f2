"""What the chat says about a demo run, and the train-more offer (tutor/demo_lines.py)."""

from __future__ import annotations

from demos.frames import Metrics
from tutor.demo_lines import ended_line, figures, offer_more, started_line, steered_line


def test_start_line_names_the_settings_asked_for() -> None:
    assert started_line("gan", {"steps": 60, "lr": 0.001}) == (
        "Started the gan demo: steps 60, lr 0.001 (defaults for the rest).")
    assert started_line("vae", {}) == "Started the vae demo with its default settings."


def test_a_change_is_told_as_the_demo_took_it() -> None:
    assert steered_line("gan", "learning rate 0.005 -> 0.0025") == (
        "The gan demo: learning rate 0.005 -> 0.0025.")
    assert steered_line("vae", "beta=-1 is out of range; it stays 1.") == (
        "The vae demo: beta=-1 is out of range; it stays 1.")


def test_figures_are_results_not_bookkeeping() -> None:
    values = {"modes_covered": 8, "n_modes": 8, "high_quality": 0.93456, "mode_counts": [1, 2],
              "sampling": "drs", "wall_s": 3.2, "steps_done": 3500, "settings": {"lr": 1}}
    assert figures(values) == {"modes_covered": 8, "high_quality": 0.93456, "sampling": "drs"}
    final = Metrics(3500, values, final=True)
    assert ended_line("gan", "finished", 3500, final) == (
        "The gan demo finished (3500 steps); final figures: modes covered 8, high quality "
        "0.935, sampling drs.")
    assert ended_line("gan", "stopped", 1200, Metrics(1000, {"frechet_distance": 12.5})) == (
        "The gan demo stopped at step 1200; figures at step 1000: frechet distance 12.5.")
    assert ended_line("bleu", "failed", 0) == "The bleu demo failed at step 0."
    vae = {"classes_covered": 10, "mean_confidence": 0.9, "test_reconstruction": 30.0,
           "test_kl": 9.0, "test_neg_elbo": 39.0, "frechet_distance": 4.2}
    assert list(figures(vae)) == ["classes_covered", "frechet_distance", "mean_confidence",
                                  "test_reconstruction", "test_kl"]  # the headline first


def test_train_more_doubles_the_budget_up_to_the_bound() -> None:
    offer = offer_more("gan", {"dataset": "grid", "steps": 3500}, 3500)
    assert offer is not None
    assert (offer.steps, offer.args) == (7000, {"dataset": "grid", "steps": 7000})
    assert offer.line() == ("Type 'train more' (or /demo more) to train it again for 7000 steps "
                            "(from scratch: a finished run cannot carry on).")
    assert offer_more("gan", {}, 15_000).steps == 20_000  # type: ignore[union-attr]
    assert offer_more("gan", {}, 20_000) is None  # the most the demo takes
    assert offer_more("finetune", {}, 150).steps == 200  # type: ignore[union-attr]


def test_only_training_demos_offer_more() -> None:
    assert offer_more("sampling", {}, 40) is None  # its steps are tokens, not training
    assert offer_more("tokenize", {}, 300) is None
    assert offer_more("bleu", {}, 0) is None
