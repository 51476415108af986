"""What a CNN computes inside: feature maps, Grad-CAM heatmaps and first-layer filters.

Compute only: every function returns NumPy arrays; the app draws them. All functions
look at ``models.core_network(model)``: the plain CNN (every shipped model is one).

Grad-CAM follows the keras-io example (``grad_cam.py``): the gradient of one class
logit with respect to the last convolutional layer's output, averaged over the
spatial positions, weights that layer's channels; the weighted sum, clipped at zero
and scaled to [0, 1], shows where in the image the evidence for that class lies.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from fashion_cnn import models, priority
from fashion_cnn.data import IMAGE_SIZE

LOGITS_LAYER = "logits"
# Anchor colours of the heatmap colour scale (dark purple -> red -> yellow, "inferno").
HEAT_COLOURS = np.array(
    [
        [0, 0, 4],
        [87, 16, 110],
        [188, 55, 84],
        [249, 142, 9],
        [252, 255, 164],
    ],
    dtype=np.float32,
)


def conv_layers(model: keras.Model) -> list[keras.layers.Conv2D]:
    """Return the Conv2D layers of the model's core network, input to output."""
    core = models.core_network(model)
    return [layer for layer in core.layers if isinstance(layer, keras.layers.Conv2D)]


def _check_batch(image_batch: np.ndarray) -> np.ndarray:
    batch = np.asarray(image_batch, dtype=np.float32)
    if batch.ndim != 4 or batch.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 1):
        raise ValueError(f"expected a (N, 28, 28, 1) batch, got shape {batch.shape}")
    return batch


def feature_maps(
    model: keras.Model, image_batch: np.ndarray
) -> list[tuple[str, np.ndarray]]:
    """Return the output of every Conv2D layer for the first image of the batch.

    ``image_batch`` is (N, 28, 28, 1) float32 in [0, 1]. The result is a list of
    (layer name, (H, W, C) float32 array), input side first; values are the layer's
    raw outputs (after its own activation, if it has one). An empty list means the
    model has no convolutional layer (the fully connected baseline).
    """
    batch = _check_batch(image_batch)[:1]
    # On the one answering thread; a lab training waits meanwhile (``priority``).
    return priority.VISITORS.compute(_feature_maps, model, batch)


def _feature_maps(
    model: keras.Model, batch: np.ndarray
) -> list[tuple[str, np.ndarray]]:
    convs = conv_layers(model)
    if not convs:
        return []
    core = models.core_network(model)
    probe = keras.Model(core.input, [layer.output for layer in convs])
    outputs = probe(batch, training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [
        (layer.name, np.asarray(out[0], dtype=np.float32))
        for layer, out in zip(convs, outputs, strict=True)
    ]


def grad_cam(
    model: keras.Model, image_batch: np.ndarray, class_index: int | None = None
) -> tuple[np.ndarray, int]:
    """Return a (28, 28) float32 Grad-CAM heatmap in [0, 1] and the class it explains.

    ``image_batch`` is (N, 28, 28, 1) float32 in [0, 1]; only the first image is used.
    With ``class_index=None`` the class is the full model's top prediction. Raises
    ValueError for a model without convolutional layers. The heatmap is all zeros
    when nothing in the last conv layer speaks for the class.
    """
    batch = _check_batch(image_batch)[:1]
    if not conv_layers(model):
        raise ValueError("this model has no convolutional layers to explain")
    # On the one answering thread; a lab training waits meanwhile (``priority``).
    return priority.VISITORS.compute(_grad_cam, model, batch, class_index)


def _grad_cam(
    model: keras.Model, batch: np.ndarray, class_index: int | None
) -> tuple[np.ndarray, int]:
    convs = conv_layers(model)
    if class_index is None:
        class_index = int(np.argmax(models.predict_probabilities(model, batch)[0]))
    core = models.core_network(model)
    grad_model = keras.Model(
        core.input, [convs[-1].output, core.get_layer(LOGITS_LAYER).output]
    )
    with tf.GradientTape() as tape:
        conv_output, logits = grad_model(batch, training=False)
        class_logit = logits[:, class_index]
    grads = tape.gradient(class_logit, conv_output)
    # One weight per channel: the mean gradient over the spatial positions.
    channel_weights = tf.reduce_mean(grads, axis=(0, 1, 2))
    cam = tf.nn.relu(tf.reduce_sum(conv_output[0] * channel_weights, axis=-1))
    cam = tf.image.resize(cam[..., tf.newaxis], (IMAGE_SIZE, IMAGE_SIZE), "bilinear")
    cam = np.asarray(cam[..., 0], dtype=np.float32)
    peak = float(cam.max())
    heatmap = cam / peak if peak > 0 else np.zeros_like(cam)
    return np.clip(heatmap, 0.0, 1.0).astype(np.float32), int(class_index)


def dim_by_probability(
    heatmap: np.ndarray, probabilities: np.ndarray, class_index: int
) -> np.ndarray:
    """Return a (28, 28) float32 heatmap in [0, 1] scaled by how likely its class is.

    ``grad_cam`` scales every heatmap to its own peak, so the evidence for a 1%
    class would look as bright as for the answer. Multiplying by p(class) / p(top)
    keeps the answer's heatmap as it is and dims the others in proportion.
    """
    probabilities = np.asarray(probabilities, dtype=np.float32).reshape(-1)
    top = float(probabilities.max())
    share = float(probabilities[class_index]) / top if top > 0 else 0.0
    return (np.asarray(heatmap, np.float32) * min(share, 1.0)).astype(np.float32)


def first_layer_filters(model: keras.Model) -> np.ndarray:
    """Return the first Conv2D layer's kernels as (k, k, n) float32 (one per filter).

    The kernels see the single grey input channel; raises ValueError for a model
    without convolutional layers.
    """
    convs = conv_layers(model)
    if not convs:
        raise ValueError("this model has no convolutional layers")
    kernel = np.asarray(convs[0].kernel, dtype=np.float32)  # (k, k, in, n)
    return kernel.mean(axis=2)


def normalise(array: np.ndarray) -> np.ndarray:
    """Scale an array to [0, 1] float32 (min to 0, max to 1; a constant gives 0)."""
    array = np.asarray(array, dtype=np.float32)
    low, high = float(array.min()), float(array.max())
    if high - low < 1e-12:
        return np.zeros_like(array)
    return (array - low) / (high - low)


def tile_channels(stack: np.ndarray, columns: int = 8, gap: int = 1) -> np.ndarray:
    """Arrange a (H, W, C) stack as one grid image, each channel scaled to [0, 1].

    Returns (rows * (H + gap) - gap, columns * (W + gap) - gap) float32; the gaps
    are NaN so that a plot can leave them empty.
    """
    stack = np.asarray(stack, dtype=np.float32)
    height, width, channels = stack.shape
    columns = max(1, min(columns, channels))
    rows = -(-channels // columns)
    grid = np.full(
        (rows * (height + gap) - gap, columns * (width + gap) - gap),
        np.nan,
        dtype=np.float32,
    )
    for c in range(channels):
        r, q = divmod(c, columns)
        top, left = r * (height + gap), q * (width + gap)
        grid[top : top + height, left : left + width] = normalise(stack[..., c])
    return grid


def colourise(heatmap: np.ndarray) -> np.ndarray:
    """Map a (H, W) array in [0, 1] to (H, W, 3) uint8 RGB on the "inferno" scale."""
    values = np.clip(np.nan_to_num(np.asarray(heatmap, np.float32)), 0.0, 1.0)
    position = values * (len(HEAT_COLOURS) - 1)
    low = np.floor(position).astype(int).clip(0, len(HEAT_COLOURS) - 2)
    weight = (position - low)[..., None]
    rgb = HEAT_COLOURS[low] * (1 - weight) + HEAT_COLOURS[low + 1] * weight
    return np.round(rgb).astype(np.uint8)


def overlay_heatmap(
    image28: np.ndarray, heatmap: np.ndarray, alpha: float = 0.5
) -> np.ndarray:
    """Blend a coloured heatmap over a grey image: (28, 28, 3) uint8 RGB.

    ``image28`` is (28, 28) uint8, ``heatmap`` (28, 28) in [0, 1]; ``alpha`` in
    [0, 1] is the heatmap's weight.
    """
    grey = np.asarray(image28, dtype=np.float32)
    grey_rgb = np.repeat(grey[..., None], 3, axis=-1)
    heat = colourise(heatmap).astype(np.float32)
    blended = (1 - alpha) * grey_rgb + alpha * heat
    return np.clip(np.round(blended), 0, 255).astype(np.uint8)
