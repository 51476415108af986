"""fashion_cnn.distillation: the teacher's shipped targets and how training uses
them."""

from __future__ import annotations

import json

import numpy as np

from fashion_cnn import data, distillation, models, training


def test_blended_targets_are_distributions_between_label_and_teacher() -> None:
    labels = np.array([0, 3, 9])
    teacher = np.full((3, 10), 0.1, np.float32)
    np.testing.assert_array_equal(
        distillation.blend_targets(labels, teacher, 0.0), np.eye(10)[labels]
    )
    half = distillation.blend_targets(labels, teacher, 0.5)
    np.testing.assert_allclose(half.sum(axis=1), 1.0, rtol=1e-6)
    assert half[1, 3] == np.float32(0.55) and half[1, 0] == np.float32(0.05)
    assert half.dtype == np.float32


def test_shipped_teacher_targets_belong_to_the_training_file(
    dataset: data.Dataset,
) -> None:
    """The file holds one distribution per training-file image, in its order: the
    teacher agrees with the real labels on the images it learned from, and its
    recorded validation accuracy is what the stored answers give (recomputed here
    from the dataset's own labels)."""
    probs = distillation.load_targets()
    assert probs.shape == (len(dataset.y_train), 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    train_rows, val_rows = data.split_indices(dataset.y_train)
    agree = probs.argmax(axis=1) == dataset.y_train
    assert agree[train_rows].mean() > 0.95
    recorded = float(distillation.read_source()["validation_accuracy"])
    assert abs(agree[val_rows].mean() - recorded) < 1e-4
    # Shuffled labels would agree about 10% of the time: the order is the file's.
    assert (probs.argmax(axis=1) == np.roll(dataset.y_train, 1)).mean() < 0.2


def test_soft_targets_travel_with_their_own_images() -> None:
    """Shuffled batches gather each image with its own target, drawings included."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 300)
    images = np.repeat(labels[:, None, None] * 25, 28, axis=1).repeat(28, axis=2)
    images = images.astype(np.uint8)  # each image's pixels say its label
    drawn = np.stack([images, images], axis=1)
    teacher = np.full((300, 10), 0.1, np.float32)
    targets = distillation.blend_targets(labels, teacher, 0.4)
    augmentation = models.Augmentation(drawings=0.5)
    ds = training.make_dataset(
        images, labels, 32, augmentation, shuffle_seed=3, drawn=drawn, targets=targets
    )
    seen = 0
    for x, y in ds:
        pixel_label = np.rint(np.asarray(x)[:, 0, 0, 0] * 255 / 25).astype(int)
        y = np.asarray(y)
        np.testing.assert_array_equal(y.argmax(axis=1), pixel_label)
        np.testing.assert_allclose(y.max(axis=1), 0.6 + 0.04, rtol=1e-6)
        seen += len(y)
    assert seen == 300


def test_the_studio_card_records_its_teacher_share() -> None:
    card = json.loads(models.model_path("studio").with_suffix(".json").read_text())
    assert card["recipe"]["distillation"] == models.RECIPES["studio"].distillation
