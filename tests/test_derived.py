"""Derived files follow their model: one call remakes them all for a new file."""

from __future__ import annotations

import shutil

import numpy as np

from fashion_cnn import derived, embedding, models, onnx_copy, scores, uncertainty


def test_refresh_remakes_scores_calibration_and_map_for_a_new_default(
    tmp_path, dataset
):
    """A small model saved as the default gets fresh derived files: map, ONNX copy."""
    model_file = tmp_path / f"{models.DEFAULT_MODEL}.keras"
    shutil.copy(models.model_path("cnn_bn_small"), model_file)
    shutil.copy(
        models.ASSETS_DIR / "cnn_bn_small.json", model_file.with_suffix(".json")
    )
    model = models.load(model_file)

    written = derived.refresh(model, model_file, dataset, with_map=True)

    assert set(written) == {
        scores.scores_path(model_file),
        uncertainty.calibration_path(model_file),
        embedding.map_path(model_file),
        onnx_copy.path_beside(model_file),
    }
    stored = scores.load_scores_for(model_file)
    card = models.load_card("cnn_bn_small")
    accuracy = np.mean(stored.argmax(axis=1) == dataset.y_test)
    assert abs(accuracy - card["test_accuracy"]) <= 5e-4
    assert uncertainty.load_calibration_for(model_file) is not None
    example_map = embedding.load_map_for(model_file)
    assert example_map.positions.shape == (len(dataset.y_test), 2)
    assert models.answering_runtime(models.load(model_file)) == "onnxruntime"


def test_refresh_of_another_model_writes_only_its_scores(tmp_path, dataset):
    model_file = tmp_path / "cnn_3conv.keras"
    shutil.copy(models.model_path("cnn_3conv"), model_file)
    written = derived.refresh(models.load(model_file), model_file, dataset)
    assert written == [scores.scores_path(model_file)]
    assert not uncertainty.calibration_path(model_file).exists()
    assert not embedding.map_path(model_file).exists()
    assert not onnx_copy.path_beside(model_file).exists()


def test_refresh_without_tf2onnx_removes_the_stale_copy(tmp_path, dataset, monkeypatch):
    """The deployed app has no tf2onnx: "Save as default" there must not leave the
    old model's ONNX copy beside the new file (TensorFlow answers instead)."""
    model_file = tmp_path / f"{models.DEFAULT_MODEL}.keras"
    source = models.model_path(models.DEFAULT_MODEL)
    shutil.copy(source.with_suffix(".onnx"), onnx_copy.path_beside(model_file))
    shutil.copy(models.model_path("cnn_bn_small"), model_file)
    shutil.copy(
        models.ASSETS_DIR / "cnn_bn_small.json", model_file.with_suffix(".json")
    )
    monkeypatch.setattr(derived, "can_write_onnx", lambda: False)

    derived.refresh(models.load(model_file), model_file, dataset, with_map=False)

    assert not onnx_copy.path_beside(model_file).exists()
    assert models.answering_runtime(models.load(model_file)) == "tensorflow"
