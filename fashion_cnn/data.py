"""Fashion-MNIST from the original IDX files: loading, validation and splits.

Sources, in order: an explicit directory (argument or ``FASHION_MNIST_DIR``), Debian's
package ``dataset-fashion-mnist`` in ``/usr/share/datasets/fashion-mnist``, then
``keras.datasets.fashion_mnist.load_data()`` (reads ``~/.keras`` or downloads).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLASS_NAMES: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
NUM_CLASSES = len(CLASS_NAMES)
IMAGE_SIZE = 28
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
ENV_VAR = "FASHION_MNIST_DIR"
VALIDATION_SIZE = 5000
SPLIT_SEED = 20170825  # the day Fashion-MNIST was published
FILES: dict[str, tuple[str, int, int]] = {
    # key: (file name, IDX magic number, number of items)
    "x_train": ("train-images-idx3-ubyte.gz", 2051, 60000),
    "y_train": ("train-labels-idx1-ubyte.gz", 2049, 60000),
    "x_test": ("t10k-images-idx3-ubyte.gz", 2051, 10000),
    "y_test": ("t10k-labels-idx1-ubyte.gz", 2049, 10000),
}
HOW_TO_GET = (
    "Install Debian's package (sudo apt-get install dataset-fashion-mnist), "
    f"or point {ENV_VAR} at a folder with the four original .gz IDX files."
)


class DatasetError(RuntimeError):
    """The Fashion-MNIST files are missing or corrupt."""


@dataclass(frozen=True)
class Dataset:
    """Images are (N, 28, 28) uint8 in [0, 255]; labels are (N,) uint8 in [0, 9]."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str


@dataclass(frozen=True)
class Split:
    """A fixed train/validation split carved from the 60,000 training images."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def read_idx(path: Path, magic: int, count: int) -> np.ndarray:
    """Return the array stored in one gzipped IDX file, checked against expectations.

    Images come back as (count, 28, 28) uint8, labels as (count,) uint8.
    Raises DatasetError naming the file when it is missing, unreadable or malformed.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"Fashion-MNIST file not found: {path}. {HOW_TO_GET}")
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:
        raise DatasetError(
            f"Fashion-MNIST file {path} is corrupt ({exc}). {HOW_TO_GET}"
        ) from exc
    ndim = 3 if magic == 2051 else 1
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise DatasetError(f"Fashion-MNIST file {path} is truncated. {HOW_TO_GET}")
    found_magic = int.from_bytes(raw[0:4], "big")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    expected_dims = [count, IMAGE_SIZE, IMAGE_SIZE][:ndim]
    if found_magic != magic or dims != expected_dims:
        raise DatasetError(
            f"Fashion-MNIST file {path} has header magic={found_magic} dims={dims}, "
            f"expected magic={magic} dims={expected_dims}. {HOW_TO_GET}"
        )
    body = np.frombuffer(raw, dtype=np.uint8, offset=header_size)
    if body.size != int(np.prod(expected_dims)):
        raise DatasetError(
            f"Fashion-MNIST file {path} holds {body.size} bytes of data, expected "
            f"{int(np.prod(expected_dims))}. {HOW_TO_GET}"
        )
    if ndim == 1 and body.max() >= NUM_CLASSES:
        raise DatasetError(
            f"Fashion-MNIST file {path} has labels above 9. {HOW_TO_GET}"
        )
    return body.reshape(expected_dims).copy()


def find_data_dir(directory: str | Path | None = None) -> Path | None:
    """Return the first folder that should hold the IDX files, or None for Keras.

    An explicit directory or ``FASHION_MNIST_DIR`` is returned even if it is empty,
    so that a wrong setting gives a clear error instead of a silent fallback.
    """
    if directory is not None:
        return Path(directory)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if DEBIAN_DIR.is_dir():
        return DEBIAN_DIR
    return None


def load_dataset(directory: str | Path | None = None) -> Dataset:
    """Return the 60k/10k Fashion-MNIST arrays from the first available source."""
    folder = find_data_dir(directory)
    if folder is None:
        return _load_from_keras()
    arrays = {
        key: read_idx(folder / name, magic, count)
        for key, (name, magic, count) in FILES.items()
    }
    return Dataset(**arrays, source=str(folder))


def _load_from_keras() -> Dataset:
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    except Exception as exc:  # network errors come in many types
        raise DatasetError(
            f"Fashion-MNIST is not installed and could not be downloaded ({exc}). "
            f"{HOW_TO_GET}"
        ) from exc
    return Dataset(
        x_train.astype(np.uint8),
        y_train.astype(np.uint8),
        x_test.astype(np.uint8),
        y_test.astype(np.uint8),
        source="keras.datasets",
    )


def split_indices(
    y: np.ndarray, size: int = VALIDATION_SIZE, seed: int = SPLIT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Return (train, validation) positions in ``y``: sorted (N - size,) and
    (size,) int64 arrays; the validation part is class-stratified and fixed by
    ``seed``."""
    rng = np.random.default_rng(seed)
    per_class = size // NUM_CLASSES
    val_idx = np.concatenate(
        [
            rng.permutation(np.flatnonzero(y == c))[:per_class]
            for c in range(NUM_CLASSES)
        ]
    )
    mask = np.zeros(len(y), dtype=bool)
    mask[val_idx] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def split_validation(
    x: np.ndarray, y: np.ndarray, size: int = VALIDATION_SIZE, seed: int = SPLIT_SEED
) -> Split:
    """Return a fixed, class-stratified split: ``size`` images held out for validation.

    The same seed always gives the same split, so model selection never sees the
    test set and every recipe is selected on the same images.
    """
    train, val = split_indices(y, size, seed)
    return Split(x[train], y[train], x[val], y[val])


def to_model_input(images: np.ndarray) -> np.ndarray:
    """Return a (N, 28, 28, 1) float32 batch in [0, 1] from (N, 28, 28) uint8 images."""
    return (np.asarray(images, dtype=np.float32) / 255.0)[..., None]


def hash_data_files(directory: str | Path | None = None) -> dict[str, str]:
    """Return the SHA-256 of each IDX file (empty when the data came from Keras)."""
    folder = find_data_dir(directory)
    if folder is None:
        return {}
    hashes = {}
    for name, _, _ in FILES.values():
        hashes[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    return hashes
