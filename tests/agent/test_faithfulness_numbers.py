"""The check's number guard reads counts written as words as well as digits."""

from __future__ import annotations

from tutor.agent.faithfulness import FaithfulnessChecker, numbers

PASSAGE = (
    "There are six types of large language models. Autoregressive models generate text one "
    "token at a time. Encoder-only models such as BERT focus on understanding text."
)


def test_numbers_reads_digits_and_counts_in_words() -> None:
    assert numbers("four types, 4 kinds and 2.5 points") == {"4", "2.5"}
    assert numbers("one token at a time") == set()  # "one" is rarely a count


def test_a_wrong_count_in_words_is_not_supported(embedder) -> None:
    checker = FaithfulnessChecker(embedder)
    wrong, right = checker.check(
        ["There are four types of large language models.",
         "There are 6 types of large language models."],
        [PASSAGE],
    )
    assert wrong.new_numbers == ("4",) and not wrong.supported
    assert right.supported  # "six" and "6" are the same count


def test_a_wrong_decade_is_not_supported(embedder) -> None:
    checker = FaithfulnessChecker(embedder)
    history = "Early generative models of the 1990s were simple. GANs followed in 2014."
    wrong, right = checker.check(
        ["Early generative models of the 1970s were simple.",
         "Early generative models of the 1990s were simple."],
        [history],
    )
    assert wrong.new_numbers == ("1970",) and not wrong.supported
    assert right.supported
