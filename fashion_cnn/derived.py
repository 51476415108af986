"""Files derived from a saved model, remade together whenever the model changes.

Beside every ``NAME.keras``: ``NAME.scores.npz`` (its test-set probabilities).
Beside the default model, also ``NAME.uncertainty.json`` (the "not sure"
calibration, which only the default model's answers use) and ``NAME.map.npz`` (the
explain-by-example map; building it needs openTSNE, a development dependency). Each
records the model file's content hash and is refused when stale.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import keras

from fashion_cnn import data, embedding, models, scores, uncertainty


def can_build_map() -> bool:
    """Return whether openTSNE (requirements-dev.txt) is installed."""
    return importlib.util.find_spec("openTSNE") is not None


def refresh(
    model: keras.Model,
    model_file: str | Path,
    dataset: data.Dataset,
    with_map: bool | None = None,
) -> list[Path]:
    """Remake every file derived from the saved ``model_file``; return their paths.

    The test scores are always remade; the calibration when the model is the
    default or already has one. ``with_map``: build the map too (default: for the
    default model, when openTSNE is installed; without it the app says the map is
    out of date and how to rebuild it).
    """
    model_file = Path(model_file)
    is_default = model_file.stem == models.DEFAULT_MODEL
    written = [scores.write_scores(model, model_file, dataset.x_test)]
    if is_default or uncertainty.calibration_path(model_file).is_file():
        drawn = models.learned_from_drawings(models.card_beside(model_file))
        written.append(uncertainty.calibrate_model(model, model_file, dataset, drawn))
    if with_map is None:
        with_map = is_default and can_build_map()
    if with_map:
        written.append(embedding.write_map(model, model_file, dataset))
    return written
