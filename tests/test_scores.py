"""Test-set scores stored beside every shipped model, refused when stale."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from fashion_cnn import models, scores


@pytest.mark.parametrize("name", models.list_models())
def test_stored_scores_are_the_models_own_answers(name, dataset):
    path = models.model_path(name)
    stored = scores.load_scores_for(path)
    assert stored is not None, f"{scores.scores_path(path)} is missing or stale"
    assert stored.shape == (len(dataset.y_test), 10)
    card = models.load_card(name)
    accuracy = float(np.mean(stored.argmax(axis=1) == dataset.y_test))
    assert accuracy == pytest.approx(card["test_accuracy"], abs=5e-4)
    sample = np.arange(0, len(dataset.y_test), 97)
    fresh = models.predict_in_batches(models.load(path), dataset.x_test[sample])
    np.testing.assert_allclose(stored[sample], fresh, atol=2e-3)


def test_scores_of_a_replaced_model_file_are_refused(tmp_path, dataset):
    model_file = tmp_path / "cnn_bn_small.keras"
    shutil.copy(models.model_path("cnn_bn_small"), model_file)
    model = models.load(model_file)
    written = scores.write_scores(model, model_file, dataset.x_test[:100])
    assert written == tmp_path / "cnn_bn_small.scores.npz"
    assert scores.load_scores_for(model_file).shape == (100, 10)
    shutil.copy(models.model_path("cnn_3conv"), model_file)  # the model changes
    assert scores.load_scores_for(model_file) is None


def test_missing_or_damaged_scores_are_none(tmp_path):
    model_file = tmp_path / "ann.keras"
    shutil.copy(models.model_path("ann"), model_file)
    assert scores.load_scores_for(model_file) is None
    scores.scores_path(model_file).write_bytes(b"\x00garbage")
    assert scores.load_scores_for(model_file) is None
