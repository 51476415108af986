"""Test-set scores stored beside each model file, so that pages only filter them.

``NAME.scores.npz`` holds the (10000, 10) float16 probabilities of ``NAME.keras`` on
the 10,000 test images (200 KB) and the model file's content hash; a file made for
another model file is refused (``load_scores_for`` returns None).
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from fashion_cnn import models

SUFFIX = ".scores.npz"


def scores_path(model_file: str | Path) -> Path:
    """Return where the test scores of ``NAME.keras`` live: ``NAME.scores.npz``."""
    model_file = Path(model_file)
    return model_file.with_name(f"{model_file.stem}{SUFFIX}")


def compute_scores(model: keras.Model, x_test: np.ndarray) -> np.ndarray:
    """Return (N, 10) float16 probabilities for (N, 28, 28) uint8 test images."""
    return models.predict_in_batches(model, x_test).astype(np.float16)


def save_scores(probabilities: np.ndarray, model_file: str | Path) -> Path:
    """Write (N, 10) probabilities with ``model_file``'s hash, atomically; return
    the path."""
    path = scores_path(model_file)
    temp = path.with_name(f".{path.name}.tmp.npz")
    np.savez_compressed(
        temp,
        probabilities=np.asarray(probabilities, dtype=np.float16),
        model_sha256=np.array(models.fingerprint(model_file)),
    )
    temp.replace(path)
    return path


def write_scores(
    model: keras.Model, model_file: str | Path, x_test: np.ndarray
) -> Path:
    """Score the test images with ``model`` (saved as ``model_file``); write them."""
    return save_scores(compute_scores(model, x_test), model_file)


def load_scores_for(model_file: str | Path) -> np.ndarray | None:
    """Return the (N, 10) float32 test probabilities made for this exact model file.

    None when there are none, when the file cannot be read, or when it records
    another model file's content hash (the model was replaced since).
    """
    try:
        with np.load(scores_path(model_file), allow_pickle=False) as stored:
            recorded = str(stored["model_sha256"])
            probabilities = stored["probabilities"].astype(np.float32)
        current = models.fingerprint(model_file)
    except (OSError, ValueError, KeyError):
        return None
    return probabilities if recorded == current else None
