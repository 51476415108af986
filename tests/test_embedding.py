"""The explain-by-example map: the shipped file, placement and nearest neighbours."""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest

from fashion_cnn import data, embedding, models


@pytest.fixture(scope="module")
def example_map() -> embedding.ExampleMap:
    return embedding.load_map_for(models.model_path())


def test_shipped_map_is_made_for_the_shipped_model(example_map, dataset):
    assert example_map.model_sha256 == models.fingerprint(models.model_path())
    assert example_map.positions.shape == (len(dataset.y_test), 2)
    assert np.isfinite(example_map.positions).all()
    train, _ = data.split_indices(dataset.y_train)
    np.testing.assert_array_equal(example_map.train_indices, train)
    dims = example_map.config.dimensions
    assert example_map.train_features.shape == (len(train), dims)
    assert example_map.test_features.shape == (len(dataset.y_test), dims)


def test_the_map_keeps_each_class_together(example_map, dataset):
    """On the map, most test images' nearest dots are of their own class."""
    rng = np.random.default_rng(0)
    sample = rng.choice(len(dataset.y_test), 500, replace=False)
    agree = []
    for i in sample:
        distance = np.linalg.norm(
            example_map.positions - example_map.positions[i], axis=1
        )
        nearest = np.argsort(distance)[1:11]
        agree.append(np.mean(dataset.y_test[nearest] == dataset.y_test[i]))
    assert np.mean(agree) >= 0.8


def test_features_are_what_the_classifier_reads(studio_model, dataset):
    """Reference: softmax(features @ W + b) of the logits layer is the output."""
    images = dataset.x_test[:64]
    features = embedding.compute_features(studio_model, images)
    weights, bias = studio_model.get_layer("logits").get_weights()
    logits = features @ weights + bias
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    actual = models.predict_in_batches(studio_model, images)
    np.testing.assert_allclose(actual, expected, atol=2e-3)


def test_nearest_matches_a_brute_force_numpy_search(example_map):
    candidates = example_map.train_features
    rng = np.random.default_rng(1)
    for row in rng.choice(len(example_map.test_features), 20, replace=False):
        query = example_map.test_features[row]
        rows, distances = embedding.nearest(query, candidates, 8)
        reference = np.linalg.norm(candidates - query, axis=1)
        expected = np.argsort(reference, kind="stable")[:8]
        np.testing.assert_allclose(distances, reference[expected], rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(reference[rows], reference[expected], atol=1e-4)


def test_a_test_image_lands_beside_its_own_dot_among_its_class(
    example_map, studio_model, dataset
):
    spread = example_map.positions.std(axis=0).mean()
    for class_id in (1, 8, 9):  # trousers, bags, ankle boots: tight clusters
        index = int(np.flatnonzero(dataset.y_test == class_id)[5])
        placement = embedding.place(dataset.x_test[index], studio_model, example_map)
        gap = np.linalg.norm(placement.position - example_map.positions[index])
        assert gap < 0.1 * spread
        neighbours = dataset.y_train[placement.train_indices]
        assert len(neighbours) == 8
        assert np.mean(neighbours == class_id) >= 0.75
        assert (np.diff(placement.distances) >= 0).all()


def test_an_input_between_two_clusters_is_placed_inside_the_larger_one():
    """Six neighbours in one cluster and four in another, far away: the plain
    mean lies in the empty gap; the placement lands among the six."""
    rng = np.random.default_rng(0)
    six = rng.normal((0.0, 0.0), 0.5, (6, 2))
    four = rng.normal((20.0, 5.0), 0.5, (4, 2))
    points = np.concatenate([four, six])
    centre = embedding.centre_of(points)
    assert np.linalg.norm(centre - six.mean(axis=0)) < 1.0
    assert np.linalg.norm(points.mean(axis=0) - six.mean(axis=0)) > 5.0
    # One tight cluster: the centre is within it, near the plain mean.
    assert np.linalg.norm(embedding.centre_of(six) - six.mean(axis=0)) < 0.5


def test_a_map_made_for_another_model_file_is_refused(tmp_path, example_map):
    model_file = tmp_path / "studio.keras"
    shutil.copy(models.model_path(), model_file)
    stale = dataclasses.replace(example_map, model_sha256="0" * 64)
    embedding.save_map(stale, embedding.map_path(model_file))
    with pytest.raises(embedding.StaleMapError, match="another version"):
        embedding.load_map_for(model_file)
    fresh = dataclasses.replace(
        example_map, model_sha256=models.fingerprint(model_file)
    )
    embedding.save_map(fresh, embedding.map_path(model_file))
    loaded = embedding.load_map_for(model_file)
    np.testing.assert_array_equal(loaded.positions, example_map.positions)
    np.testing.assert_array_equal(loaded.train_features, example_map.train_features)


def test_a_missing_or_damaged_map_is_refused_with_a_reason(tmp_path):
    model_file = tmp_path / "studio.keras"
    shutil.copy(models.model_path(), model_file)
    with pytest.raises(embedding.StaleMapError, match="no map file"):
        embedding.load_map_for(model_file)
    embedding.map_path(model_file).write_bytes(b"not a zip archive")
    with pytest.raises(embedding.StaleMapError, match="could not be read"):
        embedding.load_map_for(model_file)
