"""Dataset statistics of the Home and Dataset explorer pages, checked against loops."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn import statistics


def _images(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return n random (28, 28) uint8 images and (n,) uint8 labels in [0, 9]."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, n).astype(np.uint8)
    return images, labels


def test_class_indices_are_the_positions_of_one_class_or_all():
    _, labels = _images()
    for c in range(10):
        expected = [i for i, label in enumerate(labels) if label == c]
        indices = statistics.class_indices(labels, c)
        assert indices.dtype == np.int64
        assert indices.tolist() == expected
    assert statistics.class_indices(labels, None).tolist() == list(range(len(labels)))
    assert statistics.class_indices(labels, 11).tolist() == []


def test_shuffled_indices_are_a_seeded_permutation_of_the_class():
    _, labels = _images()
    for class_id in (None, 0, 7):
        expected = sorted(
            i for i, label in enumerate(labels) if class_id in (None, label)
        )
        first = statistics.shuffled_indices(labels, class_id, seed=3)
        assert sorted(first.tolist()) == expected
        assert first.tolist() != expected  # actually shuffled
        again = statistics.shuffled_indices(labels, class_id, seed=3)
        assert np.array_equal(first, again)
        other = statistics.shuffled_indices(labels, class_id, seed=4)
        assert other.tolist() != first.tolist()


def test_class_statistics_match_a_pixel_by_pixel_loop():
    images, labels = _images(200)
    means, stds, counts = statistics.class_statistics(images, labels)
    assert means.shape == stds.shape == (10, 28, 28)
    assert means.dtype == stds.dtype == np.float32
    assert counts.shape == (10,)
    for c in range(10):
        members = [
            image for image, label in zip(images, labels, strict=True) if label == c
        ]
        assert counts[c] == len(members)
        for row, col in ((0, 0), (5, 17), (27, 27), (14, 3)):
            values = [float(image[row, col]) for image in members]
            mean = sum(values) / len(values)
            std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
            assert means[c, row, col] == pytest.approx(mean, rel=1e-5)
            assert stds[c, row, col] == pytest.approx(std, rel=1e-4, abs=1e-3)
    assert means.min() >= 0 and means.max() <= 255
    assert stds.min() >= 0 and stds.max() <= 255


def test_class_statistics_of_an_absent_class_are_zero():
    images, labels = _images(50)
    labels[labels == 4] = 5
    means, stds, counts = statistics.class_statistics(images, labels)
    assert counts[4] == 0 and counts.sum() == 50
    assert not means[4].any() and not stds[4].any()


def test_to_uint8_stretches_the_image_to_its_own_maximum():
    image = np.array([[0.0, 10.0], [20.0, 40.0]], np.float32)
    expected = [[int(v * 255.0 / 40.0) for v in row] for row in image.tolist()]
    result = statistics.to_uint8(image)
    assert result.dtype == np.uint8 and result.shape == (2, 2)
    assert result.tolist() == expected == [[0, 63], [127, 255]]
    assert statistics.to_uint8(np.zeros((28, 28))).tolist() == [[0] * 28] * 28


def test_first_example_per_class_takes_the_first_image_of_each_class():
    images, labels = _images(120, seed=1)
    examples = statistics.first_example_per_class(images, labels)
    assert examples.shape == (10, 28, 28) and examples.dtype == np.uint8
    for c in range(10):
        first = next(i for i, label in enumerate(labels) if label == c)
        assert np.array_equal(examples[c], images[first])


def test_random_index_stays_in_range_and_repeats_with_a_seed():
    labels = np.zeros(37, dtype=np.uint8)
    picks = {statistics.random_index(labels) for _ in range(200)}
    assert picks <= set(range(37)) and len(picks) > 20
    assert statistics.random_index(labels, 5) == statistics.random_index(labels, 5)


def test_class_position_finds_an_items_place_within_its_class():
    labels = np.array([3, 1, 3, 0, 3, 1])
    assert statistics.class_position(labels, 4) == (3, 3)
    assert statistics.class_position(labels, "5") == (1, 2)
    assert statistics.class_position(labels, 0) == (3, 1)
    for bad in (-1, 6, "x", None, "2.5"):
        assert statistics.class_position(labels, bad) is None
