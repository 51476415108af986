"""Dataset statistics behind the Home and Dataset explorer pages.

NumPy only; inputs are (N, 28, 28) uint8 images and (N,) integer labels in [0, 9].
"""

from __future__ import annotations

import numpy as np

from fashion_cnn.data import NUM_CLASSES


def class_indices(labels: np.ndarray, class_id: int | None) -> np.ndarray:
    """Return the (k,) int64 positions in ``labels`` of ``class_id``, ascending.

    ``labels`` is (N,) int; ``class_id`` None means every position, 0..N-1.
    """
    labels = np.asarray(labels)
    if class_id is None:
        return np.arange(len(labels), dtype=np.int64)
    return np.flatnonzero(labels == class_id).astype(np.int64)


def class_position(labels: np.ndarray, index: object) -> tuple[int, int] | None:
    """Return (class, 1-based number within its class) of item ``index`` of (N,)
    ``labels`` (as ``class_indices`` orders them), or None for a bad index."""
    try:
        position = int(str(index))
    except ValueError:
        return None
    if not 0 <= position < len(labels):
        return None
    class_id = int(labels[position])
    number = int(np.searchsorted(class_indices(labels, class_id), position)) + 1
    return class_id, number


def shuffled_indices(labels: np.ndarray, class_id: int | None, seed: int) -> np.ndarray:
    """Return ``class_indices(labels, class_id)`` in a seeded random order: (k,) int64.

    The same ``seed`` always gives the same order.
    """
    return np.random.default_rng(seed).permutation(class_indices(labels, class_id))


def class_statistics(
    images: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per-class (means, stds, counts) of (N, 28, 28) images.

    ``images`` is (N, 28, 28) uint8 in [0, 255], ``labels`` (N,) int in [0, 9].
    ``means`` and ``stds`` are (10, 28, 28) float32 in [0, 255] (the pixel-wise mean
    and population standard deviation over each class; zeros for an absent class);
    ``counts`` is (10,) int64, the number of images of each class.
    """
    images = np.asarray(images)
    labels = np.asarray(labels)
    height, width = images.shape[1:3]
    means = np.zeros((NUM_CLASSES, height, width), np.float32)
    stds = np.zeros((NUM_CLASSES, height, width), np.float32)
    counts = np.bincount(labels, minlength=NUM_CLASSES).astype(np.int64)
    for c in range(NUM_CLASSES):
        if counts[c] == 0:
            continue
        members = images[labels == c].astype(np.float32)
        means[c] = members.mean(axis=0)
        stds[c] = members.std(axis=0)
    return means, stds, counts


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Return a float image as uint8 of the same shape, stretched to its own range.

    ``image`` holds values >= 0 (e.g. a (28, 28) float32 mean in [0, 255]); it is
    scaled so that its maximum becomes 255 and truncated to uint8 in [0, 255]. An
    all-zero image stays all zero.
    """
    image = np.asarray(image, dtype=np.float32)
    top = float(image.max())
    return (image * (255.0 / top) if top > 0 else image).astype(np.uint8)


def first_example_per_class(images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Return (10, 28, 28) uint8: the first image of each class in ``images``.

    ``images`` is (N, 28, 28) uint8, ``labels`` (N,) int in [0, 9]; every class must
    occur at least once (IndexError otherwise).
    """
    return np.stack(
        [images[np.flatnonzero(labels == c)[0]] for c in range(NUM_CLASSES)]
    )


def random_index(labels: np.ndarray, seed: int | None = None) -> int:
    """Return a random position in ``labels`` (fresh randomness unless ``seed``)."""
    return int(np.random.default_rng(seed).integers(len(labels)))
