"""The training lab's coordinator: one visitor training at a time per server process.

A visitor's training runs ``training.train`` (the function the CLI uses) in a
background thread, so the page can redraw its progress every second and a second
visitor can be told "busy, try again in about N s" instead of waiting blindly.

Design, in three rules:

* **One at a time.** ``LabCoordinator.start`` takes a process-wide lock without
  waiting; when another training holds it, ``start`` returns ``False`` (busy).
* **Stop within one batch.** ``stop`` sets a ``threading.Event`` that
  ``training.train`` checks after every batch.
* **Nothing runs unwatched.** The owner's page calls ``heartbeat`` on every
  redraw (about once a second). A watchdog thread stops a run whose owner has not
  been seen for ``LabSettings.heartbeat_timeout_seconds``: a closed tab, a lost
  connection or navigating to another page all end the training within seconds.

When training ends, the model is scored on the test set with ``training.build_card``
and serialized to ``.keras`` bytes; the owner collects it with ``take_result``.
Visitors never write to ``assets/models/``; only ``save_as_default``, gated by
``LabSettings.allow_save_default`` (off unless the server's owner sets
``FASHION_CNN_ALLOW_SAVE_DEFAULT=1``), replaces the default model.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path

import keras
import numpy as np

from fashion_cnn import data as data_lib
from fashion_cnn import derived, models, training

LOG = logging.getLogger(__name__)

SAVE_DEFAULT_ENV = "FASHION_CNN_ALLOW_SAVE_DEFAULT"
HEARTBEAT_ENV = "FASHION_CNN_LAB_HEARTBEAT_SECONDS"
FULL_TRAIN_SIZE = 55_000  # training images left after the 5,000-image validation split
EVALUATION_SECONDS = 5.0  # rough time to score validation + test sets afterwards
REPORTS_PER_EPOCH = 10
KEPT_RESULTS = 4  # finished models waiting for their owners to collect them

IDLE, TRAINING, EVALUATING = "idle", "training", "evaluating"
FINISHED, STOPPED, ABANDONED, FAILED = "finished", "stopped", "abandoned", "failed"
BUSY_STATES = (TRAINING, EVALUATING)


@dataclass(frozen=True)
class LabSettings:
    """Server-side settings of the training lab (never chosen by a visitor)."""

    allow_save_default: bool = False  # may the owner replace the default model?
    heartbeat_timeout_seconds: float = 30.0  # stop a run nobody has watched this long

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LabSettings:
        """Read ``FASHION_CNN_ALLOW_SAVE_DEFAULT=1`` and, optionally, the heartbeat
        timeout ``FASHION_CNN_LAB_HEARTBEAT_SECONDS`` from the environment."""
        env = os.environ if environ is None else environ
        timeout = cls.heartbeat_timeout_seconds
        try:
            timeout = max(2.0, float(env.get(HEARTBEAT_ENV, timeout)))
        except ValueError:
            LOG.warning("ignoring %s: not a number", HEARTBEAT_ENV)
        return cls(
            allow_save_default=env.get(SAVE_DEFAULT_ENV, "").strip() == "1",
            heartbeat_timeout_seconds=timeout,
        )


@dataclass(frozen=True)
class Snapshot:
    """What the lab is doing right now; safe to read from any session.

    ``curve`` holds the running training loss/accuracy within epochs as
    ``{"epoch": float (e.g. 1.5 = half-way through epoch 2), "loss", "accuracy"}``;
    ``history`` holds one entry per finished epoch, validation metrics included.
    """

    state: str = IDLE
    owner: str | None = None
    config: training.TrainConfig | None = None
    epoch: int = 0
    epochs: int = 0
    step: int = 0
    steps: int = 0
    fraction: float = 0.0  # 0..1 of the training (evaluation not included)
    elapsed_seconds: float = 0.0
    eta_seconds: float = math.nan  # NaN until the first report
    history: tuple[dict[str, float], ...] = ()
    curve: tuple[dict[str, float], ...] = ()
    message: str = ""  # a plain sentence for the owner when a run did not finish

    @property
    def busy(self) -> bool:
        return self.state in BUSY_STATES

    def seconds_left(self) -> int | None:
        """Rough seconds until the lab is free again; ``None`` while unknown."""
        if self.state == EVALUATING:
            return int(EVALUATION_SECONDS)
        if not self.busy or math.isnan(self.eta_seconds):
            return None
        return int(math.ceil(self.eta_seconds + EVALUATION_SECONDS))


@dataclass(frozen=True)
class LabResult:
    """A visitor's finished model, its card (test metrics included) and its file."""

    model: keras.Model
    card: models.ModelCard
    keras_bytes: bytes  # the model as a ``.keras`` file
    curve: tuple[dict[str, float], ...] = field(default=())

    @property
    def name(self) -> str:
        return self.card["title"]


def train_size_of(config: training.TrainConfig) -> int:
    """Return how many training images ``config`` uses (55,000 at most)."""
    return min(config.train_size or FULL_TRAIN_SIZE, FULL_TRAIN_SIZE)


def model_to_bytes(model: keras.Model) -> bytes:
    """Return ``model`` saved as a ``.keras`` file (zip archive bytes)."""
    with tempfile.TemporaryDirectory(prefix="fashion-cnn-lab-") as folder:
        path = Path(folder) / "model.keras"
        model.save(path)
        return path.read_bytes()


def model_to_onnx_bytes(model: keras.Model) -> bytes:
    """Return ``model`` exported as an ONNX file (bytes)."""
    with tempfile.TemporaryDirectory(prefix="fashion-cnn-lab-") as folder:
        return models.export_onnx(model, Path(folder) / "model.onnx").read_bytes()


class LabCoordinator:
    """Runs at most one training at a time and reports on it thread-safely."""

    def __init__(self) -> None:
        self._training_lock = threading.Lock()  # held for the whole run
        self._mutex = threading.Lock()  # guards every field below
        self._snapshot = Snapshot()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._abandoned = False
        self._last_seen = 0.0
        self._results: dict[str, LabResult] = {}
        self._threads: list[threading.Thread] = []

    # -- what any session may call -------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self._mutex:
            return self._snapshot

    def start(
        self,
        config: training.TrainConfig,
        dataset: data_lib.Dataset,
        owner: str,
        settings: LabSettings,
    ) -> bool:
        """Start training ``config`` for ``owner`` in the background.

        Returns ``False`` without waiting when another training is running.
        """
        models.get_recipe(config.recipe)  # KeyError for an unknown recipe, up front
        if not self._training_lock.acquire(blocking=False):
            return False
        try:
            recipe = models.get_recipe(config.recipe)
            batch_size = config.batch_size or recipe.batch_size
            steps = math.ceil(train_size_of(config) / batch_size)
            with self._mutex:
                self._stop = threading.Event()
                self._done = threading.Event()
                self._abandoned = False
                self._last_seen = time.monotonic()
                self._results.pop(owner, None)
                self._snapshot = Snapshot(
                    state=TRAINING,
                    owner=owner,
                    config=config,
                    epochs=config.epochs or recipe.epochs,
                    steps=steps,
                )
                self._threads = [
                    threading.Thread(
                        target=self._run,
                        args=(config, dataset, max(1, steps // REPORTS_PER_EPOCH)),
                        name="lab-training",
                        daemon=True,
                    ),
                    threading.Thread(
                        target=self._watch,
                        args=(settings.heartbeat_timeout_seconds, self._done),
                        name="lab-watchdog",
                        daemon=True,
                    ),
                ]
            for thread in self._threads:
                thread.start()
        except BaseException:
            self._training_lock.release()
            raise
        return True

    def heartbeat(self, owner: str) -> None:
        """Tell the lab that ``owner`` is still watching their training."""
        with self._mutex:
            if self._snapshot.owner == owner:
                self._last_seen = time.monotonic()

    def stop(self, owner: str) -> bool:
        """Ask ``owner``'s running training to stop after the current batch."""
        with self._mutex:
            if self._snapshot.owner != owner or self._snapshot.state != TRAINING:
                return False
            self._stop.set()
            return True

    def take_result(self, owner: str) -> LabResult | None:
        """Return (once) the model that finished for ``owner``, else ``None``."""
        with self._mutex:
            return self._results.pop(owner, None)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the current run's threads have ended; ``True`` if they have."""
        with self._mutex:
            threads = list(self._threads)
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in threads:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(left)
        return not any(thread.is_alive() for thread in threads)

    # -- the background threads ----------------------------------------------------

    def _update(self, **changes) -> None:
        with self._mutex:
            self._snapshot = _replace(self._snapshot, **changes)

    def _on_progress(self, progress: training.Progress) -> None:
        point = {
            "epoch": (progress.epoch - 1) + progress.step / max(progress.steps, 1),
            "loss": float(progress.logs.get("loss", math.nan)),
            "accuracy": float(progress.logs.get("accuracy", math.nan)),
        }
        with self._mutex:
            self._snapshot = _replace(
                self._snapshot,
                epoch=progress.epoch,
                epochs=progress.epochs,
                step=progress.step,
                steps=progress.steps,
                fraction=progress.fraction,
                elapsed_seconds=progress.elapsed_seconds,
                eta_seconds=progress.eta_seconds,
                history=tuple(progress.history),
                curve=(*self._snapshot.curve, point),
            )

    def _watch(self, timeout: float, done: threading.Event) -> None:
        """Stop the run when its owner has not sent a heartbeat for ``timeout`` s."""
        while not done.wait(0.5):
            with self._mutex:
                unseen = time.monotonic() - self._last_seen
                if unseen > timeout and not self._stop.is_set():
                    LOG.info("lab: owner gone for %.0f s, stopping the run", unseen)
                    self._abandoned = True
                    self._stop.set()

    def _run(self, config: training.TrainConfig, dataset, every: int) -> None:
        try:
            result = training.train(
                config,
                dataset,
                on_progress=self._on_progress,
                stop_event=self._stop,
                report_every_steps=every,
            )
            with self._mutex:
                abandoned = self._abandoned
            if abandoned:
                self._update(state=ABANDONED, message=_ABANDONED)
                return
            if not result.history:
                self._update(state=STOPPED, message=_STOPPED_EMPTY)
                return
            self._update(state=EVALUATING, eta_seconds=EVALUATION_SECONDS)
            card = training.build_card(result, dataset)
            card["title"] = f"Your {result.recipe.title}"
            card["trained_in_lab"] = True
            finished = LabResult(
                model=result.model,
                card=card,
                keras_bytes=model_to_bytes(result.model),
                curve=self.snapshot().curve,
            )
            with self._mutex:
                owner = self._snapshot.owner or ""
                self._results[owner] = finished
                while len(self._results) > KEPT_RESULTS:
                    self._results.pop(next(iter(self._results)))
                self._snapshot = _replace(
                    self._snapshot,
                    state=STOPPED if result.stopped_early else FINISHED,
                    message=_STOPPED_KEPT if result.stopped_early else "",
                )
        except Exception:  # a visitor's run must never take the server down
            LOG.exception("lab: training failed")
            self._update(state=FAILED, message=_FAILED)
        finally:
            self._done.set()
            self._training_lock.release()


_ABANDONED = "The training was stopped because its page was closed or left."
_STOPPED_EMPTY = "Stopped before the network learned anything, so there is no model."
_STOPPED_KEPT = (
    "Stopped early. You get the best version seen so far (checked on the "
    "validation images at the end of each epoch, the interrupted one included)."
)
_FAILED = "Sorry, this training failed. Try smaller settings or try again later."

_COORDINATOR = LabCoordinator()


def coordinator() -> LabCoordinator:
    """Return the process-wide coordinator shared by every visitor's session."""
    return _COORDINATOR


def save_as_default(
    result: LabResult,
    settings: LabSettings,
    dataset: data_lib.Dataset,
    folder: str | Path = models.ASSETS_DIR,
) -> Path:
    """Save a lab model as the new default ``studio`` model; return its path.

    Only when ``settings.allow_save_default`` is true (the server owner's opt-in),
    else ``PermissionError``. The previous default is copied to ``folder/previous/``
    first; both files are written atomically (temp file + ``os.replace``); the saved
    file is reloaded and must predict like ``result.model`` (else ``ValueError``).
    The files derived from it (the "not sure" calibration, the test scores, the
    map when openTSNE is installed) are remade in the same step (until then the app
    refuses the old ones, whose model hash no longer matches). The
    caller must then clear its model cache so that every page picks it up.
    """
    if not settings.allow_save_default:
        raise PermissionError(
            f"saving as the default model is switched off (set {SAVE_DEFAULT_ENV}=1)"
        )
    folder = Path(folder)
    name = models.DEFAULT_MODEL
    backup = folder / "previous"
    for suffix in (".keras", ".json"):
        old = folder / f"{name}{suffix}"
        if old.is_file():
            backup.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            shutil.copy2(old, backup / f"{name}-{stamp}{suffix}")
    card: models.ModelCard = {**result.card, "name": name, "saved_from_lab": True}
    path = training.save_atomic(result.model, card, folder)
    probe = np.random.default_rng(0).integers(0, 256, (8, 28, 28), dtype=np.uint8)
    expected = models.predict_in_batches(result.model, probe)
    reloaded = models.predict_in_batches(models.load(path), probe)
    if not np.allclose(expected, reloaded, atol=1e-5):
        raise ValueError(f"{path} does not predict like the trained model")
    derived.refresh(result.model, path, dataset)
    return path
