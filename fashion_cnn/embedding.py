"""Explain by example: a map of the test images and the nearest training images.

The default model's penultimate features (the input of its ``logits`` layer) are
reduced by PCA to ``MapConfig.dimensions`` numbers per image. openTSNE lays the
10,000 test images out on a 2-D map (offline, ``python -m fashion_cnn derive``).
``NAME.map.npz`` stores the map, the reduced features of the test images and of the
55,000 training images, and the model file's content hash; a map made for another
model file is refused with ``StaleMapError``.

A visitor's input is placed at the mean map position of its nearest test images
in feature space (openTSNE's own ``transform`` needs the whole fitted embedding,
which is far larger than this file); its nearest training images are found by a
brute-force search over the reduced features.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from fashion_cnn import data, models, priority

SUFFIX = ".map.npz"
FEATURE_LAYER = "logits"  # features are this layer's input


@dataclass(frozen=True)
class MapConfig:
    """How a map is made and how inputs are placed on it."""

    dimensions: int = 32  # PCA components kept per image (96% of the variance)
    perplexity: float = 30.0
    seed: int = 0
    neighbours: int = 8  # training images shown for an input
    placement_neighbours: int = 10  # test images whose mean position places it


@dataclass(frozen=True)
class ExampleMap:
    """A map of the test images, made from one model file.

    positions: (N_test, 2) float32 map coordinates of the test images.
    test_features: (N_test, k) float32 reduced features of the test images.
    train_features: (N_train, k) float32 reduced features of the training images.
    train_indices: (N_train,) int64 positions of those images in ``Dataset.x_train``.
    mean: (D,) float32 and components: (D, k) float32, the PCA projection.
    """

    model_sha256: str
    positions: np.ndarray
    test_features: np.ndarray
    train_features: np.ndarray
    train_indices: np.ndarray
    mean: np.ndarray
    components: np.ndarray
    config: MapConfig


@dataclass(frozen=True)
class Placement:
    """Where one input lands: its map position and nearest training images.

    position: (2,) float32 map coordinates; train_indices: (k,) int64 positions in
    ``Dataset.x_train``, nearest first; distances: (k,) float32 feature distances.
    """

    position: np.ndarray
    train_indices: np.ndarray
    distances: np.ndarray


class StaleMapError(ValueError):
    """The map file is missing, unreadable or made for another model file."""


def map_path(model_file: str | Path) -> Path:
    """Return where the map of ``NAME.keras`` lives: ``NAME.map.npz``."""
    model_file = Path(model_file)
    return model_file.with_name(f"{model_file.stem}{SUFFIX}")


_EXTRACTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EXTRACTOR_LOCK = threading.Lock()


def feature_function(model: keras.Model):
    """Return a compiled function: (N, 28, 28, 1) float32 in [0, 1] -> (N, D)
    float32 penultimate features (the input of the ``logits`` layer)."""
    with _EXTRACTOR_LOCK:
        function = _EXTRACTORS.get(model)
        if function is None:
            import tensorflow as tf

            head = model.get_layer(FEATURE_LAYER)
            extractor = keras.Model(model.inputs, head.input)
            function = tf.function(
                lambda x: extractor(x, training=False),
                input_signature=[
                    tf.TensorSpec((None, *models.INPUT_SHAPE), tf.float32)
                ],
            )
            _EXTRACTORS[model] = function
    return function


def compute_features(
    model: keras.Model, images: np.ndarray, batch_size: int = models.EVAL_BATCH_SIZE
) -> np.ndarray:
    """Return (N, D) float32 penultimate features of (N, 28, 28) uint8 images."""
    function = feature_function(model)
    chunks = [
        np.asarray(function(data.to_model_input(images[i : i + batch_size])))
        for i in range(0, len(images), batch_size)
    ]
    return np.concatenate(chunks).astype(np.float32)


def fit_projection(features: np.ndarray, dimensions: int) -> tuple[np.ndarray, ...]:
    """Return PCA (mean (D,), components (D, k)) float32 fitted on (N, D) features."""
    features = np.asarray(features, dtype=np.float64)
    mean = features.mean(axis=0)
    _, _, vt = np.linalg.svd(features - mean, full_matrices=False)
    return mean.astype(np.float32), vt[:dimensions].T.astype(np.float32)


def project(features: np.ndarray, example_map: ExampleMap) -> np.ndarray:
    """Return (N, k) float32 reduced features of (N, D) penultimate features."""
    features = np.asarray(features, dtype=np.float32)
    return (features - example_map.mean) @ example_map.components


def nearest(
    query: np.ndarray, candidates: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the ``count`` rows of (N, k) ``candidates`` nearest to a (k,) query.

    Brute force, Euclidean: (count,) int64 row positions, nearest first, and their
    (count,) float32 distances.
    """
    query = np.asarray(query, dtype=np.float32)
    squared = np.einsum("ij,ij->i", candidates, candidates) - 2 * candidates @ query
    squared += float(query @ query)
    count = min(count, len(candidates))
    rows = np.argpartition(squared, count - 1)[:count]
    rows = rows[np.argsort(squared[rows], kind="stable")]
    distances = np.sqrt(np.maximum(squared[rows], 0.0)).astype(np.float32)
    return rows.astype(np.int64), distances


def centre_of(points: np.ndarray) -> np.ndarray:
    """Return the (2,) float mean of the half of (K, 2) map ``points`` nearest
    their medoid (the point closest to all the others in sum).

    When an input's nearest test images lie in two clusters of the map (a class
    that t-SNE split in two), a plain mean falls in the empty gap between them;
    this lands inside the larger group.
    """
    points = np.asarray(points, np.float64)
    gaps = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1)
    medoid = points[gaps.sum(axis=1).argmin()]
    from_medoid = np.linalg.norm(points - medoid, axis=1)
    return points[from_medoid <= np.median(from_medoid)].mean(axis=0)


def place(
    image28: np.ndarray, model: keras.Model, example_map: ExampleMap
) -> Placement:
    """Place a (28, 28) uint8 image on the map and find its nearest training images.

    ``model`` must be the model file the map was made with (the caller checks the
    hash through ``load_map_for``).
    """
    # On the one answering thread; a lab training waits meanwhile (``priority``).
    features = priority.VISITORS.compute(
        compute_features, model, np.asarray(image28, np.uint8)[None]
    )
    query = project(features, example_map)[0]
    config = example_map.config
    test_rows, _ = nearest(
        query, example_map.test_features, config.placement_neighbours
    )
    position = centre_of(example_map.positions[test_rows])
    rows, distances = nearest(query, example_map.train_features, config.neighbours)
    return Placement(
        position.astype(np.float32), example_map.train_indices[rows], distances
    )


def build_map(
    model: keras.Model,
    model_sha256: str,
    dataset: data.Dataset,
    config: MapConfig = MapConfig(),
) -> ExampleMap:
    """Compute features of every test and training image, fit PCA on the training
    features and lay the test images out with openTSNE (about a minute on 2 cores).
    """
    from openTSNE import TSNE  # only the build needs it (requirements-dev.txt)

    train_indices, _ = data.split_indices(dataset.y_train)
    train = compute_features(model, dataset.x_train[train_indices])
    test = compute_features(model, dataset.x_test)
    mean, components = fit_projection(train, config.dimensions)
    partial = ExampleMap(
        "", np.zeros((0, 2)), test, train, train_indices, mean, components, config
    )
    train_reduced = project(train, partial).astype(np.float16).astype(np.float32)
    test_reduced = project(test, partial).astype(np.float16).astype(np.float32)
    tsne = TSNE(
        perplexity=config.perplexity,
        random_state=config.seed,
        n_jobs=2,
        verbose=False,
    )
    positions = np.asarray(tsne.fit(test_reduced), dtype=np.float32)
    return ExampleMap(
        model_sha256,
        positions,
        test_reduced,
        train_reduced,
        train_indices.astype(np.int64),
        mean,
        components,
        config,
    )


def save_map(example_map: ExampleMap, path: str | Path) -> Path:
    """Write the map as a compressed .npz (features in float16), atomically."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.tmp.npz")
    config = example_map.config
    np.savez_compressed(
        temp,
        model_sha256=np.array(example_map.model_sha256),
        positions=example_map.positions.astype(np.float32),
        test_features=example_map.test_features.astype(np.float16),
        train_features=example_map.train_features.astype(np.float16),
        train_indices=example_map.train_indices.astype(np.int32),
        mean=example_map.mean.astype(np.float32),
        components=example_map.components.astype(np.float32),
        config=np.array(
            [
                config.dimensions,
                config.perplexity,
                config.seed,
                config.neighbours,
                config.placement_neighbours,
            ],
            dtype=np.float64,
        ),
    )
    temp.replace(path)
    return path


def load_map(path: str | Path) -> ExampleMap:
    """Read a map written by ``save_map``; raise StaleMapError if it is unreadable."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            fields: dict[str, Any] = {key: stored[key] for key in stored.files}
    except FileNotFoundError as exc:
        raise StaleMapError(f"no map file at {path}") from exc
    except (OSError, ValueError) as exc:
        raise StaleMapError(f"the map file {path} could not be read: {exc}") from exc
    try:
        dims, perplexity, seed, neighbours, placement = fields["config"].tolist()
        return ExampleMap(
            model_sha256=str(fields["model_sha256"]),
            positions=fields["positions"].astype(np.float32),
            test_features=fields["test_features"].astype(np.float32),
            train_features=fields["train_features"].astype(np.float32),
            train_indices=fields["train_indices"].astype(np.int64),
            mean=fields["mean"].astype(np.float32),
            components=fields["components"].astype(np.float32),
            config=MapConfig(
                int(dims), float(perplexity), int(seed), int(neighbours), int(placement)
            ),
        )
    except (KeyError, ValueError) as exc:
        raise StaleMapError(f"the map file {path} is incomplete: {exc}") from exc


def load_map_for(model_file: str | Path) -> ExampleMap:
    """Return the map made for this exact model file.

    Raises StaleMapError with a readable reason when there is none, when it cannot
    be read, or when it records another model file's content hash.
    """
    path = map_path(model_file)
    example_map = load_map(path)
    current = models.fingerprint(model_file)
    if example_map.model_sha256 != current:
        raise StaleMapError(
            f"the map {path.name} was made for another version of "
            f"{Path(model_file).name} (model hash {example_map.model_sha256[:12]}, "
            f"the file's is {current[:12]}); rebuild it with "
            "`python -m fashion_cnn derive`"
        )
    return example_map


def write_map(
    model: keras.Model,
    model_file: str | Path,
    dataset: data.Dataset,
    config: MapConfig = MapConfig(),
) -> Path:
    """Build the map of a saved model and write it beside the file; return its path."""
    example_map = build_map(model, models.fingerprint(model_file), dataset, config)
    return save_map(example_map, map_path(model_file))
