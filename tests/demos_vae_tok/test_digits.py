"""The shared digits data and the classifier that scores generated digits."""

from __future__ import annotations

import numpy as np

from demos.digit_classifier import sample_report
from demos.digits import load_digits_array


def test_digits_are_float_images_in_unit_range() -> None:
    images, labels = load_digits_array()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float32
    assert labels.dtype == np.int64 and set(labels.tolist()) == set(range(10))
    assert images.min() == 0.0 and images.max() == 1.0
    assert load_digits_array()[0] is images  # cached in-process


def test_classifier_is_accurate_on_held_out_digits(classifier) -> None:
    assert 0.95 <= classifier.heldout_accuracy <= 1.0
    images, labels = load_digits_array()
    proba = classifier.predict_proba(images[:50])
    assert proba.shape == (50, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)


def test_sample_report_on_real_and_on_noise(classifier) -> None:
    images, labels = load_digits_array()
    sevens = sample_report(images[labels == 7], requested=7, classifier=classifier)
    assert sevens["classes_covered"] <= 2 and sevens["share_as_requested"] >= 0.95
    everything = classifier.sample_report(images)
    assert everything["classes_covered"] == 10 and "share_as_requested" not in everything
    assert sum(everything["label_counts"]) == len(images)
    noise = np.random.default_rng(0).random((200, 8, 8))
    assert classifier.sample_report(noise)["mean_confidence"] < everything["mean_confidence"]
    blank = classifier.sample_report(np.zeros((20, 8, 8)), requested=3)
    assert blank["classes_covered"] == 1 and blank["share_as_requested"] in (0.0, 1.0)
