"""Numbers written in words read back as the numbers they name (tutor/agent/number_words.py):
every whole number below a million as English spells it, decimals said with "point", and
fractions ("a thousandth"); words that are no count ("the grid one") stay words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.agent.extract import demo_args
from tutor.agent.number_words import spelled_to_digits

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int, joiner: str, hyphen: str) -> str:
    """A speller of its own, the reference the parser is checked against."""
    words = []
    if n >= 100:
        words.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            words.append(joiner.strip() or "")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"{hyphen}{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return " ".join(w for w in words if w)


def spell(n: int, joiner: str = " and ", hyphen: str = "-") -> str:
    if n < 1000:
        return _below_thousand(n, joiner, hyphen)
    head = f"{_below_thousand(n // 1000, joiner, hyphen)} thousand"
    return head if n % 1000 == 0 else f"{head} {_below_thousand(n % 1000, joiner, hyphen)}"


@given(st.integers(0, 999_999), st.sampled_from([" and ", " "]), st.sampled_from(["-", " "]))
def test_every_spelled_whole_number_reads_back(n: int, joiner: str, hyphen: str) -> None:
    text = f"train for {spell(n, joiner, hyphen)} steps"
    # a lone "one" stays a word: "the grid one", "this one" are no count
    want = "one" if n == 1 else str(n)
    assert spelled_to_digits(text) == f"train for {want} steps"


@settings(deadline=None)  # the first example imports the demos' registry
@given(st.integers(2, 20_000))
def test_spelled_steps_reach_the_demo(n: int) -> None:
    assert demo_args(f"run the gan for {spell(n)} steps", "gan")["steps"] == n


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("one thousandth", "0.001"),
        ("a thousandth", "0.001"),
        ("half a thousandth", "0.0005"),
        ("three ten-thousandths", "0.0003"),
        ("a tenth", "0.1"),
        ("zero point zero two", "0.02"),
        ("one point five", "1.5"),
        ("half a thousand", "500"),
        ("a hundred", "100"),
        ("two and a half thousand", "2500"),
        ("ten to the minus three", "0.001"),
        ("ten to the power of negative five", "1e-05"),
        ("5 thousand", "5000"),
    ],
)
def test_fractions_decimals_and_scales(words: str, value: str) -> None:
    assert spelled_to_digits(f"lr {words} please") == f"lr {value} please"


@pytest.mark.parametrize(
    "text",
    ["the grid one", "one step at a time", "a GAN on the ring", "the third layer",
     "handwritten sevens", "someone wanted a tennis ball"],
)
def test_words_that_are_no_count_stay_words(text: str) -> None:
    assert spelled_to_digits(text) == text


_WORDS = st.sampled_from([
    "twenty", "one", "a", "half", "thousandth", "point", "seven", "hundred", "and", "not",
    "no", "steps", "sampling", "lr", "=", ":", "seed=", "loss=", "wasserstein", "ring", "rank",
    "r=", "temperature", "up", "to", "'", '"', "reference", "candidate", "1e-4", "5k", "-3",
    "ddim", "conditional", "7s", "tokens", "ten", "minus", "the", ",",
])


@settings(deadline=None, max_examples=300)
@given(st.lists(_WORDS, max_size=14), st.sampled_from(
    ["gan", "gan-digits", "vae", "diffusion", "tokenize", "bleu", "sampling", "attention",
     "embeddings", "finetune", "compare"]))
def test_any_jumble_of_number_words_and_labels_routes_or_refuses(words: list, name: str) -> None:
    from tutor.agent.tools import demo_route
    from tutor.errors import TutorError

    args = demo_args(" ".join(words), name)  # must not raise
    try:
        demo_route(name, args)
    except TutorError as exc:  # a value out of its bounds is refused with a message
        assert exc.message
