"""Training: one function used by the CLI and the app's training lab alike."""

from __future__ import annotations

import json
import math
import os
import platform
import threading
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from fashion_cnn import data as data_lib
from fashion_cnn import distillation, drawings, metrics, models


@dataclass(frozen=True)
class TrainConfig:
    """What to train. ``None`` fields take the recipe's own value."""

    recipe: str = models.DEFAULT_MODEL
    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    augment: bool = True
    train_size: int | None = None  # a subset of the 55,000 training images
    seed: int = 42
    # Split each batch into micro-batches of about this many images and average
    # their gradients before one update (Keras' gradient accumulation): the same
    # number of updates in less memory (the lab's; batch norm sees micro-batches).
    micro_batch_size: int | None = None
    # How the training drawings are made (``None``: ``drawings.DEFAULT_STYLE``).
    drawing_style: drawings.DrawingStyle | None = None
    # Share of each target taken from the teacher (``None``: the recipe's).
    distillation: float | None = None


@dataclass(frozen=True)
class Progress:
    """A report sent to ``on_progress`` after every few batches and every epoch."""

    epoch: int  # 1-based, the epoch in progress
    epochs: int
    step: int  # batches done in this epoch
    steps: int
    elapsed_seconds: float
    eta_seconds: float
    logs: dict[str, float]
    history: list[dict[str, float]]  # one entry per finished epoch
    epoch_end: bool

    @property
    def fraction(self) -> float:
        return min(
            1.0, ((self.epoch - 1) + self.step / max(self.steps, 1)) / self.epochs
        )


@dataclass
class TrainResult:
    """The trained model (plain float32, no optimizer state) and its run."""

    model: keras.Model
    recipe: models.Recipe
    config: TrainConfig
    history: list[dict[str, float]] = field(default_factory=list)
    train_seconds: float = 0.0
    best_epoch: int = 0
    stopped_early: bool = False


class _KeepBestWeights(keras.callbacks.Callback):
    """Remember the weights of the epoch with the best validation accuracy."""

    def __init__(self) -> None:
        super().__init__()
        self.best_accuracy = -1.0
        self.best_epoch = 0
        self.best_weights: list[np.ndarray] | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        accuracy = float((logs or {}).get("val_accuracy", -1.0))
        if accuracy > self.best_accuracy:
            self.best_accuracy, self.best_epoch = accuracy, epoch + 1
            self.best_weights = self.model.get_weights()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class _StoppedBeforeTraining(Exception):
    """Raised out of ``fit`` by a stop seen before the first batch has run."""


class _Reporter(keras.callbacks.Callback):
    """Forward progress to a plain function, stop within one batch when asked, and
    call ``wait_turn`` before every batch. The epoch a stop cuts short is validated
    on its first ``stopped_validation_steps`` batches only (a quick check). A stop
    seen before the first batch ends ``fit`` at once (``_StoppedBeforeTraining``):
    nothing was learned, so no step is traced and nothing is validated."""

    def __init__(
        self,
        epochs: int,
        steps: int,
        on_progress: Callable[[Progress], None] | None,
        stop_event: threading.Event | None,
        every_steps: int,
        wait_turn: Callable[[], object] | None = None,
        stopped_validation_steps: int | None = None,
    ) -> None:
        super().__init__()
        self.epochs, self.steps = epochs, steps
        self.stopped_validation_steps = stopped_validation_steps
        self.wait_turn = wait_turn
        self.on_progress, self.stop_event = on_progress, stop_event
        self.every_steps = max(1, every_steps)
        self.history: list[dict[str, float]] = []
        self.epoch = 0
        self.stopped = False
        self.start = time.perf_counter()

    def _report(self, step: int, logs: dict | None, epoch_end: bool) -> None:
        if self.on_progress is None:
            return
        elapsed = time.perf_counter() - self.start
        done = (self.epoch - 1) + step / self.steps
        eta = elapsed / done * (self.epochs - done) if done > 0 else float("nan")
        clean = {k: float(v) for k, v in (logs or {}).items()}
        self.on_progress(
            Progress(
                self.epoch,
                self.epochs,
                step,
                self.steps,
                elapsed,
                eta,
                clean,
                list(self.history),
                epoch_end,
            )
        )

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch = epoch + 1

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if self.wait_turn is not None:
            self.wait_turn()
        if self.epoch == 1 and batch == 0 and self._stop_asked():
            self.stopped = True
            raise _StoppedBeforeTraining

    def _stop_asked(self) -> bool:
        return self.stop_event is not None and self.stop_event.is_set()

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if (
            self.stopped
            and self.stopped_validation_steps is not None
            and batch + 1 >= self.stopped_validation_steps
        ):
            self.model.stop_evaluating = True  # Keras ends the loop after this batch
        if self.wait_turn is not None:
            self.wait_turn()

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._stop_asked():
            self.model.stop_training = True
            self.stopped = True
        if (batch + 1) % self.every_steps == 0 and batch + 1 < self.steps:
            self._report(batch + 1, logs, epoch_end=False)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        entry = {"epoch": epoch + 1, "seconds": time.perf_counter() - self.start}
        entry.update({k: round(float(v), 5) for k, v in (logs or {}).items()})
        self.history.append(entry)
        self._report(self.steps, logs, epoch_end=True)


DRAWINGS_PER_IMAGE = 2  # redrawn versions of each training item, made before training
REDRAW_CHUNK = 100  # items redrawn between two looks at the stop event (0.1 s)
STOPPED_VALIDATION_IMAGES = 1_000  # the epoch a stop cuts short is validated on these


def _redraw_all(
    images: np.ndarray,
    labels: np.ndarray,
    seed: int,
    stop_event: threading.Event | None,
    style: drawings.DrawingStyle = drawings.DEFAULT_STYLE,
) -> np.ndarray | None:
    """Return (N, DRAWINGS_PER_IMAGE, 28, 28) uint8 drawings of (N, 28, 28) items of
    classes (N,) ``labels`` in ``style``, or ``None`` as soon as ``stop_event`` is
    set."""
    drawn = np.empty((len(images), DRAWINGS_PER_IMAGE, 28, 28), np.uint8)
    for k in range(DRAWINGS_PER_IMAGE):
        rng = np.random.default_rng(seed + k)  # as drawings.redraw_many(..., seed+k)
        for i, (image, label) in enumerate(zip(images, labels, strict=True)):
            if i % REDRAW_CHUNK == 0 and stop_event is not None and stop_event.is_set():
                return None
            drawn[i, k] = drawings.redraw(image, rng, style, label=int(label))
    return drawn


def make_dataset(
    images: np.ndarray,
    labels: np.ndarray,
    batch_size: int,
    augmentation: models.Augmentation | None = None,
    shuffle_seed: int | None = None,
    drawn: np.ndarray | None = None,
    targets: np.ndarray | None = None,
) -> tf.data.Dataset:
    """Return batches of ((B, 28, 28, 1) float32 in [0, 1], (B, 10) one-hot float32)
    from (N, 28, 28) uint8 ``images`` of classes (N,) ``labels``.

    drawn: optional (N, K, 28, 28) uint8 redrawings of ``images``
    (``drawings.redraw``); ``augmentation.drawings`` of each batch is swapped for
    one of them before the other augmentations. targets: optional (N, 10) float32
    soft targets (``distillation.blend_targets``) used instead of the one-hot
    labels, for an item and its drawings alike. The arrays are held once, as
    uint8; the dataset shuffles positions and gathers each batch (a float32 copy
    and a shuffle buffer of 10,000 images held about 90 MB more; BENCHMARKS.md).
    """
    mixing = augmentation is not None and augmentation.drawings > 0
    if mixing and drawn is None:
        raise ValueError("augmentation.drawings needs the redrawn images (drawn=)")
    pixels = tf.constant(np.asarray(images, dtype=np.uint8))
    classes = tf.constant(np.asarray(labels, dtype=np.int32))
    soft = None if targets is None else tf.constant(targets, tf.float32)
    redrawn = tf.constant(np.asarray(drawn, dtype=np.uint8)) if mixing else None
    share = augmentation.drawings if augmentation is not None else 0.0

    def gather(rows: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        x = tf.cast(tf.gather(pixels, rows), tf.float32)[..., None] / 255.0
        if redrawn is not None:
            x = _swap_in_drawings(x, tf.gather(redrawn, rows), share)
        if soft is not None:
            return x, tf.gather(soft, rows)
        return x, tf.one_hot(tf.gather(classes, rows), data_lib.NUM_CLASSES)

    ds = tf.data.Dataset.range(len(labels))
    if shuffle_seed is not None:
        ds = ds.shuffle(len(labels), seed=shuffle_seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size).map(gather)
    augment = _augmenter(augmentation, shuffle_seed or 0) if augmentation else None
    if augment is not None:
        ds = ds.map(
            lambda a, b: (augment(a, training=True), b),
            num_parallel_calls=tf.data.AUTOTUNE,
        )
    if augmentation is not None and augmentation.photo_like > 0:
        photo_share = augmentation.photo_like
        ds = ds.map(
            lambda a, b: (_photo_like(a, photo_share), b),
            num_parallel_calls=tf.data.AUTOTUNE,
        )
    return ds.prefetch(tf.data.AUTOTUNE)


def _swap_in_drawings(x: tf.Tensor, drawn: tf.Tensor, share: float) -> tf.Tensor:
    """Replace a random ``share`` of (B, 28, 28, 1) ``x`` by one of its redrawings."""
    count, versions = tf.shape(drawn)[0], tf.shape(drawn)[1]
    pick = tf.random.uniform([count], 0, versions, dtype=tf.int32)
    chosen = tf.gather(drawn, pick, batch_dims=1)[..., None]
    chosen = tf.cast(chosen, tf.float32) / 255.0
    use = tf.random.uniform([count, 1, 1, 1]) < share
    return tf.where(use, chosen, x)


def _photo_like(x: tf.Tensor, share: float) -> tf.Tensor:
    """Give a random ``share`` of (B, 28, 28, 1) ``x`` in [0, 1] a photo's flaws.

    Contrast and gamma, a little blur, an uneven (gradient) background, sensor noise.
    """
    if share <= 0:
        return x
    count = tf.shape(x)[0]

    def uniform(low: float, high: float) -> tf.Tensor:
        return tf.random.uniform([count, 1, 1, 1], low, high)

    y = uniform(0.5, 1.0) * tf.pow(x, tf.exp(uniform(-0.6, 0.6)))
    blur = uniform(0.0, 1.0) * tf.cast(uniform(0.0, 1.0) < 0.5, tf.float32)
    y = (1.0 - blur) * y + blur * tf.nn.avg_pool2d(y, 3, 1, "SAME")
    ramp = tf.linspace(-1.0, 1.0, data_lib.IMAGE_SIZE)
    gy, gx = tf.meshgrid(ramp, ramp, indexing="ij")
    angle = uniform(0.0, 2 * math.pi)
    gradient = tf.cos(angle) * gx[None, ..., None] + tf.sin(angle) * gy[None, ..., None]
    background = uniform(0.0, 0.2) * (gradient + 1.0) / 2.0
    y = y + background * (1.0 - y)
    y = y + uniform(0.0, 0.04) * tf.random.normal(tf.shape(y))
    use = uniform(0.0, 1.0) < share
    return tf.where(use, tf.clip_by_value(y, 0.0, 1.0), x)


def _augmenter(augmentation: models.Augmentation, seed: int) -> keras.Sequential | None:
    """Return the mirror/shift/erasing layers, or None when there are none."""
    layers: list[keras.layers.Layer] = []
    if augmentation.flip:
        layers.append(keras.layers.RandomFlip("horizontal", seed=seed))
    if augmentation.translate > 0:
        t = augmentation.translate
        layers.append(
            keras.layers.RandomTranslation(t, t, fill_mode="constant", seed=seed + 1)
        )
    if augmentation.erasing > 0:
        p = augmentation.erasing
        layers.append(
            keras.layers.RandomErasing(
                factor=(p, p), scale=(0.02, 0.25), value_range=(0, 1), seed=seed + 2
            )
        )
    return keras.Sequential(layers, name="augmentation") if layers else None


_POLICY_LOCK = threading.Lock()
BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # /proc/cpuinfo: the CPU has bf16 units


def cpu_has_bf16(cpuinfo: str | None = None) -> bool:
    """Return whether this CPU lists bf16 units among its flags (``cpuinfo``: the
    text of /proc/cpuinfo, read when None; False where it cannot be read)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
    flags = {
        word
        for line in cpuinfo.splitlines()
        if line.startswith("flags")
        for word in line.split()
    }
    return any(flag in flags for flag in BF16_FLAGS)


def training_precision(recipe: models.Recipe, has_bf16: bool | None = None) -> str:
    """Return the precision ``recipe`` trains in on this CPU: its own, except
    "mixed_bfloat16" on a CPU without bf16 units (``has_bf16``; read from the CPU
    when None), where TensorFlow emulates bf16 and a step takes several times as
    long as in float32 (``benchmarks/precision.py``): float32 there."""
    if recipe.precision == "mixed_bfloat16":
        fast = cpu_has_bf16() if has_bf16 is None else has_bf16
        return recipe.precision if fast else "float32"
    return recipe.precision


def _build(recipe: models.Recipe, precision: str | None = None) -> keras.Model:
    """Build the recipe's network in ``precision`` (default: its training precision
    on this CPU, ``training_precision``)."""
    precision = precision or training_precision(recipe)
    if precision == "float32":
        return recipe.build()
    with _POLICY_LOCK:
        previous = keras.config.dtype_policy()
        keras.config.set_dtype_policy(precision)
        try:
            return recipe.build()
        finally:
            keras.config.set_dtype_policy(previous)


def _optimizer(
    recipe: models.Recipe, lr: float, total_steps: int, steps: int, accumulate: int = 1
):
    """Return the recipe's optimizer; ``total_steps`` and ``steps`` (per epoch)
    count micro-batches when ``accumulate`` > 1 of them make one update (Keras'
    schedules count them too)."""
    extra = {"gradient_accumulation_steps": accumulate} if accumulate > 1 else {}
    schedule: float | keras.optimizers.schedules.LearningRateSchedule = lr
    if recipe.schedule == "warmup_cosine":
        warmup = min(recipe.warmup_epochs * steps, total_steps // 2)
        schedule = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=lr / 20,
            decay_steps=max(1, total_steps - warmup),
            warmup_target=lr,
            warmup_steps=warmup,
        )
    if recipe.optimizer == "adamw":
        return keras.optimizers.AdamW(
            schedule, weight_decay=recipe.weight_decay, **extra
        )
    if recipe.optimizer == "adam":
        return keras.optimizers.Adam(schedule, **extra)
    if recipe.optimizer == "sgd":
        return keras.optimizers.SGD(schedule, momentum=recipe.momentum, **extra)
    raise ValueError(f"unknown optimizer {recipe.optimizer!r}")


def micro_batching(batch_size: int, micro_batch_size: int | None) -> tuple[int, int]:
    """Return (images per micro-batch, micro-batches per update) for ``batch_size``
    split into micro-batches of about ``micro_batch_size`` (``(batch_size, 1)`` when
    there is nothing to split)."""
    if not micro_batch_size or micro_batch_size >= batch_size:
        return batch_size, 1
    parts = math.ceil(batch_size / micro_batch_size)
    return math.ceil(batch_size / parts), parts


def train(
    config: TrainConfig,
    dataset: data_lib.Dataset,
    on_progress: Callable[[Progress], None] | None = None,
    stop_event: threading.Event | None = None,
    verbose: int = 0,
    report_every_steps: int = 20,
    wait_turn: Callable[[], object] | None = None,
) -> TrainResult:
    """Train ``config.recipe`` on the fixed training split, keep the best-on-validation
    weights, and return the final model in float32.

    The test set is never touched here. ``stop_event`` ends training within one batch.
    ``wait_turn`` is called before every batch (training and validation): a
    training in the server's process passes ``priority.VISITORS.wait_turn``, so
    that it waits while visitors' answers are computed.
    """
    recipe = models.get_recipe(config.recipe)
    epochs = config.epochs or recipe.epochs
    batch_size = config.batch_size or recipe.batch_size
    micro, accumulate = micro_batching(batch_size, config.micro_batch_size)
    lr = config.learning_rate or recipe.learning_rate
    keras.utils.set_random_seed(config.seed)
    # Positions first, images once: the split's 55,000-image copy is never made
    # for a run on a subset.
    train_rows, val_rows = data_lib.split_indices(dataset.y_train)
    if config.train_size is not None and config.train_size < len(train_rows):
        rng = np.random.default_rng(config.seed)
        keep = np.sort(rng.choice(len(train_rows), config.train_size, replace=False))
        train_rows = train_rows[keep]
    x_train, y_train = dataset.x_train[train_rows], dataset.y_train[train_rows]
    augmentation = recipe.augmentation if config.augment else None
    drawn, style = None, config.drawing_style
    if augmentation is not None and augmentation.drawings > 0:
        style = style or drawings.DEFAULT_STYLE  # the card records it
        drawn = _redraw_all(x_train, y_train, config.seed, stop_event, style)
        if drawn is None:  # stopped while drawing: nothing trained
            return TrainResult(
                model=recipe.build(), recipe=recipe, config=config, stopped_early=True
            )
    distill = (
        recipe.distillation if config.distillation is None else config.distillation
    )
    targets = None
    if distill > 0:
        teacher = distillation.load_targets()
        if len(teacher) != len(dataset.y_train):
            raise ValueError("the teacher's targets are for the 60,000-image file")
        targets = distillation.blend_targets(y_train, teacher[train_rows], distill)
    train_ds = make_dataset(
        x_train, y_train, micro, augmentation, config.seed, drawn, targets
    )
    # Validation in batches no larger than the training's: it never needs more
    # memory than a training step.
    val_batch = min(micro, models.EVAL_BATCH_SIZE)
    val_ds = make_dataset(
        dataset.x_train[val_rows], dataset.y_train[val_rows], val_batch
    )
    steps = math.ceil(len(x_train) / micro)

    network = _build(recipe)
    network.compile(
        optimizer=_optimizer(recipe, lr, steps * epochs, steps, accumulate),
        loss=keras.losses.CategoricalCrossentropy(
            label_smoothing=recipe.label_smoothing
        ),
        metrics=["accuracy"],
    )
    best = _KeepBestWeights()
    reporter = _Reporter(
        epochs,
        steps,
        on_progress,
        stop_event,
        report_every_steps,
        wait_turn,
        stopped_validation_steps=math.ceil(STOPPED_VALIDATION_IMAGES / val_batch),
    )
    start = time.perf_counter()
    try:
        network.fit(
            train_ds,
            validation_data=val_ds,
            epochs=epochs,
            callbacks=[reporter, best],
            verbose=verbose,
        )
    except _StoppedBeforeTraining:  # nothing trained
        return TrainResult(
            model=recipe.build(), recipe=recipe, config=config, stopped_early=True
        )
    seconds = time.perf_counter() - start
    # Serve a fresh float32 copy: no optimizer state in the file, no bf16 layers.
    trained, network = network, recipe.build()
    network.set_weights(trained.get_weights())
    model = network
    return TrainResult(
        model=model,
        recipe=recipe,
        config=replace(
            config,
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=lr,
            drawing_style=style,
            distillation=distill,
        ),
        history=reporter.history,
        train_seconds=round(seconds, 1),
        best_epoch=best.best_epoch,
        stopped_early=reporter.stopped,
    )


def describe_cpu() -> str:
    """Return e.g. ``"AMD EPYC, 2 cores"``."""
    name = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{name}, {os.cpu_count()} cores"


def build_card(
    result: TrainResult, dataset: data_lib.Dataset, test_images: int | None = None
) -> models.ModelCard:
    """Return the model card: recipe, size, timing, history, validation and test.

    ``test_images`` scores only the first that many validation and test images
    (a quick score for a stopped run); the card's ``test_images`` says how many.
    """
    train_rows, val_rows = data_lib.split_indices(dataset.y_train)
    n = test_images or len(dataset.y_test)
    val_rows = val_rows[:n]
    val = metrics.summarize_predictions(
        dataset.y_train[val_rows],
        models.predict_in_batches(result.model, dataset.x_train[val_rows]),
    )
    test = metrics.summarize_predictions(
        dataset.y_test[:n], models.predict_in_batches(result.model, dataset.x_test[:n])
    )
    recipe = result.recipe
    recipe_fields = {
        k: v for k, v in asdict(recipe).items() if k not in ("build", "name")
    }
    return {
        "name": recipe.name,
        "title": recipe.title,
        "summary": recipe.summary,
        "recipe": recipe_fields,
        "config": asdict(result.config),
        "parameters": int(result.model.count_params()),
        "epochs": int(result.config.epochs or recipe.epochs),
        "epochs_run": len(result.history),
        "best_epoch": result.best_epoch,
        "stopped_early": result.stopped_early,
        "batch_size": int(result.config.batch_size or recipe.batch_size),
        "optimizer": recipe.optimizer,
        "learning_rate": float(result.config.learning_rate or recipe.learning_rate),
        "train_images": len(train_rows)
        if result.config.train_size is None
        else min(result.config.train_size, len(train_rows)),
        "train_seconds": result.train_seconds,
        "cpu": describe_cpu(),
        "trained_precision": training_precision(recipe),
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__},
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "data_source": dataset.source,
        "data_sha256": data_lib.hash_data_files(
            None if dataset.source == "keras.datasets" else dataset.source
        ),
        "validation_accuracy": val["accuracy"],
        "test_accuracy": test["accuracy"],
        "test_images": min(n, len(dataset.y_test)),
        "per_class": test["per_class"],
        "confusion_matrix": test["confusion_matrix"],
        "history": result.history,
    }


def save_atomic(model: keras.Model, card: models.ModelCard, folder: str | Path) -> Path:
    """Write ``NAME.keras`` and ``NAME.json`` into ``folder``; return the model path.

    The card written records the model file's content hash (``model_sha256``). Each
    file is written to a hidden temp file in the same folder and moved into place
    with ``os.replace``, so an interrupted save never leaves a half-written model.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = card["name"]
    target = folder / f"{name}.keras"
    temp = folder / f".{name}.{os.getpid()}.tmp.keras"
    packed = folder / f".{name}.{os.getpid()}.tmp.zip"
    try:
        model.save(temp)
        _deflate_archive(temp, packed)
        card = {**card, "model_sha256": models.fingerprint(packed)}
        os.replace(packed, target)
    finally:
        temp.unlink(missing_ok=True)
        packed.unlink(missing_ok=True)
    write_json_atomic(folder / f"{name}.json", card)
    return target


def _deflate_archive(source: Path, target: Path) -> None:
    """Copy a ``.keras`` zip (Keras stores it uncompressed) with deflate.

    About 8% smaller; ``keras.saving.load_model`` reads it unchanged.
    """
    with (
        zipfile.ZipFile(source) as unpacked,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as packed,
    ):
        for member in unpacked.infolist():
            packed.writestr(member.filename, unpacked.read(member.filename))
    with open(target, "rb") as f:
        os.fsync(f.fileno())


def write_json_atomic(path: Path, payload: Mapping[str, Any]) -> None:
    """Write ``payload`` as indented JSON through a temp file and ``os.replace``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(payload, indent=1) + "\n")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
