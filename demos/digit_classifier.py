"""A classifier trained on the real 8x8 digits that scores what generative models draw.

The usual proxy for sample quality on small image data (in the spirit of the Inception
score, Salimans et al. 2016): label each generated image with a classifier trained on real
images, then report which classes appear (coverage), how sure the classifier is
(confidence), and, for a conditional model, how often it drew the digit it was asked for.
An RBF SVM with sigmoid-calibrated probabilities reaches about 98-99% on held-out digits.
`frechet` is the Fréchet distance (`demos.distances`, the FID recipe) between the class
probabilities of generated digits and those of the 450 held-out real digits: one scale for
the VAE, the GAN and the diffusion model, each judged on FRECHET_SAMPLES digits at the end
(the estimate's bias depends on the count). Not Inception features, so not comparable to
published FIDs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from demos.digits import load_digits_array

HELDOUT_SHARE = 0.25
SPLIT_SEED = 0
FRECHET_FEATURES = "the digit classifier's class probabilities, against 450 held-out digits"
FRECHET_SAMPLES = 1000  # generated digits behind each demo's final Fréchet distance


class DigitClassifier:
    """Class probabilities for (n, 8, 8) images in [0, 1]; `heldout_accuracy` on unseen digits."""

    def __init__(self, model: Any, heldout_accuracy: float,
                 heldout_images: np.ndarray | None = None) -> None:
        self._model = model
        self.heldout_accuracy = heldout_accuracy
        self._reference = None if heldout_images is None else self.predict_proba(heldout_images)

    @classmethod
    def fit_default(cls) -> DigitClassifier:
        """Train (once per process) on 75% of the real digits; accuracy on the other 25%."""
        return _fit_default()

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        flat = np.clip(np.asarray(images, dtype=np.float64), 0.0, 1.0).reshape(len(images), 64)
        proba = np.zeros((len(flat), 10))
        if len(flat):
            proba[:, self._model.classes_] = self._model.predict_proba(flat)
        return proba

    def predict(self, images: np.ndarray) -> np.ndarray:
        return self.predict_proba(images).argmax(axis=1)

    def frechet(self, images: np.ndarray) -> float:
        """Fréchet distance from generated (n, 8, 8) images in [0, 1] to the held-out real
        digits, both in the classifier's class-probability space (0: indistinguishable)."""
        from demos.distances import frechet_distance

        if self._reference is None:
            raise ValueError("this classifier was built without held-out digits")
        return frechet_distance(self.predict_proba(images), self._reference)

    def sample_report(self, images: np.ndarray, requested: int | None = None) -> dict[str, Any]:
        """Plain-data figures for generated images: see `sample_report`."""
        return sample_report(images, requested, classifier=self)


@lru_cache(maxsize=1)
def _fit_default() -> DigitClassifier:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import train_test_split
    from sklearn.svm import SVC

    images, labels = load_digits_array()
    flat = images.reshape(len(images), 64).astype(np.float64)
    x_train, x_test, y_train, y_test = train_test_split(
        flat, labels, test_size=HELDOUT_SHARE, random_state=SPLIT_SEED, stratify=labels
    )
    model = CalibratedClassifierCV(SVC(gamma="scale"), ensemble=False)
    model.fit(x_train, y_train)
    accuracy = float((model.predict(x_test) == y_test).mean())
    return DigitClassifier(model, accuracy, x_test.reshape(-1, 8, 8))


def sample_report(images: np.ndarray, requested: int | None = None,
                  classifier: DigitClassifier | None = None) -> dict[str, Any]:
    """Coverage (distinct digits among the argmax labels), mean confidence of the argmax,
    the label histogram and, when a digit was requested, the share labelled as it."""
    clf = classifier or DigitClassifier.fit_default()
    proba = clf.predict_proba(images)
    labels = proba.argmax(axis=1)
    counts = np.bincount(labels, minlength=10)
    report: dict[str, Any] = {
        "samples": int(len(labels)),
        "classes_covered": int((counts > 0).sum()),
        "mean_confidence": float(proba.max(axis=1).mean()) if len(labels) else 0.0,
        "label_counts": [int(c) for c in counts],
        "classifier_heldout_accuracy": clf.heldout_accuracy,
    }
    if requested is not None:
        report["requested_digit"] = int(requested)
        report["share_as_requested"] = float((labels == requested).mean()) if len(labels) else 0.0
    return report
