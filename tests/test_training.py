"""fashion_cnn.training: learning, stopping, progress and atomic saving, for real."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from fashion_cnn import data, drawings, models, training


def test_one_epoch_on_2000_images_learns(dataset: data.Dataset) -> None:
    config = training.TrainConfig(
        recipe="cnn_2conv",
        epochs=1,
        batch_size=16,
        learning_rate=2e-3,
        train_size=2000,
        seed=1,
    )
    result = training.train(config, dataset)
    split = data.split_validation(dataset.x_train, dataset.y_train)
    held_out_x, held_out_y = split.x_val[:1000], split.y_val[:1000]
    predicted = models.predict_in_batches(result.model, held_out_x).argmax(axis=1)
    assert np.mean(predicted == held_out_y) > 0.70
    assert len(result.history) == 1 and result.best_epoch == 1
    assert {"accuracy", "loss", "val_accuracy", "val_loss"} <= set(result.history[0])


def test_progress_reports_move_forward_and_stop_ends_within_one_batch(
    dataset: data.Dataset,
) -> None:
    stop = threading.Event()
    reports: list[training.Progress] = []

    def on_progress(progress: training.Progress) -> None:
        reports.append(progress)
        if progress.step >= 3:
            stop.set()

    config = training.TrainConfig(
        recipe="cnn_bn_small", epochs=3, batch_size=50, train_size=1500
    )
    batches = []  # wait_turn is called before every training and validation batch
    result = training.train(
        config,
        dataset,
        on_progress=on_progress,
        stop_event=stop,
        report_every_steps=1,
        wait_turn=lambda: batches.append(1),
    )
    assert result.stopped_early
    assert len(result.history) == 1  # the first epoch ended early, no more epochs
    # The cut-short epoch is checked on 1,000 of the 5,000 validation images.
    assert len(batches) == 4 + training.STOPPED_VALIDATION_IMAGES // 50
    within_epoch = [r.step for r in reports if not r.epoch_end]
    assert within_epoch == [1, 2, 3, 4]  # stop requested at 3, honoured after batch 4
    fractions = [r.fraction for r in reports]
    assert fractions == sorted(fractions) and 0 < fractions[0] < 1


def test_a_stop_asked_before_the_first_batch_trains_and_validates_nothing(
    dataset: data.Dataset,
) -> None:
    """A Stop that arrives while the run waits for its first batch (the visitors'
    answers first) ends ``fit`` before that batch: no step is traced or run, and
    no validation batch is waited for, so the lab is free again at once."""
    stop = threading.Event()
    batches: list[int] = []

    def wait_turn() -> None:  # the visitor clicks Stop during the first wait
        batches.append(1)
        stop.set()

    config = training.TrainConfig(recipe="cnn_2conv", epochs=2, train_size=1000)
    result = training.train(config, dataset, stop_event=stop, wait_turn=wait_turn)
    assert result.stopped_early and result.history == []
    assert batches == [1]  # the first training batch's wait, nothing after it


def test_drawings_share_of_a_batch_comes_from_the_redrawn_items(
    dataset: data.Dataset,
) -> None:
    """With drawings=1.0 every image of a batch is one of its two redrawings; with
    0.0 it is the dataset image itself."""
    images, labels = dataset.x_train[:64], dataset.y_train[:64]
    drawn = np.stack(
        [drawings.redraw_many(images, seed=k) for k in range(2)], axis=1
    )  # (64, 2, 28, 28)
    every = models.Augmentation(drawings=1.0)
    (batch, onehot), *_ = training.make_dataset(images, labels, 64, every, None, drawn)
    batch = np.asarray(batch)[..., 0]
    choices = drawn.astype(np.float32) / 255.0
    for i in range(64):
        assert min(np.abs(batch[i] - choices[i, k]).max() for k in (0, 1)) < 1e-6
    np.testing.assert_array_equal(np.asarray(onehot).argmax(1), labels)
    with pytest.raises(ValueError, match="redrawn"):
        training.make_dataset(images, labels, 64, every, None, None)


def test_the_studio_recipe_trains_a_plain_one_pass_network(
    dataset: data.Dataset,
) -> None:
    config = training.TrainConfig(recipe="studio", epochs=1, train_size=256)
    result = training.train(config, dataset)
    assert models.core_network(result.model) is result.model  # no wrapper
    assert result.model.count_params() == 647_866
    assert {w.dtype for w in result.model.weights} == {"float32"}
    assert result.recipe.augmentation.drawings > 0


@pytest.fixture(scope="module")
def tiny_result(dataset: data.Dataset) -> training.TrainResult:
    config = training.TrainConfig(recipe="cnn_bn_small", epochs=1, train_size=1000)
    return training.train(config, dataset)


def test_card_holds_everything_the_app_shows(
    tiny_result: training.TrainResult, dataset: data.Dataset
) -> None:
    card = training.build_card(tiny_result, dataset)
    for key in ("recipe", "parameters", "epochs", "batch_size", "optimizer",
                "train_seconds", "cpu", "validation_accuracy", "test_accuracy",
                "history", "per_class", "confusion_matrix", "data_sha256"):  # fmt: skip
        assert key in card
    assert card["parameters"] == tiny_result.model.count_params()
    assert np.array(card["confusion_matrix"]).sum() == 10000
    assert len(card["per_class"]) == 10
    assert len(card["data_sha256"]) == 4
    json.dumps(card)  # the card must be plain JSON


def test_save_is_atomic_and_replaces_previous_model(
    tiny_result: training.TrainResult, dataset: data.Dataset, tmp_path: Path
) -> None:
    card = training.build_card(tiny_result, dataset)
    path = training.save_atomic(tiny_result.model, card, tmp_path)
    assert path == tmp_path / "cnn_bn_small.keras"
    first_bytes = path.read_bytes()
    training.save_atomic(tiny_result.model, {**card, "note": "second"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cnn_bn_small.json",
        "cnn_bn_small.keras",
    ]
    second_card = json.loads((tmp_path / "cnn_bn_small.json").read_text())
    assert second_card["note"] == "second"
    # The model file was replaced whole (deflate sizes can differ by a few bytes
    # between saves, so compare what the card says about the file on disk).
    assert second_card["model_sha256"] == models.fingerprint(path)
    with (
        zipfile.ZipFile(io.BytesIO(first_bytes)) as first,
        zipfile.ZipFile(path) as second,
    ):
        assert first.namelist() == second.namelist()
    reloaded = models.load(path)
    image = data.to_model_input(dataset.x_test[:5])
    assert np.allclose(
        models.predict_probabilities(reloaded, image),
        models.predict_probabilities(tiny_result.model, image),
        atol=1e-5,
    )


ZEN5_FLAGS = "flags\t\t: fpu vme avx2 avx512f avx512_bf16 avx512_vnni\n"
XEON_FLAGS = "flags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n"
AVX2_FLAGS = "flags\t\t: fpu vme avx avx2 fma\nbugs\t\t: avx512_bf16\n"


def test_bf16_units_are_read_from_the_cpu_flags_line() -> None:
    assert training.cpu_has_bf16(ZEN5_FLAGS) and training.cpu_has_bf16(XEON_FLAGS)
    assert not training.cpu_has_bf16(AVX2_FLAGS)  # a word on another line is no flag
    assert not training.cpu_has_bf16("")


def test_mixed_bfloat16_falls_back_to_float32_on_a_cpu_without_bf16_units() -> None:
    """bf16 is emulated on such a CPU, about 7x slower per step than float32
    (BENCHMARKS.md, "Training precision"), so the studio trains in float32 there;
    recipes in float32 stay in float32 everywhere."""
    studio = models.get_recipe("studio")
    assert studio.precision == "mixed_bfloat16"
    assert training.training_precision(studio, has_bf16=True) == "mixed_bfloat16"
    assert training.training_precision(studio, has_bf16=False) == "float32"
    plain = models.get_recipe("cnn_2conv")
    assert training.training_precision(plain, has_bf16=True) == "float32"
    # the network is built in the precision chosen for this machine's CPU
    network = training._build(studio)
    policy = network.get_layer("conv1_1").dtype_policy.name
    assert policy == training.training_precision(studio)
    assert keras.config.dtype_policy().name == "float32"  # the global is restored
