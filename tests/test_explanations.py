"""Feature maps, Grad-CAM and filters, checked against independent computations."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from fashion_cnn import explanations, models
from fashion_cnn.data import to_model_input


def _random_batch(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.random((1, 28, 28, 1), dtype=np.float32)


def _cam_model() -> keras.Model:
    """Linear conv -> global average pooling -> logits: Grad-CAM has a closed form."""
    keras.utils.set_random_seed(3)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, padding="same", name="conv1")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(10, name="logits")(x)
    outputs = keras.layers.Activation("softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs)


def _numpy_conv_same(image: np.ndarray, kernel: np.ndarray, bias: np.ndarray):
    """Cross-correlate a (28, 28) image with a (3, 3, 1, C) kernel, zero padding."""
    padded = np.pad(image.astype(np.float64), 1)
    out = np.zeros((28, 28, kernel.shape[-1]))
    for dy in range(3):
        for dx in range(3):
            out += padded[dy : dy + 28, dx : dx + 28, None] * kernel[dy, dx, 0]
    return out + bias


def test_grad_cam_matches_the_closed_form_for_global_pooling():
    # With global average pooling straight into the logits, d logit_c / d A_k(i, j)
    # is W[k, c] / (H * W) everywhere, so Grad-CAM = relu(sum_k W[k, c] A_k) / max.
    model = _cam_model()
    batch = _random_batch(1)
    kernel, bias = (np.asarray(w) for w in model.get_layer("conv1").weights)
    dense = np.asarray(model.get_layer("logits").kernel, dtype=np.float64)
    maps = _numpy_conv_same(batch[0, :, :, 0], kernel, bias)
    for class_index in (2, 7):
        cam = np.maximum(maps @ (dense[:, class_index] / (28 * 28)), 0)
        expected = cam / cam.max()
        heatmap, used = explanations.grad_cam(model, batch, class_index)
        assert used == class_index
        np.testing.assert_allclose(heatmap, expected, atol=2e-4)


def test_grad_cam_matches_finite_difference_gradients():
    # A real architecture (valid convs, pooling, dense ReLU head), random weights:
    # the gradients come from central differences through the layers after conv3.
    keras.utils.set_random_seed(5)
    model = models.build_cnn_3conv()
    batch = _random_batch(2)
    class_index = 4
    conv_model = keras.Model(model.input, model.get_layer("conv3").output)
    activation = np.asarray(conv_model(batch, training=False), dtype=np.float64)[0]

    def head(a: np.ndarray) -> np.ndarray:
        x = model.get_layer("flatten")(a.astype(np.float32))
        x = model.get_layer("dense")(x)
        return np.asarray(model.get_layer("logits")(x), dtype=np.float64)[
            :, class_index
        ]

    eps = 1e-2
    steps = np.eye(activation.size).reshape(-1, *activation.shape) * eps
    grads = (head(activation + steps) - head(activation - steps)) / (2 * eps)
    grads = grads.reshape(activation.shape)
    cam = np.maximum((activation * grads.mean(axis=(0, 1))).sum(axis=-1), 0)
    upsampled = np.asarray(
        keras.ops.image.resize(cam[None, :, :, None], (28, 28), "bilinear")
    )[0, :, :, 0]
    expected = upsampled / upsampled.max()

    heatmap, used = explanations.grad_cam(model, batch, class_index)
    assert used == class_index
    np.testing.assert_allclose(heatmap, expected, atol=2e-3)


def test_grad_cam_on_the_shipped_model_explains_its_prediction(studio_model, dataset):
    batch = to_model_input(dataset.x_test[:1])
    heatmap, used = explanations.grad_cam(studio_model, batch)
    predicted = int(models.predict_probabilities(studio_model, batch)[0].argmax())
    assert used == predicted
    assert heatmap.shape == (28, 28) and heatmap.dtype == np.float32
    assert heatmap.min() >= 0.0 and heatmap.max() <= 1.0
    assert heatmap.max() == pytest.approx(1.0)


def test_grad_cam_depends_on_the_chosen_class(studio_model, dataset):
    batch = to_model_input(dataset.x_test[:1])
    maps = [explanations.grad_cam(studio_model, batch, c)[0] for c in range(10)]
    assert len({m.tobytes() for m in maps}) > 1


def test_feature_maps_equal_independent_sub_models(studio_model, dataset):
    batch = to_model_input(dataset.x_test[5:7])
    core = models.core_network(studio_model)
    conv_names = [
        layer.name for layer in core.layers if isinstance(layer, keras.layers.Conv2D)
    ]
    maps = explanations.feature_maps(studio_model, batch)
    assert [name for name, _ in maps] == conv_names
    for name, stack in maps:
        probe = keras.Model(core.input, core.get_layer(name).output)
        expected = np.asarray(probe(batch[:1], training=False))[0]
        assert stack.dtype == np.float32 and stack.ndim == 3
        np.testing.assert_allclose(stack, expected, rtol=1e-5, atol=1e-5)


def test_first_layer_filters_are_the_first_kernels(studio_model):
    filters = explanations.first_layer_filters(studio_model)
    kernel = np.asarray(explanations.conv_layers(studio_model)[0].kernel)
    assert filters.shape == (kernel.shape[0], kernel.shape[1], kernel.shape[3])
    np.testing.assert_array_equal(filters, kernel[:, :, 0, :])


def test_a_model_without_convolutions_has_nothing_to_explain():
    model = models.build_ann()
    batch = _random_batch()
    assert explanations.feature_maps(model, batch) == []
    with pytest.raises(ValueError, match="no convolutional"):
        explanations.grad_cam(model, batch)
    with pytest.raises(ValueError, match="no convolutional"):
        explanations.first_layer_filters(model)


def test_a_wrongly_shaped_batch_is_refused():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        explanations.feature_maps(_cam_model(), np.zeros((28, 28), np.float32))


def test_tile_channels_places_each_scaled_channel_in_reading_order():
    stack = np.stack([np.full((2, 3), c, np.float32) for c in range(5)], axis=-1)
    stack[0, 0] = -1.0  # every channel gets a darkest pixel
    grid = explanations.tile_channels(stack, columns=2, gap=1)
    assert grid.shape == (3 * 3 - 1, 2 * 4 - 1)
    assert np.isnan(grid[2, :]).all() and np.isnan(grid[:, 3]).all()
    np.testing.assert_array_equal(grid[0:2, 0:3], [[0, 1, 1], [1, 1, 1]])  # channel 0
    assert np.isnan(grid[6:8, 4:7]).all()  # no sixth channel


def test_overlay_blends_the_grey_image_with_the_colour_scale():
    image = np.arange(28 * 28, dtype=np.uint32).reshape(28, 28).astype(np.uint8)
    heatmap = np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28)
    grey = explanations.overlay_heatmap(image, heatmap, alpha=0.0)
    np.testing.assert_array_equal(grey, np.repeat(image[..., None], 3, axis=-1))
    heat = explanations.overlay_heatmap(image, heatmap, alpha=1.0)
    np.testing.assert_array_equal(heat, explanations.colourise(heatmap))
    np.testing.assert_array_equal(heat[0, 0], explanations.HEAT_COLOURS[0])
    np.testing.assert_array_equal(heat[-1, -1], explanations.HEAT_COLOURS[-1])


def test_a_heatmap_for_an_unlikely_class_is_dimmed_in_proportion():
    heatmap = np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28)
    probabilities = np.array([0.9, 0.01, 0.09] + [0.0] * 7, dtype=np.float32)
    answer = explanations.dim_by_probability(heatmap, probabilities, 0)
    np.testing.assert_array_equal(answer, heatmap)
    unlikely = explanations.dim_by_probability(heatmap, probabilities, 1)
    assert unlikely.max() == pytest.approx(0.01 / 0.9, rel=1e-5)
    assert explanations.dim_by_probability(heatmap, probabilities, 5).max() == 0.0
