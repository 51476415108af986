"""fashion_cnn.models: recipes, documented sizes, I/O and the shipped models."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import keras
import numpy as np
import pytest

from fashion_cnn import data, models

# The exact sizes documented in README.md and BENCHMARKS.md.
EXPECTED_PARAMETERS = {
    "ann": 1_201_290,
    "cnn_2conv": 225_034,
    "cnn_3conv": 93_322,
    "cnn_bn_dropout": 120_042,
    "cnn_16px": 151_306,
    "cnn_bn_small": 18_570,
    "studio": 647_866,
}


def test_every_recipe_has_a_documented_size() -> None:
    assert sorted(EXPECTED_PARAMETERS) == sorted(models.RECIPES)


@pytest.mark.parametrize("name", sorted(models.RECIPES))
def test_every_recipe_builds_with_its_documented_size(name: str) -> None:
    recipe = models.get_recipe(name)
    network = recipe.build()
    assert network.count_params() == EXPECTED_PARAMETERS[name]
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
    assert card["model_sha256"] == models.fingerprint(models.model_path(name))
    if name == "studio":
        # BENCHMARKS.md: 92.80%. The 94.5% goal of issue 10 is missed (see there).
        assert accuracy >= 0.928
        assert model.count_params() <= 1_000_000
        assert card["train_seconds"] <= 1800


PORTABLE_CHECK = """
import json, sys
sys.modules["fashion_cnn"] = None  # as if the package were not installed at all
import numpy as np
import keras
batch = np.load(sys.argv[1])
out = {}
for path in sys.argv[2:]:
    model = keras.saving.load_model(path, compile=False)
    out[path] = np.asarray(model(batch, training=False)).tolist()
print(json.dumps(out))
"""


def test_every_shipped_model_loads_with_plain_keras_outside_the_project(
    tmp_path: Path, dataset: data.Dataset
) -> None:
    """A download must open where this package is not importable: a fresh Python in
    an empty folder, with only keras and tensorflow, gives the app's outputs."""
    import os
    import subprocess
    import sys

    batch = data.to_model_input(dataset.x_test[:16])
    np.save(tmp_path / "batch.npy", batch)
    paths = [str(models.model_path(name)) for name in SHIPPED]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [sys.executable, "-I", "-c", PORTABLE_CHECK, str(tmp_path / "batch.npy")]
    done = subprocess.run(
        [*command, *paths],
        cwd=tmp_path,
        env={**env, "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outside = json.loads(done.stdout.strip().splitlines()[-1])
    for path in paths:
        inside = models.predict_probabilities(models.load(path), batch)
        np.testing.assert_allclose(np.array(outside[path]), inside, atol=1e-5)


ONNX_CHECK = """
import json, sys
sys.modules["fashion_cnn"] = None
sys.modules["keras"] = None  # onnxruntime alone runs the file
import numpy as np
import onnxruntime
batch = np.load(sys.argv[1])
session = onnxruntime.InferenceSession(sys.argv[2], providers=["CPUExecutionProvider"])
(output,) = session.run(None, {session.get_inputs()[0].name: batch})
print(json.dumps(np.asarray(output).tolist()))
"""


def test_onnx_export_runs_in_onnxruntime_outside_the_project(
    tmp_path: Path, dataset: data.Dataset, studio_model
) -> None:
    """`python -m fashion_cnn export --format onnx` gives the app's probabilities."""
    import os
    import subprocess
    import sys

    from fashion_cnn.__main__ import main

    target = tmp_path / "studio.onnx"
    assert main(["export", "--format", "onnx", "--out", str(target)]) == 0
    batch = data.to_model_input(dataset.x_test[:16])
    np.save(tmp_path / "batch.npy", batch)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-I", "-c", ONNX_CHECK, str(tmp_path / "batch.npy"), target],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outside = np.array(json.loads(done.stdout.strip().splitlines()[-1]))
    inside = models.predict_probabilities(studio_model, batch)
    np.testing.assert_allclose(outside, inside, atol=1e-5)


def test_weights_fingerprint_follows_the_weights_not_the_object() -> None:
    first = models.build_cnn_bn_small()
    second = models.build_cnn_bn_small()
    second.set_weights(first.get_weights())
    assert models.weights_fingerprint(first) == models.weights_fingerprint(second)
    weights = second.get_weights()
    weights[0] = weights[0] + 1e-3
    second.set_weights(weights)
    assert models.weights_fingerprint(first) != models.weights_fingerprint(second)


@pytest.mark.parametrize("name", sorted(EXPECTED_PARAMETERS))
def test_folded_batch_norm_answers_as_the_shipped_model(name: str, dataset) -> None:
    """The graph the app serves (BatchNormalization folded into the layer before
    it, Dropout left out) gives the shipped model's probabilities on test images."""
    model = models.load(models.model_path(name))
    folded = models.fold_batch_norm(model)
    assert folded is not model
    names = {type(layer).__name__ for layer in folded.layers}
    assert not names & {"BatchNormalization", "Dropout"}, names
    batch = data.to_model_input(dataset.x_test[:300])
    expected = np.asarray(model(batch, training=False))
    np.testing.assert_allclose(np.asarray(folded(batch)), expected, atol=1e-5)
    np.testing.assert_allclose(
        models.predict_probabilities(model, batch), expected, atol=1e-5
    )


def test_a_model_that_is_not_a_chain_is_served_unfolded() -> None:
    inputs = keras.Input(models.INPUT_SHAPE)
    conv = keras.layers.Conv2D(4, 3, padding="same")(inputs)
    normed = keras.layers.BatchNormalization()(conv)
    merged = keras.layers.Add()([conv, normed])  # a skip connection
    outputs = keras.layers.Dense(10, activation="softmax")(
        keras.layers.GlobalAveragePooling2D()(merged)
    )
    model = keras.Model(inputs, outputs)
    assert models.fold_batch_norm(model) is model


def test_the_served_graph_follows_new_weights_and_lets_the_model_go() -> None:
    """The folded graph holds a copy of the weights: after the weights change
    (more training) it is made again, and it never keeps its model alive."""
    import gc
    import weakref

    model = models.build_cnn_bn_small()
    batch = np.random.default_rng(0).random((4, *models.INPUT_SHAPE), np.float32)
    before = models.predict_probabilities(model, batch)
    model.set_weights([w * 1.5 for w in model.get_weights()])
    after = models.predict_probabilities(model, batch)
    np.testing.assert_allclose(
        after, np.asarray(model(batch, training=False)), atol=1e-5
    )
    assert np.abs(after - before).max() > 1e-3
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None
