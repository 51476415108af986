"""fashion_cnn.data against the real Debian IDX files and broken copies of them."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import numpy as np
import pytest

from fashion_cnn import data


def test_loader_shapes_dtypes_and_balance(dataset: data.Dataset) -> None:
    assert dataset.x_train.shape == (60000, 28, 28)
    assert dataset.x_test.shape == (10000, 28, 28)
    assert dataset.y_train.shape == (60000,) and dataset.y_test.shape == (10000,)
    for array in (dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test):
        assert array.dtype == np.uint8
    assert np.bincount(dataset.y_train).tolist() == [6000] * 10
    assert np.bincount(dataset.y_test).tolist() == [1000] * 10
    assert dataset.x_train.max() == 255 and dataset.x_train.min() == 0


def test_class_names_are_the_ten_fashion_mnist_classes() -> None:
    assert len(data.CLASS_NAMES) == data.NUM_CLASSES == 10
    assert data.CLASS_NAMES[1] == "Trouser" and data.CLASS_NAMES[9] == "Ankle boot"


def test_validation_split_is_fixed_stratified_and_disjoint(
    dataset: data.Dataset,
) -> None:
    first = data.split_validation(dataset.x_train, dataset.y_train)
    second = data.split_validation(dataset.x_train, dataset.y_train)
    assert len(first.x_val) == data.VALIDATION_SIZE
    assert len(first.x_train) == 60000 - data.VALIDATION_SIZE
    assert np.bincount(first.y_val).tolist() == [500] * 10
    assert np.array_equal(first.x_val, second.x_val)
    train_rows = {row.tobytes() for row in first.x_train[:, 14]}
    overlap = sum(row.tobytes() in train_rows for row in first.x_val[:50, 14])
    assert overlap < 5  # a few duplicate rows exist in the data; images are disjoint


def test_split_indices_are_the_positions_of_the_split(dataset: data.Dataset) -> None:
    train, val = data.split_indices(dataset.y_train)
    split = data.split_validation(dataset.x_train, dataset.y_train)
    assert len(train) + len(val) == 60000 and not set(train) & set(val)
    assert np.array_equal(dataset.x_train[train], split.x_train)
    assert np.array_equal(dataset.y_train[val], split.y_val)


def test_model_input_is_float_in_unit_range(dataset: data.Dataset) -> None:
    batch = data.to_model_input(dataset.x_test[:4])
    assert batch.shape == (4, 28, 28, 1) and batch.dtype == np.float32
    assert batch.min() >= 0.0 and batch.max() <= 1.0


def _copy_dataset(tmp_path: Path, dataset: data.Dataset) -> Path:
    for name, _, _ in data.FILES.values():
        shutil.copy(Path(dataset.source) / name, tmp_path / name)
    return tmp_path


def test_explicit_directory_and_environment_variable_are_used(
    tmp_path: Path, dataset: data.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_dataset(tmp_path, dataset)
    assert data.load_dataset(folder).source == str(folder)
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    loaded = data.load_dataset()
    assert loaded.source == str(folder)
    assert np.array_equal(loaded.y_test, dataset.y_test)


def test_missing_file_names_the_file_and_how_to_get_it(
    tmp_path: Path, dataset: data.Dataset
) -> None:
    folder = _copy_dataset(tmp_path, dataset)
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DatasetError) as excinfo:
        data.load_dataset(folder)
    message = str(excinfo.value)
    assert "t10k-labels-idx1-ubyte.gz" in message
    assert "apt-get install dataset-fashion-mnist" in message


@pytest.mark.parametrize(
    "corruption",
    ["not gzip", "truncated gzip", "wrong magic", "wrong count", "short body"],
)
def test_corrupt_file_gives_one_clear_error(
    tmp_path: Path, dataset: data.Dataset, corruption: str
) -> None:
    folder = _copy_dataset(tmp_path, dataset)
    target = folder / "train-labels-idx1-ubyte.gz"
    raw = gzip.decompress(target.read_bytes())
    if corruption == "not gzip":
        target.write_bytes(b"this is not a gzip file")
    elif corruption == "truncated gzip":
        target.write_bytes(target.read_bytes()[:1000])
    elif corruption == "wrong magic":
        target.write_bytes(gzip.compress((2051).to_bytes(4, "big") + raw[4:]))
    elif corruption == "wrong count":
        target.write_bytes(
            gzip.compress(raw[:4] + (59999).to_bytes(4, "big") + raw[8:])
        )
    else:
        target.write_bytes(gzip.compress(raw[:-10]))
    with pytest.raises(data.DatasetError, match="train-labels-idx1-ubyte.gz"):
        data.load_dataset(folder)


def test_hashes_are_sha256_of_each_file(dataset: data.Dataset) -> None:
    hashes = data.hash_data_files(dataset.source)
    assert set(hashes) == {name for name, _, _ in data.FILES.values()}
    assert all(len(h) == 64 for h in hashes.values())
