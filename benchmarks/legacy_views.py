"""The layers of the 10-view ``studio`` model shipped before the sketch-trained one.

Only the benchmarks import this, to load that earlier model (kept outside the
repository) and measure it side by side with the current one. The app's models are
built from standard Keras layers and need nothing from here.
"""

from __future__ import annotations

import keras

VIEW_SHIFTS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0))


@keras.saving.register_keras_serializable(package="fashion_cnn")
class TestTimeViews(keras.layers.Layer):
    """Stack each image, shifted by one pixel each way, with its mirror image.

    (N, H, W, C) -> (V * N, H, W, C) with V = 2 * len(shifts); shifts fill with 0.
    """

    def __init__(self, shifts=VIEW_SHIFTS, **kwargs):
        super().__init__(**kwargs)
        self.shifts = tuple(tuple(int(v) for v in s) for s in shifts)

    def call(self, inputs):
        height, width = inputs.shape[1], inputs.shape[2]
        padded = keras.ops.pad(inputs, [[0, 0], [1, 1], [1, 1], [0, 0]])
        views = []
        for dy, dx in self.shifts:
            shifted = padded[:, 1 - dy : 1 - dy + height, 1 - dx : 1 - dx + width, :]
            views += [shifted, keras.ops.flip(shifted, axis=2)]
        return keras.ops.concatenate(views, axis=0)

    def compute_output_shape(self, input_shape):
        return (None, *input_shape[1:])

    def get_config(self):
        return {**super().get_config(), "shifts": self.shifts}


@keras.saving.register_keras_serializable(package="fashion_cnn")
class ViewAverage(keras.layers.Layer):
    """Average (V * N, K) predictions of V stacked views back to (N, K)."""

    def __init__(self, views: int, **kwargs):
        super().__init__(**kwargs)
        self.views = int(views)

    def call(self, inputs):
        stacked = keras.ops.reshape(inputs, (self.views, -1, inputs.shape[-1]))
        return keras.ops.mean(stacked, axis=0)

    def compute_output_shape(self, input_shape):
        return (None, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "views": self.views}
