"""The model registry: named recipes (architecture + how to train it) and model I/O.

Every model takes a (N, 28, 28, 1) float32 batch in [0, 1] and returns (N, 10)
softmax probabilities. The layer before the softmax is named ``logits`` so that
explanations can reach it; convolutional layers are named ``conv*``.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict

import keras
import numpy as np

from fashion_cnn import onnx_copy, priority
from fashion_cnn.data import IMAGE_SIZE, NUM_CLASSES

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "models"
DEFAULT_MODEL = "studio"
INPUT_SHAPE = (IMAGE_SIZE, IMAGE_SIZE, 1)


@dataclass(frozen=True)
class Augmentation:
    """Training-time augmentation: mirror, shift (fraction of 28 px), random erasing.

    drawings: share of each batch replaced by the same items redrawn as sketches
    (``fashion_cnn.drawings``); photo_like: share given photo-like changes
    (contrast, gamma, blur, noise, an uneven background).
    """

    flip: bool = False
    translate: float = 0.0
    erasing: float = 0.0
    drawings: float = 0.0
    photo_like: float = 0.0

    @property
    def enabled(self) -> bool:
        return (
            self.flip
            or self.translate > 0
            or self.erasing > 0
            or self.drawings > 0
            or self.photo_like > 0
        )


@dataclass(frozen=True)
class Recipe:
    """Everything needed to rebuild and retrain one model from scratch."""

    name: str
    title: str
    summary: str
    build: Callable[[], keras.Model]
    optimizer: Literal["adam", "adamw", "sgd"]
    learning_rate: float
    epochs: int
    batch_size: int
    schedule: Literal["constant", "warmup_cosine"] = "constant"
    warmup_epochs: int = 0
    weight_decay: float = 0.0
    momentum: float = 0.9
    label_smoothing: float = 0.0
    augmentation: Augmentation = field(default_factory=Augmentation)
    input_size: int = IMAGE_SIZE
    # "mixed_bfloat16" trains faster on CPUs with bf16 units (the file stays float32)
    precision: Literal["float32", "mixed_bfloat16"] = "float32"
    reference: str = ""
    # Share of each item's target taken from a teacher's probabilities
    # (``fashion_cnn.distillation``); 0 learns from the labels alone.
    distillation: float = 0.0


def _classifier_head(x, name: str):
    x = keras.layers.Dense(NUM_CLASSES, name="logits")(x)
    return keras.layers.Activation("softmax", name="probabilities", dtype="float32")(x)


def build_ann() -> keras.Model:
    """Fully connected baseline: 784 -> 1024 -> 384 -> 10, about 1.2M parameters."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = keras.layers.Flatten(name="flatten")(inputs)
    x = keras.layers.Dense(1024, activation="relu", name="dense1")(x)
    x = keras.layers.Dropout(0.3, name="dropout1")(x)
    x = keras.layers.Dense(384, activation="relu", name="dense2")(x)
    x = keras.layers.Dropout(0.3, name="dropout2")(x)
    return keras.Model(inputs, _classifier_head(x, "ann"), name="ann")


def build_cnn_2conv() -> keras.Model:
    """keras-io's MNIST convnet (2 Conv2D + max pooling, 34,826 parameters) with an
    extra dense layer of 128 before the classifier: 225,034 parameters."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = keras.layers.Conv2D(32, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv2")(x)
    x = keras.layers.MaxPooling2D(name="pool2")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dropout(0.5, name="dropout")(x)
    x = keras.layers.Dense(128, activation="relu", name="dense")(x)
    return keras.Model(inputs, _classifier_head(x, "cnn_2conv"), name="cnn_2conv")


def build_cnn_3conv() -> keras.Model:
    """TensorFlow's CNN tutorial: Conv2D 32/64/64, dense 64; exactly 93,322 params."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = keras.layers.Conv2D(32, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv2")(x)
    x = keras.layers.MaxPooling2D(name="pool2")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv3")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(64, activation="relu", name="dense")(x)
    return keras.Model(inputs, _classifier_head(x, "cnn_3conv"), name="cnn_3conv")


def build_cnn_bn_dropout() -> keras.Model:
    """Two conv-BN blocks with dropout, then dense 32 with BN; 120K parameters."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = inputs
    for i, filters in enumerate((32, 64), start=1):
        x = keras.layers.Conv2D(filters, 3, padding="same", name=f"conv{i}")(x)
        x = keras.layers.BatchNormalization(name=f"bn{i}")(x)
        x = keras.layers.ReLU(name=f"relu{i}")(x)
        x = keras.layers.MaxPooling2D(name=f"pool{i}")(x)
        x = keras.layers.Dropout(0.25, name=f"dropout{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(32, name="dense")(x)
    x = keras.layers.BatchNormalization(name="bn_dense")(x)
    x = keras.layers.ReLU(name="relu_dense")(x)
    x = keras.layers.Dropout(0.3, name="dropout_dense")(x)
    return keras.Model(inputs, _classifier_head(x, "cnn_bn"), name="cnn_bn_dropout")


def build_cnn_16px() -> keras.Model:
    """Two convs on the image shrunk to 16x16: a quarter of the pixels."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = keras.layers.Resizing(16, 16, interpolation="area", name="resize16")(inputs)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1")(x)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Conv2D(64, 3, padding="same", activation="relu", name="conv2")(x)
    x = keras.layers.MaxPooling2D(name="pool2")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dropout(0.3, name="dropout")(x)
    x = keras.layers.Dense(128, activation="relu", name="dense")(x)
    return keras.Model(inputs, _classifier_head(x, "cnn_16px"), name="cnn_16px")


def build_cnn_bn_small() -> keras.Model:
    """16 and 32 filters of 5x5 with batch norm; about 18.5K parameters."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = inputs
    for i, filters in enumerate((16, 32), start=1):
        x = keras.layers.Conv2D(filters, 5, name=f"conv{i}")(x)
        x = keras.layers.BatchNormalization(name=f"bn{i}")(x)
        x = keras.layers.ReLU(name=f"relu{i}")(x)
        x = keras.layers.MaxPooling2D(name=f"pool{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    return keras.Model(inputs, _classifier_head(x, "cnn_bn_small"), name="cnn_bn_small")


def build_studio(
    widths: tuple[int, ...] = (48, 96, 192), dropout: float = 0.2
) -> keras.Model:
    """Three VGG-style stages of two conv-BN-ReLU layers, global pooling, dense head."""
    inputs = keras.Input(INPUT_SHAPE, name="image")
    x = inputs
    for stage, filters in enumerate(widths, start=1):
        for j in (1, 2):
            name = f"conv{stage}_{j}"
            x = keras.layers.Conv2D(
                filters, 3, padding="same", use_bias=False, name=name
            )(x)
            x = keras.layers.BatchNormalization(name=f"bn{stage}_{j}")(x)
            x = keras.layers.ReLU(name=f"relu{stage}_{j}")(x)
        if stage < len(widths):
            x = keras.layers.MaxPooling2D(name=f"pool{stage}")(x)
    x = keras.layers.GlobalAveragePooling2D(name="global_pool")(x)
    x = keras.layers.Dropout(dropout, name="dropout")(x)
    return keras.Model(inputs, _classifier_head(x, "studio"), name="studio")


RECIPES: dict[str, Recipe] = {
    r.name: r
    for r in (
        Recipe(
            name="studio",
            title="Studio CNN",
            summary="Our default: a network of six convolution layers that learned "
            "from the dataset's photos and from outline drawings of the same "
            "garments, so that it reads both photos and what you draw. It was "
            "trained on shifted, mirrored and partly hidden copies of each image, "
            "half taught by the answers of our earlier photo-only model (94.65% "
            "on the test set), and answers in a single pass through the network.",
            build=build_studio,
            optimizer="adamw",
            learning_rate=3e-3,
            weight_decay=0.02,
            epochs=14,
            batch_size=128,
            schedule="warmup_cosine",
            warmup_epochs=1,
            label_smoothing=0.1,
            augmentation=Augmentation(
                flip=True, translate=0.1, erasing=0.25, drawings=0.35, photo_like=0.1
            ),
            precision="mixed_bfloat16",
            reference="Fashion-MNIST benchmark: small CNNs with BN, dropout and "
            "augmentation reach 93-94.7%",
            distillation=0.5,
        ),
        Recipe(
            name="ann",
            title="Fully connected (no convolutions)",
            summary="The classic multilayer perceptron baseline: every pixel is an "
            "independent input, so it cannot exploit the image's spatial structure.",
            build=build_ann,
            optimizer="adam",
            learning_rate=1e-3,
            epochs=20,
            batch_size=128,
            reference="the usual ~85-88% dense-network baseline",
        ),
        Recipe(
            name="cnn_2conv",
            title="2 conv layers",
            summary="Keras' classic MNIST convnet: two convolutions with pooling and a "
            "dense layer.",
            build=build_cnn_2conv,
            optimizer="adam",
            learning_rate=1e-3,
            epochs=12,
            batch_size=128,
            reference="keras-io mnist_convnet; ~90% on Fashion-MNIST",
        ),
        Recipe(
            name="cnn_3conv",
            title="3 conv layers (TensorFlow tutorial)",
            summary="TensorFlow's CNN tutorial network: three convolutions 32/64/64 "
            "and a dense layer of 64.",
            build=build_cnn_3conv,
            optimizer="adam",
            learning_rate=1e-3,
            epochs=10,
            batch_size=64,
            reference="TensorFlow CNN tutorial; ~90% on Fashion-MNIST",
        ),
        Recipe(
            name="cnn_bn_dropout",
            title="2 conv + batch norm + dropout",
            summary="Two convolutions with batch normalisation, dropout and light "
            "augmentation (mirroring and shifts).",
            build=build_cnn_bn_dropout,
            optimizer="adam",
            learning_rate=1e-3,
            epochs=20,
            batch_size=128,
            augmentation=Augmentation(flip=True, translate=0.1),
            reference="Fashion-MNIST benchmark: 2 conv + BN + dropout, ~92-93%",
        ),
        Recipe(
            name="cnn_16px",
            title="2 conv at 16x16",
            summary="The same kind of network on images shrunk to 16x16 pixels: "
            "cheaper, but fine details are lost.",
            build=build_cnn_16px,
            optimizer="adam",
            learning_rate=1e-3,
            epochs=10,
            batch_size=128,
            input_size=16,
            reference="16x16 input CNN, ~88%",
        ),
        Recipe(
            name="cnn_bn_small",
            title="Tiny CNN with batch norm",
            summary="Only 18.5K parameters: 16 and 32 filters of 5x5 with batch "
            "normalisation, trained with plain SGD for 5 epochs.",
            build=build_cnn_bn_small,
            optimizer="sgd",
            learning_rate=0.1,
            momentum=0.0,
            epochs=5,
            batch_size=100,
            reference="small BN CNN, SGD lr 0.1, 5 epochs: ~88.7%",
        ),
    )
}


def get_recipe(name: str) -> Recipe:
    """Return the recipe called ``name``; raise KeyError listing the known names."""
    if name not in RECIPES:
        raise KeyError(f"unknown model {name!r}; choose one of {', '.join(RECIPES)}")
    return RECIPES[name]


def core_network(model: keras.Model) -> keras.Model:
    """Return the plain CNN inside a wrapper model (or the model itself).

    Every shipped model is plain; a file saved by an earlier version may wrap it.
    """
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            return layer
    return model


def fingerprint(path: str | Path) -> str:
    """Return the SHA-256 hex digest of a model file: the content hash that its card,
    calibration and derived files record, and that caches are keyed by."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def weights_fingerprint(model: keras.Model) -> str:
    """Return a SHA-256 hex digest of a model's weights (for models not on disk)."""
    import hashlib

    digest = hashlib.sha256()
    for weight in model.weights:
        digest.update(keras.ops.convert_to_numpy(weight).tobytes())
    return digest.hexdigest()


def model_path(name: str = DEFAULT_MODEL, folder: Path = ASSETS_DIR) -> Path:
    """Return ``folder / f"{name}.keras"``."""
    return Path(folder) / f"{name}.keras"


def load(path: str | Path | None = None) -> keras.Model:
    """Load a saved model and run it once so that later calls are fast and thread-safe.

    Raises FileNotFoundError or ValueError with a readable message naming the file.
    """
    path = Path(path) if path is not None else model_path()
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: {path}")
    try:
        model = keras.saving.load_model(path, compile=False)
    except Exception as exc:  # Keras raises many types for a damaged archive
        raise ValueError(f"model file {path} could not be loaded: {exc}") from exc
    # The model file is hashed only when a copy lies beside it to be checked.
    copy, session = onnx_copy.path_beside(path), None
    if copy.is_file():
        session = onnx_copy.open_session(copy, fingerprint(path))
    if session is not None:
        watched = _watched_weights(model)
        _SESSIONS[model] = (session, watched, _snapshot(model, watched))
    predict_probabilities(model, np.zeros((1, *INPUT_SHAPE), dtype=np.float32))
    return model


def answering_runtime(model: keras.Model) -> Literal["onnxruntime", "tensorflow"]:
    """Return which runtime ``predict_probabilities`` uses for ``model`` now.

    "onnxruntime" for a model loaded from a file with an up-to-date ONNX copy
    beside it (``onnx_copy``) whose weights have not changed since; else
    "tensorflow" (the traced graph of ``compiled_call``).
    """
    return "onnxruntime" if _session(model) is not None else "tensorflow"


def _session(model: keras.Model):
    entry = _SESSIONS.get(model)
    if entry is None or _weights_changed(model, entry[1], entry[2]):
        return None
    return entry[0]


# Models loaded with an up-to-date ONNX copy: (session, watched index, snapshot).
_SESSIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COMPILE_LOCK = threading.Lock()


def _copied(layer: keras.layers.Layer) -> keras.layers.Layer:
    """Return a new layer with ``layer``'s configuration and weights."""
    copy = type(layer).from_config(layer.get_config())
    copy.build(layer.input.shape)
    copy.set_weights(layer.get_weights())
    return copy


def _folded(layer: keras.layers.Layer, norm: keras.layers.Layer) -> keras.layers.Layer:
    """Return a copy of a Conv2D or Dense ``layer`` with the inference-time
    BatchNormalization ``norm`` that follows it folded into its kernel and bias."""
    kernel, *bias = (np.asarray(w) for w in layer.get_weights())
    units = kernel.shape[-1]
    gamma = np.asarray(norm.gamma) if norm.scale else np.ones(units, np.float32)
    beta = np.asarray(norm.beta) if norm.center else np.zeros(units, np.float32)
    scale = gamma / np.sqrt(np.asarray(norm.moving_variance) + norm.epsilon)
    shift = ((bias[0] if bias else 0.0) - np.asarray(norm.moving_mean)) * scale + beta
    copy = type(layer).from_config({**layer.get_config(), "use_bias": True})
    copy.build(layer.input.shape)
    copy.set_weights([kernel * scale, shift])
    return copy


def fold_batch_norm(model: keras.Model) -> keras.Model:
    """Return a model that computes ``model(x, training=False)`` with fewer ops.

    For a chain of layers (every shipped recipe), each BatchNormalization that
    follows a Conv2D or Dense layer is folded into that layer's kernel and bias, and
    Dropout (a no-op at inference) is left out: the same function in about 12% less
    time for one image (BENCHMARKS.md). The result is checked against ``model`` on a
    probe batch; any other model, or any mismatch, gives back ``model`` itself.
    """
    try:
        x = inputs = keras.Input(model.input_shape[1:], name="image")
        layers = [
            layer
            for layer in model.layers
            if not isinstance(layer, keras.layers.InputLayer)
        ]
        skip = False
        for layer, after in zip(layers, [*layers[1:], None], strict=True):
            if skip or isinstance(layer, keras.layers.Dropout):
                skip = False
                continue
            foldable = isinstance(layer, keras.layers.Conv2D | keras.layers.Dense)
            if (
                foldable
                and isinstance(after, keras.layers.BatchNormalization)
                and after.axis in (-1, len(layer.output.shape) - 1)
            ):
                x, skip = _folded(layer, after)(x), True
            else:
                x = _copied(layer)(x)
        folded = keras.Model(inputs, x, name=f"{model.name}_folded")
        probe = np.random.default_rng(0).random((8, *model.input_shape[1:]), np.float32)
        expected = np.asarray(model(probe, training=False))
        if np.allclose(np.asarray(folded(probe, training=False)), expected, atol=1e-5):
            return folded
    except (ValueError, TypeError, AttributeError, NotImplementedError):  # no chain
        pass
    return model


def _watched_weights(model: keras.Model) -> int | None:
    """Return the index in ``model.weights`` of its smallest kernel (randomly
    initialised, moved by any training step, and cheap to compare on every call:
    432 values in the Studio CNN, against 802,816 in the first one of the dense
    network), or None for a model without kernels."""
    kernels = [i for i, w in enumerate(model.weights) if len(w.shape) >= 2]
    return min(kernels, key=lambda i: np.prod(model.weights[i].shape), default=None)


def _snapshot(model: keras.Model, index: int | None) -> np.ndarray:
    """Return a copy of ``model.weights[index]`` (empty for None)."""
    return np.array(model.weights[index]) if index is not None else np.zeros(0)


def _weights_changed(model: keras.Model, index: int | None, snapshot) -> bool:
    """Has ``model.weights[index]`` moved away from ``snapshot`` (``_snapshot``)?"""
    return not np.array_equal(_snapshot(model, index), snapshot)


def _traced(call: Callable) -> Callable:
    import tensorflow as tf

    signature = [tf.TensorSpec((None, *INPUT_SHAPE), tf.float32)]
    return tf.function(call, input_signature=signature).get_concrete_function()


def compiled_call(model: keras.Model) -> Callable:
    """Return ``model(x, training=False)`` as a traced graph with a fixed signature.

    One graph per model serves every batch size, so single images skip Keras'
    eager layer-by-layer dispatch. The graph runs ``fold_batch_norm(model)`` and
    is the tf.function's concrete function: calling that directly skips the
    tf.function's per-call argument matching. Both save time on one image
    (BENCHMARKS.md). The folded copy holds a snapshot of the weights, so the graph
    is made again if the model's weights have changed since. It takes a
    (N, 28, 28, 1) float32 array. Thread-safe; ``load`` traces it once up front.
    """
    with _COMPILE_LOCK:
        entry = _COMPILED.get(model)
        if entry is None or _weights_changed(model, entry[1], entry[2]):
            folded = fold_batch_norm(model)
            if folded is model:
                ref = weakref.ref(model)  # the cached value must not keep its key alive

                def call(x):
                    alive = ref()
                    if alive is None:
                        raise ReferenceError("the model was garbage-collected")
                    return alive(x, training=False)

            else:

                def call(x):
                    return folded(x, training=False)

            watched = _watched_weights(model)
            entry = (_traced(call), watched, _snapshot(model, watched))
            _COMPILED[model] = entry
    return entry[0]


def predict_probabilities(model: keras.Model, batch: np.ndarray) -> np.ndarray:
    """Return (N, 10) float32 probabilities for a (N, 28, 28, 1) float32 batch.

    The batch holds values in [0, 1]. Runs the model's up-to-date ONNX copy in
    onnxruntime where it has one (``answering_runtime``), else the model as a
    compiled function; never ``model.predict`` (slow for single images, and it
    leaks when called in a loop).
    A training in the server's process starts no batch meanwhile (``priority``).
    """
    batch = np.asarray(batch, dtype=np.float32)
    return priority.VISITORS.compute(_call_compiled, model, batch)


def _call_compiled(model: keras.Model, batch: np.ndarray) -> np.ndarray:
    session = _session(model)
    if session is not None:
        return onnx_copy.run_session(session, batch)
    return np.asarray(compiled_call(model)(batch), dtype=np.float32)


# Images per forward pass when scoring many. The Studio CNN's activations for 1,000
# images held about 490 MB, for 256 about 110 MB (no slower on 2 cores).
EVAL_BATCH_SIZE = 256


def predict_in_batches(
    model: keras.Model, images: np.ndarray, batch_size: int = EVAL_BATCH_SIZE
) -> np.ndarray:
    """Return (N, 10) probabilities for (N, 28, 28) uint8 images, in chunks."""
    from fashion_cnn.data import to_model_input

    out = [
        predict_probabilities(model, to_model_input(images[i : i + batch_size]))
        for i in range(0, len(images), batch_size)
    ]
    return np.concatenate(out) if out else np.zeros((0, NUM_CLASSES), np.float32)


def export_onnx(
    model: keras.Model, path: str | Path, model_fingerprint: str | None = None
) -> Path:
    """Write ``model`` as an ONNX file (Keras' exporter, tf2onnx); return its path.

    The file takes a (N, 28, 28, 1) float32 batch in [0, 1] named ``image`` and
    gives (N, 10) probabilities, like the model; onnxruntime runs it anywhere. Its
    BatchNormalization is folded (``fold_batch_norm``). ``model_fingerprint``, the
    content hash of the model's file, is recorded in the file so that the app uses
    it for that file only (``onnx_copy``). The file is written beside ``path`` and
    moved over it whole.
    """
    import warnings

    path = Path(path)
    folded = fold_batch_norm(model)
    folded(np.zeros((1, *INPUT_SHAPE), np.float32), training=False)
    partial = path.with_name(path.name + ".partial.onnx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # tf2onnx on NumPy 2
            folded.export(str(partial), format="onnx", verbose=False)
        if model_fingerprint is not None:
            onnx_copy.stamp(partial, model_fingerprint)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def list_models(folder: str | Path = ASSETS_DIR) -> list[str]:
    """Return the names of the saved models in ``folder`` that have a model card.

    The default model comes first, then the rest alphabetically; hidden temp files
    left by an interrupted save are never listed.
    """
    folder = Path(folder)
    names = [
        p.stem
        for p in folder.glob("*.keras")
        if not p.name.startswith(".") and p.with_suffix(".json").is_file()
    ]
    return sorted(names, key=lambda n: (n != DEFAULT_MODEL, n))


class ModelCard(TypedDict, total=False):
    """What ``NAME.json`` records about ``NAME.keras`` (``training.build_card``)."""

    name: str
    title: str
    summary: str
    recipe: dict[str, Any]  # the Recipe's fields, augmentation included
    config: dict[str, Any]  # the TrainConfig's fields
    parameters: int
    epochs: int
    epochs_run: int
    best_epoch: int
    stopped_early: bool
    batch_size: int
    optimizer: str
    learning_rate: float
    train_images: int
    train_seconds: float
    cpu: str
    trained_precision: str  # "float32" or "mixed_bfloat16", as trained here
    versions: dict[str, str]
    trained_at: str
    data_source: str
    data_sha256: dict[str, str]
    validation_accuracy: float  # in [0, 1]
    test_accuracy: float  # in [0, 1]
    test_images: int  # how many test images were scored (10,000 unless stopped)
    per_class: list[dict[str, Any]]  # precision, recall, f1, support per class
    confusion_matrix: list[list[int]]  # (10, 10), rows: true class
    history: list[dict[str, float]]  # one entry per epoch
    model_sha256: str  # the content hash of NAME.keras (models.fingerprint)
    saved_from_lab: bool
    trained_in_lab: bool


def card_beside(model_file: str | Path) -> ModelCard:
    """Return the card ``NAME.json`` beside ``NAME.keras``, or {} when there is none."""
    import json

    card_file = Path(model_file).with_suffix(".json")
    card: ModelCard = json.loads(card_file.read_text()) if card_file.is_file() else {}
    return card


def learned_from_drawings(card: Mapping[str, Any]) -> bool:
    """Return whether a card's recipe trained on redrawn items (``drawings`` > 0)."""
    return card.get("recipe", {}).get("augmentation", {}).get("drawings", 0) > 0


def load_card(name: str, folder: str | Path = ASSETS_DIR) -> ModelCard:
    """Return the model card ``NAME.json`` written next to ``NAME.keras``."""
    import json

    card: ModelCard = json.loads((Path(folder) / f"{name}.json").read_text())
    return card
