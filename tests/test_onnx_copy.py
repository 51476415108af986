"""fashion_cnn/onnx_copy.py: the ONNX copy answers visitors only for its own model."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from fashion_cnn import data, models, onnx_copy


@pytest.fixture(scope="module")
def test_batch(dataset: data.Dataset) -> np.ndarray:
    """256 real test images as a (256, 28, 28, 1) float32 batch in [0, 1]."""
    return data.to_model_input(dataset.x_test[:256])


def _studio_copy(folder: Path) -> Path:
    """Copy the shipped studio, its card and its ONNX copy into ``folder``."""
    source = models.model_path(models.DEFAULT_MODEL)
    for suffix in (".keras", ".json", ".onnx"):
        shutil.copy(source.with_suffix(suffix), folder / f"studio{suffix}")
    return folder / "studio.keras"


def test_the_shipped_copy_belongs_to_the_shipped_model_and_answers(studio_model):
    """A fresh clone's studio.onnx records studio.keras's hash, so the app uses it."""
    model_file = models.model_path(models.DEFAULT_MODEL)
    session = onnx_copy.open_session(
        onnx_copy.path_beside(model_file), models.fingerprint(model_file)
    )
    assert session is not None, "run: python -m fashion_cnn derive studio"
    assert models.answering_runtime(studio_model) == "onnxruntime"


def test_the_copy_gives_the_keras_models_probabilities(studio_model, test_batch):
    """Reference: Keras' own eager call of the unfolded network, on real images."""
    expected = np.asarray(studio_model(test_batch, training=False))
    answered = models.predict_probabilities(studio_model, test_batch)
    np.testing.assert_allclose(answered, expected, atol=1e-5)
    assert np.array_equal(answered.argmax(axis=1), expected.argmax(axis=1))


def test_a_copy_of_another_model_is_refused(tmp_path, test_batch):
    """studio.onnx beside a different studio.keras: TensorFlow answers, correctly."""
    model_file = _studio_copy(tmp_path)
    shutil.copy(models.model_path("cnn_bn_small"), model_file)

    model = models.load(model_file)

    assert models.answering_runtime(model) == "tensorflow"
    expected = np.asarray(model(test_batch, training=False))
    answered = models.predict_probabilities(model, test_batch)
    np.testing.assert_allclose(answered, expected, atol=1e-5)


def test_a_damaged_copy_is_ignored_and_left_alone(tmp_path, test_batch):
    model_file = _studio_copy(tmp_path)
    copy = onnx_copy.path_beside(model_file)
    damaged = copy.read_bytes()[:5000]
    copy.write_bytes(damaged)

    model = models.load(model_file)

    assert models.answering_runtime(model) == "tensorflow"
    answered = models.predict_probabilities(model, test_batch[:8])
    expected = np.asarray(model(test_batch[:8], training=False))
    np.testing.assert_allclose(answered, expected, atol=1e-5)
    assert copy.read_bytes() == damaged


def test_changed_weights_stop_the_copy_from_answering(tmp_path, test_batch):
    """A model trained further after loading answers with its new weights."""
    model = models.load(_studio_copy(tmp_path))
    assert models.answering_runtime(model) == "onnxruntime"
    kernel = model.get_layer("conv1_1").kernel
    kernel.assign(np.asarray(kernel) * 1.5)

    assert models.answering_runtime(model) == "tensorflow"
    expected = np.asarray(model(test_batch[:8], training=False))
    np.testing.assert_allclose(
        models.predict_probabilities(model, test_batch[:8]), expected, atol=1e-5
    )


def test_export_stamps_the_model_hash_and_leaves_no_partial_file(tmp_path, test_batch):
    model_file = tmp_path / "cnn_bn_small.keras"
    shutil.copy(models.model_path("cnn_bn_small"), model_file)
    model = models.load(model_file)
    assert models.answering_runtime(model) == "tensorflow"  # no copy yet

    target = onnx_copy.path_beside(model_file)
    models.export_onnx(model, target, models.fingerprint(model_file))

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cnn_bn_small.keras",
        "cnn_bn_small.onnx",
    ]
    assert onnx_copy.open_session(target, "0" * 64) is None
    reloaded = models.load(model_file)
    assert models.answering_runtime(reloaded) == "onnxruntime"
    np.testing.assert_allclose(
        models.predict_probabilities(reloaded, test_batch),
        np.asarray(model(test_batch, training=False)),
        atol=1e-5,
    )
