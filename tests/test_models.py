"""fashion_cnn.models: recipes, documented sizes, I/O and the shipped models."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import keras
import numpy as np
import pytest

from fashion_cnn import data, models

# Documented sizes of the classic baselines (issue: foundation, item 4).
EXPECTED_PARAMETERS = {
    "ann": (1_150_000, 1_250_000),
    "cnn_2conv": (220_000, 240_000),
    "cnn_3conv": (93_322, 93_322),
    "cnn_bn_small": (18_000, 19_000),
    "studio": (1, 1_000_000),
}


@pytest.mark.parametrize("name", sorted(models.RECIPES))
def test_every_recipe_builds_with_its_documented_size(name: str) -> None:
    recipe = models.get_recipe(name)
    network = recipe.build()
    low, high = EXPECTED_PARAMETERS.get(name, (1, 1_000_000))
    assert low <= network.count_params() <= high
    assert network.input_shape == (None, 28, 28, 1)
    assert network.output_shape == (None, 10)
    assert network.get_layer("logits").units == 10
    batch = np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)
    probabilities = models.predict_probabilities(network, batch)
    assert probabilities.shape == (3, 10)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_cnn_16px_really_sees_16_by_16() -> None:
    network = models.get_recipe("cnn_16px").build()
    assert network.get_layer("conv1").input.shape[1:3] == (16, 16)


def test_unknown_recipe_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="studio"):
        models.get_recipe("resnet9000")


def test_test_time_views_average_mirror_and_shifts_and_round_trip(
    tmp_path: Path,
) -> None:
    network = models.build_cnn_bn_small()
    model = models.add_test_time_views(network)
    image = np.random.default_rng(1).random((2, 28, 28, 1), dtype=np.float32)
    direct = models.predict_probabilities(model, image)
    mirrored = models.predict_probabilities(model, image[:, :, ::-1])
    assert np.allclose(direct, mirrored, atol=1e-5)  # mirroring is one of the views

    def shifted(batch: np.ndarray, dy: int, dx: int) -> np.ndarray:
        padded = np.pad(batch, ((0, 0), (1, 1), (1, 1), (0, 0)))
        return padded[:, 1 - dy : 29 - dy, 1 - dx : 29 - dx]

    views = [
        view
        for dy, dx in models.VIEW_SHIFTS
        for view in (shifted(image, dy, dx), shifted(image, dy, dx)[:, :, ::-1])
    ]
    manual = np.mean([models.predict_probabilities(network, v) for v in views], axis=0)
    assert np.allclose(direct, manual, atol=1e-5)
    assert shifted(image, 1, 0)[0, 1, 5, 0] == image[0, 0, 5, 0]  # moved down by one
    assert models.core_network(model) is network
    model.save(tmp_path / "m.keras")
    reloaded = models.load(tmp_path / "m.keras")
    assert np.allclose(models.predict_probabilities(reloaded, image), direct, atol=1e-5)


def test_load_gives_readable_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        models.load(tmp_path / "missing.keras")
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="could not be loaded"):
        models.load(broken)


def test_list_models_ignores_temp_files_and_files_without_card(tmp_path: Path) -> None:
    for name in ("studio", "ann", ".studio.123.tmp", "orphan"):
        (tmp_path / f"{name}.keras").write_bytes(b"x")
    for name in ("studio", "ann"):
        (tmp_path / f"{name}.json").write_text("{}")
    assert models.list_models(tmp_path) == ["studio", "ann"]


# --- the shipped models --------------------------------------------------------


def _read_idx_independently(path: Path) -> np.ndarray:
    """A second IDX reader, written without fashion_cnn.data, for reference checks."""
    raw = gzip.decompress(path.read_bytes())
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


@pytest.fixture(scope="module")
def independent_test_set(dataset: data.Dataset) -> tuple[np.ndarray, np.ndarray]:
    folder = Path(dataset.source)
    images = _read_idx_independently(folder / "t10k-images-idx3-ubyte.gz")
    labels = _read_idx_independently(folder / "t10k-labels-idx1-ubyte.gz")
    return images.astype(np.float32)[..., None] / 255.0, labels


SHIPPED = ["studio", "ann", "cnn_2conv", "cnn_3conv", "cnn_bn_dropout", "cnn_16px",
           "cnn_bn_small"]  # fmt: skip


def test_every_recipe_is_shipped_with_a_card() -> None:
    assert sorted(models.list_models()) == sorted(SHIPPED)
    total = sum(p.stat().st_size for p in models.ASSETS_DIR.glob("*.keras"))
    assert total < 10 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_card_matches_independent_evaluation(
    name: str, independent_test_set: tuple[np.ndarray, np.ndarray]
) -> None:
    images, labels = independent_test_set
    card = json.loads((models.ASSETS_DIR / f"{name}.json").read_text())
    model = keras.saving.load_model(models.ASSETS_DIR / f"{name}.keras")
    predicted = model.predict(images, batch_size=500, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == labels))
    assert abs(accuracy - card["test_accuracy"]) <= 0.001
    assert card["parameters"] == model.count_params()
    assert np.sum(card["confusion_matrix"]) == 10000
    assert len(card["history"]) == card["epochs_run"] >= 1
    if name == "studio":
        assert accuracy >= 0.945
        assert model.count_params() <= 1_000_000
        assert card["train_seconds"] <= 1800
