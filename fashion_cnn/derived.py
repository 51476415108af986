"""Files derived from a saved model, remade together whenever the model changes.

Beside every ``NAME.keras``: ``NAME.scores.npz`` (its test-set probabilities).
Beside the default model, also ``NAME.uncertainty.json`` (the "not sure"
calibration, which only the default model's answers use), ``NAME.map.npz`` (the
explain-by-example map; building it needs openTSNE, a development dependency) and
``NAME.onnx`` (the copy that answers visitors, ``onnx_copy``; writing it needs
tf2onnx, a development dependency). Each records the model file's content hash
and is refused when stale.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import keras

from fashion_cnn import data, embedding, models, onnx_copy, scores, uncertainty


def can_build_map() -> bool:
    """Return whether openTSNE (requirements-dev.txt) is installed."""
    return importlib.util.find_spec("openTSNE") is not None


def can_write_onnx() -> bool:
    """Return whether tf2onnx and onnx (requirements-dev.txt) are installed."""
    return all(importlib.util.find_spec(n) is not None for n in ("tf2onnx", "onnx"))


def refresh(
    model: keras.Model,
    model_file: str | Path,
    dataset: data.Dataset,
    with_map: bool | None = None,
) -> list[Path]:
    """Remake every file derived from the saved ``model_file``; return their paths.

    The test scores are always remade; the calibration and the ONNX copy when the
    model is the default or already has one (the copy only with tf2onnx installed;
    a stale copy is otherwise removed, so that TensorFlow answers). ``with_map``:
    build the map too (default: for the default model, when openTSNE is installed;
    without it the app says the map is out of date and how to rebuild it).
    """
    model_file = Path(model_file)
    is_default = model_file.stem == models.DEFAULT_MODEL
    written = [scores.write_scores(model, model_file, dataset.x_test)]
    if is_default or uncertainty.calibration_path(model_file).is_file():
        drawn = models.learned_from_drawings(models.card_beside(model_file))
        written.append(uncertainty.calibrate_model(model, model_file, dataset, drawn))
    copy = onnx_copy.path_beside(model_file)
    if is_default or copy.is_file():
        if can_write_onnx():
            fingerprint = models.fingerprint(model_file)
            written.append(models.export_onnx(model, copy, fingerprint))
        else:
            copy.unlink(missing_ok=True)
    if with_map is None:
        with_map = is_default and can_build_map()
    if with_map:
        written.append(embedding.write_map(model, model_file, dataset))
    return written
