"""Soft targets from a stronger teacher (knowledge distillation).

The studio recipe spends a third of each batch on drawings, so in its 30 minutes it
sees fewer dataset images than the photo-only network that scored 94.65% (the
10-view ``studio`` of 2026-11-21). That network, the *teacher*, answered once for
every training image; its probabilities are kept in ``assets/models/`` and blended
into each item's one-hot target, for the photo and for its drawings alike:

    target = (1 - weight) * one_hot(label) + weight * teacher_probabilities

The teacher learned from the same 55,000 training images and never saw the 5,000
validation images or the test set, so both stay honest for the student.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from fashion_cnn.data import NUM_CLASSES
from fashion_cnn.models import ASSETS_DIR

TEACHER_FILE = ASSETS_DIR / "studio.teacher.npz"


def save_targets(
    path: str | Path, probabilities: np.ndarray, source: Mapping[str, str]
) -> Path:
    """Write (60000, 10) teacher ``probabilities`` for the training file's images,
    in its order, as float16, with ``source`` (what made them) beside them as JSON."""
    path = Path(path)
    np.savez_compressed(
        path,
        probabilities=probabilities.astype(np.float16),
        source=np.array(json.dumps(dict(source))),
    )
    return path


def load_targets(path: str | Path = TEACHER_FILE) -> np.ndarray:
    """Return the teacher's (60000, 10) float32 probabilities, rows summing to 1."""
    with np.load(path) as archive:
        probs = archive["probabilities"].astype(np.float32)
    return probs / probs.sum(axis=1, keepdims=True)


def blend_targets(labels: np.ndarray, teacher: np.ndarray, weight: float) -> np.ndarray:
    """Return (N, 10) float32 targets: ``weight`` of the (N, 10) ``teacher``
    probabilities and ``1 - weight`` of the one-hot (N,) ``labels``."""
    one_hot = np.eye(NUM_CLASSES, dtype=np.float32)[np.asarray(labels)]
    return ((1.0 - weight) * one_hot + weight * teacher).astype(np.float32)


def read_source(path: str | Path = TEACHER_FILE) -> dict[str, str]:
    """Return what made the teacher's targets (model, views, its accuracies)."""
    with np.load(path) as archive:
        return json.loads(str(archive["source"]))
