"""The training lab's coordinator: one visitor training at a time per server process.

A visitor's training runs ``training.train`` (the function the CLI uses) in a
background thread of the server, watched by another: the page redraws its
progress every second. TensorFlow is loaded once and its memory shared, and each
batch is split into micro-batches (``LabSettings.micro_batch_size``, gradient
accumulation), so a run adds about 0.2-0.3 GB at its peak. So that the other
visitors' answers stay fast, the training starts no batch while one of them is
computed (``priority.VISITORS``). ``LabSettings.child_process``
(``FASHION_CNN_LAB_CHILD_PROCESS=1``) trains in a child process at the lowest CPU
priority instead: its memory goes back to the system when it ends, but it loads a
second TensorFlow (about 0.5 GB more while it trains; BENCHMARKS.md).

Design, in four rules:

* **One at a time, then in turn.** ``LabCoordinator.start`` takes a process-wide
  lock without waiting; when another training holds it, ``start`` returns ``False``
  (busy) and the visitor may ``enqueue`` their run instead: when a run ends, the
  first queued visitor still watching gets the lab (the lock is handed over, so
  nobody can jump the queue).
* **A fair size.** A run whose estimated training time (``estimate_seconds``, from
  the shipped model of the same recipe) is over ``LabSettings.max_run_seconds``
  (``FASHION_CNN_LAB_MAX_SECONDS``, default 3 min) is refused by the page with the
  reason; a run that still goes on for half as long again is cut there.
* **Stop within one batch.** ``stop`` sets a multiprocessing ``Event`` (shared
  with a child process) that ``training.train`` checks after every batch (and
  while it prepares drawings); a run that has not reported yet has trained
  nothing to keep, so it is reported stopped at once (a child is killed; a thread
  finishes its step while the lab already says "stopped", and the next run waits
  for it). The epoch a stop cuts short is validated on
  ``training.STOPPED_VALIDATION_IMAGES`` images, a stopped run is scored on
  ``STOPPED_TEST_IMAGES`` test images only, and a run that learned nothing
  (validation accuracy no better than twice chance) gives no model, with a
  message that says so.
* **Nothing runs unwatched.** The owner's page calls ``heartbeat`` on every
  redraw (about once a second). A watchdog thread stops a run whose owner has not
  been seen for ``LabSettings.heartbeat_timeout_seconds``: a closed tab, a lost
  connection or navigating to another page all end the training within seconds.

When training ends, the run scores the model with ``training.build_card`` and
sends it back as ``.keras`` bytes; the owner collects it with ``take_result``.
Visitors never write to ``assets/models/``; only ``save_as_default``, gated by
``LabSettings.allow_save_default`` (off unless the server's owner sets
``FASHION_CNN_ALLOW_SAVE_DEFAULT=1``), replaces the default model.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import multiprocessing.queues
import os
import queue
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
from fashion_cnn import derived, drawings, models, priority, training

LOG = logging.getLogger(__name__)

SAVE_DEFAULT_ENV = "FASHION_CNN_ALLOW_SAVE_DEFAULT"
HEARTBEAT_ENV = "FASHION_CNN_LAB_HEARTBEAT_SECONDS"
CHILD_PROCESS_ENV = "FASHION_CNN_LAB_CHILD_PROCESS"
SERVER_MB_ENV = "FASHION_CNN_LAB_SERVER_MB"
MAX_SECONDS_ENV = "FASHION_CNN_LAB_MAX_SECONDS"
FULL_TRAIN_SIZE = 55_000  # training images left after the 5,000-image validation split
EVALUATION_SECONDS = 5.0  # rough time to score validation + test sets afterwards
REPORTS_PER_EPOCH = 10
KEPT_RESULTS = 4  # finished models waiting for their owners to collect them
STOPPED_TEST_IMAGES = 2_000  # a stopped run is scored on this many test images
LEARNED_NOTHING_ACCURACY = 0.2  # validation accuracy at most twice chance (10%)
CUT_AFTER = 1.5  # a run is cut at this many times the server's limit
# A run asked to stop before its first progress report (still loading TensorFlow,
# drawing its training drawings or tracing its first step, perhaps starved of CPU)
# has nothing to keep, so it is reported stopped as soon as the stop is seen (no
# grace: Stop must answer at once, even on a busy CPU). A child process is killed;
# a thread of the server is left to finish its current step while the lab already
# reports the run as stopped, and its outcome is dropped unscored.
# The lab's follower looks at the stop event this often while no report comes.
FOLLOW_POLL_SECONDS = 0.1
# The lab waits this long for a stopped run's thread to finish its step before a
# new run may start (``start``), so that two trainings never overlap. A run stopped
# before its first batch runs no step at all (``training``), so it ends at once.
FINISHING_SECONDS = 15.0
FALLBACK_SECONDS_PER_IMAGE = 0.002  # per image and epoch, for a recipe never shipped

IDLE, TRAINING, EVALUATING = "idle", "training", "evaluating"
FINISHED, STOPPED, ABANDONED, FAILED = "finished", "stopped", "abandoned", "failed"
BUSY_STATES = (TRAINING, EVALUATING)


@dataclass(frozen=True)
class LabSettings:
    """Server-side settings of the training lab (never chosen by a visitor)."""

    allow_save_default: bool = False  # may the owner replace the default model?
    heartbeat_timeout_seconds: float = 30.0  # stop a run nobody has watched this long
    max_run_seconds: float = 180.0  # the longest run (estimated training time) allowed
    # Train in a child process (its memory goes back when it ends, but it loads a
    # second TensorFlow: about 0.5 GB more at its peak) instead of a thread of the
    # server that waits for the visitors' answers (``priority``).
    child_process: bool = False
    # TensorFlow keeps 10-75 MB of every training in the process for good (its
    # traced functions; tensorflow/tensorflow#61791, BENCHMARKS.md): once the
    # server's RSS is over this, runs go to a child process instead.
    server_memory_mb: float = 1000.0
    # Each batch is split into micro-batches of this many images (gradient
    # accumulation): as many updates, a smaller peak of memory.
    micro_batch_size: int = 32

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LabSettings:
        """Read ``FASHION_CNN_ALLOW_SAVE_DEFAULT=1``,
        ``FASHION_CNN_LAB_CHILD_PROCESS=1`` and, optionally, the server's memory
        for training in its process ``FASHION_CNN_LAB_SERVER_MB``, the heartbeat timeout
        ``FASHION_CNN_LAB_HEARTBEAT_SECONDS`` and the run limit
        ``FASHION_CNN_LAB_MAX_SECONDS`` from the environment."""
        env = os.environ if environ is None else environ
        return cls(
            allow_save_default=env.get(SAVE_DEFAULT_ENV, "").strip() == "1",
            child_process=env.get(CHILD_PROCESS_ENV, "").strip() == "1",
            server_memory_mb=_number_from(
                env, SERVER_MB_ENV, cls.server_memory_mb, minimum=0.0
            ),
            heartbeat_timeout_seconds=_number_from(
                env, HEARTBEAT_ENV, cls.heartbeat_timeout_seconds, minimum=2.0
            ),
            max_run_seconds=_number_from(
                env, MAX_SECONDS_ENV, cls.max_run_seconds, minimum=5.0
            ),
        )


def _number_from(
    env: Mapping[str, str], name: str, default: float, minimum: float
) -> float:
    """Return ``env[name]`` as a number (at least ``minimum``), else ``default``."""
    try:
        return max(minimum, float(env.get(name, default)))
    except ValueError:
        LOG.warning("ignoring %s: not a number", name)
        return default


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
    estimate_seconds: float = math.nan  # the run's estimated training time
    scoring_images: int = 0  # test images being scored (while evaluating)
    stopping: bool = False  # asked to stop; ends after the current batch
    queue: tuple[str, ...] = ()  # owners waiting for their turn, first first
    queue_seconds: tuple[float, ...] = ()  # their runs' estimated seconds

    @property
    def busy(self) -> bool:
        return self.state in BUSY_STATES

    def seconds_left(self) -> int | None:
        """Rough seconds until the lab is free again; ``None`` while unknown."""
        if self.state == EVALUATING:
            return int(EVALUATION_SECONDS)
        if not self.busy:
            return None
        eta = self.eta_seconds
        if math.isnan(eta):  # no report yet: the estimate, less the time spent
            eta = self.estimate_seconds - self.elapsed_seconds
        if math.isnan(eta):
            return None
        return int(math.ceil(max(0.0, eta) + EVALUATION_SECONDS))

    def queue_position(self, owner: str) -> int | None:
        """Return ``owner``'s 1-based place in the queue, or ``None``."""
        return self.queue.index(owner) + 1 if owner in self.queue else None

    def wait_seconds(self, owner: str) -> int | None:
        """Rough seconds until ``owner``'s turn (queued or about to queue)."""
        left = self.seconds_left()
        if left is None:
            return None
        ahead = self.queue_position(owner)
        ahead = len(self.queue) if ahead is None else ahead - 1
        extra = sum(s + EVALUATION_SECONDS for s in self.queue_seconds[:ahead])
        return int(math.ceil(left + extra))


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


def seconds_per_image(recipe: str, folder: str | Path = models.ASSETS_DIR) -> float:
    """Return the training seconds per image and epoch of ``recipe``, read from the
    card of the shipped model of that name (``FALLBACK_SECONDS_PER_IMAGE`` when
    there is none). The card's CPU may differ from this server's."""
    try:
        card = models.load_card(recipe, folder)
        images_epochs = card["train_images"] * max(1, card.get("epochs_run", 1))
        return float(card["train_seconds"]) / images_epochs
    except (OSError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return FALLBACK_SECONDS_PER_IMAGE


def estimate_seconds(config: training.TrainConfig) -> float:
    """Return the rough training seconds of ``config`` (the drawings it prepares
    first included), from the shipped models' cards."""
    recipe = models.get_recipe(config.recipe)
    images = train_size_of(config)
    epochs = config.epochs or recipe.epochs
    seconds = epochs * images * seconds_per_image(config.recipe)
    if config.augment and recipe.augmentation.drawings > 0:
        seconds += images * training.DRAWINGS_PER_IMAGE * drawings.SECONDS_PER_REDRAW
    return seconds


def largest_epochs_within(config: training.TrainConfig, limit_seconds: float) -> int:
    """Return the most epochs (0 when none) of ``config`` that fit the limit."""
    per_epoch = estimate_seconds(_replace(config, epochs=1, augment=False))
    drawing = estimate_seconds(_replace(config, epochs=1)) - per_epoch
    return max(0, int((limit_seconds - drawing) // max(per_epoch, 1e-9)))


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


@dataclass
class _Queued:
    """A visitor waiting for the lab, with the run they asked for."""

    owner: str
    config: training.TrainConfig
    dataset: data_lib.Dataset
    settings: LabSettings
    last_seen: float

    def watching(self, now: float) -> bool:
        """Has the visitor's page sent a heartbeat recently enough at ``now``?"""
        return now - self.last_seen <= self.settings.heartbeat_timeout_seconds


class LabCoordinator:
    """Runs at most one training at a time, queues the others, and reports on it
    thread-safely."""

    def __init__(self) -> None:
        self._training_lock = threading.Lock()  # held for the whole run
        self._mutex = threading.Lock()  # guards every field below
        self._snapshot = Snapshot()
        # The stop signal is shared with the training's child process.
        self._stop = multiprocessing.get_context("spawn").Event()
        self._done = threading.Event()
        self._ended = threading.Event()  # the run's end is in the snapshot
        self._abandoned = False
        self._cut = False
        self._last_seen = 0.0
        self._results: dict[str, LabResult] = {}
        self._threads: list[threading.Thread] = []
        self._queue: list[_Queued] = []
        self._notes: dict[str, str] = {}  # how each owner's last run ended

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

        Returns ``False`` without waiting when another training is running (or a
        queued visitor is about to get the lab).
        """
        models.get_recipe(config.recipe)  # KeyError for an unknown recipe, up front
        # A run already reported as stopped may still be finishing its step.
        finishing = not self.snapshot().busy
        if not self._training_lock.acquire(timeout=FINISHING_SECONDS * finishing):
            return False
        try:
            self._launch(config, dataset, owner, settings)
        except BaseException:
            self._training_lock.release()
            raise
        return True

    def enqueue(
        self,
        config: training.TrainConfig,
        dataset: data_lib.Dataset,
        owner: str,
        settings: LabSettings,
    ) -> int:
        """Queue ``owner``'s run (replacing an earlier one); return their place.

        The run starts by itself when the runs ahead have ended, provided its
        owner's page still sends heartbeats. If the lab is free it starts now (0).
        """
        if self.start(config, dataset, owner, settings):  # also checks the recipe
            return 0
        with self._mutex:
            self._queue = [q for q in self._queue if q.owner != owner]
            self._queue.append(
                _Queued(owner, config, dataset, settings, time.monotonic())
            )
            self._publish_queue()
            position = len(self._queue)
        self._hand_over_if_idle()  # the run ahead may have ended meanwhile
        return position

    def leave_queue(self, owner: str) -> None:
        """Take ``owner`` out of the queue (nothing happens if they are not in it)."""
        with self._mutex:
            self._queue = [q for q in self._queue if q.owner != owner]
            self._publish_queue()

    def heartbeat(self, owner: str) -> None:
        """Tell the lab that ``owner`` is still watching their training or place."""
        now = time.monotonic()
        with self._mutex:
            if self._snapshot.owner == owner:
                self._last_seen = now
            for queued in self._queue:
                if queued.owner == owner:
                    queued.last_seen = now
        self._hand_over_if_idle()

    def stop(self, owner: str) -> bool:
        """Ask ``owner``'s running training to stop after the current batch."""
        with self._mutex:
            if self._snapshot.owner != owner or self._snapshot.state != TRAINING:
                return False
            self._stop.set()
            self._snapshot = _replace(self._snapshot, stopping=True)
            return True

    def wait_ended(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until the current run's end is in the
        snapshot (its thread may still finish a step); ``True`` if it is."""
        with self._mutex:
            ended = self._ended
        return ended.wait(timeout)

    def note_for(self, owner: str) -> str:
        """Return the sentence on how ``owner``'s last run ended ("" if none)."""
        with self._mutex:
            return self._notes.get(owner, "")

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

    def _launch(
        self,
        config: training.TrainConfig,
        dataset: data_lib.Dataset,
        owner: str,
        settings: LabSettings,
    ) -> None:
        """Set up and start ``owner``'s run; the caller holds the training lock."""
        recipe = models.get_recipe(config.recipe)
        batch_size = config.batch_size or recipe.batch_size
        micro, _ = training.micro_batching(batch_size, settings.micro_batch_size)
        steps = math.ceil(train_size_of(config) / micro)  # as ``training`` counts
        with self._mutex:
            self._stop = multiprocessing.get_context("spawn").Event()
            self._done = threading.Event()
            self._ended = threading.Event()
            self._abandoned = self._cut = False
            self._last_seen = time.monotonic()
            self._results.pop(owner, None)
            self._notes.pop(owner, None)
            self._queue = [q for q in self._queue if q.owner != owner]
            self._snapshot = Snapshot(
                state=TRAINING,
                owner=owner,
                config=config,
                epochs=config.epochs or recipe.epochs,
                steps=steps,
                estimate_seconds=estimate_seconds(config),
            )
            self._publish_queue()
            self._threads = [
                threading.Thread(
                    target=self._run,
                    args=(
                        config,
                        dataset,
                        max(1, steps // REPORTS_PER_EPOCH),
                        settings,
                    ),
                    name="lab-training",
                    daemon=True,
                ),
                threading.Thread(
                    target=self._watch,
                    args=(settings, self._done),
                    name="lab-watchdog",
                    daemon=True,
                ),
            ]
        for thread in self._threads:
            thread.start()

    def _publish_queue(self) -> None:
        """Copy the queue into the snapshot; the caller holds the mutex."""
        self._snapshot = _replace(
            self._snapshot,
            queue=tuple(q.owner for q in self._queue),
            queue_seconds=tuple(estimate_seconds(q.config) for q in self._queue),
        )

    def _next_in_queue(self) -> _Queued | None:
        """Pop the first queued visitor still watching; the caller holds the mutex."""
        now = time.monotonic()
        while self._queue:
            queued = self._queue.pop(0)
            if queued.watching(now):
                return queued
        return None

    def _finish(self) -> None:
        """End a run: hand the lab to the next queued visitor, or free it."""
        with self._mutex:
            queued = self._next_in_queue()
            self._publish_queue()
        if queued is None:
            self._training_lock.release()
            return
        try:
            self._launch(queued.config, queued.dataset, queued.owner, queued.settings)
        except Exception:
            LOG.exception("lab: the queued run could not start")
            self._training_lock.release()

    def _hand_over_if_idle(self) -> None:
        """Start the first queued run if the lab is free (a visitor queued just as
        the previous run ended)."""
        with self._mutex:
            if not self._queue:
                return
        if self._training_lock.acquire(blocking=False):
            self._finish()

    def _update(self, **changes) -> None:
        with self._mutex:
            self._snapshot = _replace(self._snapshot, **changes)

    def _end(self, state: str, message: str) -> None:
        """Record how the run ended, for the snapshot and for its owner."""
        with self._mutex:
            self._snapshot = _replace(self._snapshot, state=state, message=message)
            self._notes[self._snapshot.owner or ""] = message
            self._ended.set()
            _keep_newest(self._notes)

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

    def _watch(self, settings: LabSettings, done: threading.Event) -> None:
        """Stop the run when its owner has not sent a heartbeat for a while, or
        when it has run ``CUT_AFTER`` times the server's limit; drop queued
        visitors who left."""
        started = time.monotonic()
        while not done.wait(0.5):
            with self._mutex:
                now = time.monotonic()
                unseen = now - self._last_seen
                if self._stop.is_set():
                    pass
                elif unseen > settings.heartbeat_timeout_seconds:
                    LOG.info("lab: owner gone for %.0f s, stopping the run", unseen)
                    self._abandoned = True
                    self._stop.set()
                elif now - started > CUT_AFTER * settings.max_run_seconds:
                    LOG.info("lab: run over the server's limit, cutting it")
                    self._cut = True
                    self._stop.set()
                live = [q for q in self._queue if q.watching(now)]
                if len(live) != len(self._queue):
                    self._queue = live
                    self._publish_queue()

    def _run(
        self,
        config: training.TrainConfig,
        dataset,
        every: int,
        settings: LabSettings,
    ) -> None:
        """Train ``config`` (``_train_apart``) in a thread of the server that waits
        for the visitors' answers before each batch, or, with
        ``settings.child_process`` or once the server's RSS is over
        ``settings.server_memory_mb``, in a child process at the lowest CPU
        priority whose memory goes back to the system when it ends."""
        config = _replace(config, micro_batch_size=settings.micro_batch_size)
        with self._mutex:
            stop = self._stop
        in_child = settings.child_process or server_rss_mb() > settings.server_memory_mb
        settled = threading.Event()  # the lab no longer waits for the run's outcome
        outbox: queue.Queue | multiprocessing.queues.Queue
        child: threading.Thread | multiprocessing.process.BaseProcess
        inbox, sender = None, None
        if in_child:
            context = multiprocessing.get_context("spawn")  # no fork of TF's threads
            # The child's glibc reads this at its start: two malloc arenas, not one
            # per TensorFlow thread (the server's own is set by whoever starts it).
            os.environ.setdefault("MALLOC_ARENA_MAX", "2")
            outbox = context.Queue()
            # The dataset (55 MB) goes to the child through a pipe of its own,
            # written by a thread. Passed as an argument, it made ``start`` wait
            # until the child had imported TensorFlow and read it all (4 s on a
            # busy 2-core server), and no Stop was seen meanwhile.
            inbox, feed = context.Pipe(duplex=False)
            child = context.Process(
                target=_train_in_child,
                args=(config, inbox, every, stop, outbox),
                name="lab-trainer",
                daemon=True,
            )
            sender = threading.Thread(
                target=_send_dataset,
                args=(feed, dataset),
                name="lab-sender",
                daemon=True,
            )
        else:
            outbox = queue.Queue()
            child = threading.Thread(
                target=_train_apart,
                args=(config, dataset, every, stop, outbox, True, settled),
                name="lab-trainer",
                daemon=True,
            )
        try:
            child.start()
            if inbox is not None and sender is not None:
                inbox.close()  # the child has its own: killed, its pipe breaks
                sender.start()
            outcome = self._follow(child, outbox, stop)
            settled.set()  # a thread still running (stopped early) scores nothing
            with self._mutex:
                abandoned, cut = self._abandoned, self._cut
            if abandoned:
                self._end(ABANDONED, _ABANDONED)
            elif outcome is None or outcome["failed"]:
                self._end(FAILED, _FAILED)
            elif not outcome["history"]:
                self._end(STOPPED, _CUT_EMPTY if cut else _STOPPED_EMPTY)
            elif outcome["card"] is None:  # it learned nothing
                message = _LEARNED_NOTHING
                if outcome["stopped"]:
                    message = _CUT_NOTHING if cut else _STOPPED_NOTHING
                self._end(STOPPED, message.format(outcome["best"]))
            else:
                self._keep(outcome["card"], outcome["keras_bytes"])
                if outcome["stopped"]:
                    self._end(STOPPED, _CUT_KEPT if cut else _STOPPED_KEPT)
                else:
                    self._end(FINISHED, "")
        except Exception:  # a visitor's run must never take the server down
            LOG.exception("lab: training failed")
            self._end(FAILED, _FAILED)
        finally:
            # The run is already reported as ended; a thread left to finish its
            # step holds the lab (``start`` waits for it) until it has.
            child.join(timeout=60)
            if isinstance(child, multiprocessing.process.BaseProcess) and (
                child.is_alive()
            ):
                child.kill()
            if sender is not None and sender.is_alive():
                sender.join(timeout=60)  # ends once the child has read or died
            if isinstance(outbox, multiprocessing.queues.Queue):
                outbox.close()
            self._done.set()
            self._finish()

    def _follow(self, child, outbox, stop) -> dict | None:
        """Relay the child's progress reports; return its outcome (None if it died).

        A stop asked before the first progress report ends the run as soon as it
        is seen here (within ``FOLLOW_POLL_SECONDS``): it has trained nothing, so
        nothing is lost, and the run may not see the stop itself for a while
        (loading TensorFlow, tracing its first step, waiting for the visitors'
        answers or starved of CPU). A child process is killed; a thread is left to
        end its current step (the caller waits for it before the lab takes
        another run).
        """
        killable = isinstance(child, multiprocessing.process.BaseProcess)
        trained = False
        while True:
            try:
                message = outbox.get(timeout=FOLLOW_POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    try:  # it may have put its outcome just before it ended
                        message = outbox.get(timeout=0.5)
                    except queue.Empty:
                        LOG.error("lab: the training ended with no outcome")
                        return None
                    if isinstance(message, dict) and "history" in message:
                        return message
                    continue
                if not trained and stop.is_set():
                    if killable:
                        child.kill()
                    return {"failed": False, "history": [], "stopped": True}
                continue
            if isinstance(message, training.Progress):
                trained = True
                self._on_progress(message)
            elif message.get("scoring"):
                self._update(
                    state=EVALUATING,
                    eta_seconds=EVALUATION_SECONDS,
                    scoring_images=message["scoring"],
                )
            else:
                return message

    def _keep(self, card: models.ModelCard, keras_bytes: bytes) -> None:
        """Store the owner's finished model until their page collects it."""
        finished = LabResult(
            model=model_from_bytes(keras_bytes),
            card=card,
            keras_bytes=keras_bytes,
            curve=self.snapshot().curve,
        )
        with self._mutex:
            self._results[self._snapshot.owner or ""] = finished
            _keep_newest(self._results)


def _keep_newest(entries: dict) -> None:
    """Drop the oldest entries of a per-owner dict beyond ``KEPT_RESULTS``."""
    while len(entries) > KEPT_RESULTS:
        entries.pop(next(iter(entries)))


def _send_dataset(feed, dataset: data_lib.Dataset) -> None:
    """Write ``dataset`` to a lab child's pipe, then close it (in a thread of the
    server: it waits until the child reads); a child that ended first is no error."""
    try:
        feed.send(dataset)
    except OSError:  # the run was stopped (its child killed) before it read
        pass
    finally:
        feed.close()


def _train_in_child(config: training.TrainConfig, inbox, every: int, stop, outbox):
    """A child process's run: read the dataset from ``inbox`` (``_send_dataset``),
    then ``_train_apart``."""
    with inbox:
        dataset = inbox.recv()
    _train_apart(config, dataset, every, stop, outbox)


def _train_apart(
    config: training.TrainConfig,
    dataset: data_lib.Dataset,
    every: int,
    stop,
    outbox,
    in_server: bool = False,
    settled: threading.Event | None = None,
) -> None:
    """The lab's training: train ``config`` and put on ``outbox`` each
    ``training.Progress``, then ``{"scoring": images}`` while it scores, and last
    the outcome: ``history``, ``stopped``, ``best`` validation accuracy, and the
    ``card`` and ``keras_bytes`` of a model that learned something (else None).

    In a child process it runs at nice 19; ``in_server`` (a thread of the server)
    it waits for the visitors' answers before every batch instead
    (``priority.VISITORS.wait_turn``). A thread whose run the lab has already
    reported as ended (``settled``: stopped before its first report) scores
    nothing; it ends as soon as it can.
    """
    outcome: dict = {"failed": True, "history": [], "stopped": False, "best": 0.0}
    outcome.update(card=None, keras_bytes=None)
    try:
        if not in_server:
            os.nice(19)  # the server's visitors first
        result = training.train(
            config,
            dataset,
            on_progress=outbox.put,
            stop_event=stop,
            report_every_steps=every,
            wait_turn=priority.VISITORS.wait_turn if in_server else None,
        )
        best = max((e.get("val_accuracy", 0.0) for e in result.history), default=0)
        outcome.update(
            failed=False,
            history=result.history,
            stopped=result.stopped_early,
            best=best,
        )
        wanted = settled is None or not settled.is_set()
        if wanted and result.history and best > LEARNED_NOTHING_ACCURACY:
            images = STOPPED_TEST_IMAGES if result.stopped_early else None
            outbox.put({"scoring": images or len(dataset.y_test)})
            card = training.build_card(result, dataset, test_images=images)
            card["title"] = f"Your {result.recipe.title}"
            card["trained_in_lab"] = True
            outcome.update(card=card, keras_bytes=model_to_bytes(result.model))
    except Exception:  # reported to the server as a failed run
        LOG.exception("lab: training failed")
    outbox.put(outcome)


def server_rss_mb() -> float:
    """Return this process's resident memory in MB (0.0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def model_from_bytes(keras_bytes: bytes) -> keras.Model:
    """Return the model in ``.keras`` file bytes (as ``model_to_bytes`` makes)."""
    with tempfile.TemporaryDirectory(prefix="fashion-cnn-lab-") as folder:
        path = Path(folder) / "model.keras"
        path.write_bytes(keras_bytes)
        return models.load(path)


_ABANDONED = "The training was stopped because its page was closed or left."
_STOPPED_EMPTY = "Stopped before the network learned anything, so there is no model."
_CUT_EMPTY = (
    "Cut at this server's limit on the length of a run (so that every visitor gets "
    "a turn) before the network had trained, so there is no model."
)
_CUT_NOTHING = (
    "Cut at this server's limit on the length of a run (so that every visitor gets "
    "a turn) before the network learned anything: it was right on {:.0%} of the "
    "validation images, no better than guessing (10%). There is no model to keep."
)
_STOPPED_NOTHING = (
    "Stopped before the network learned anything: it was right on {:.0%} of the "
    "validation images, no better than guessing (10%). There is no model to keep."
)
_LEARNED_NOTHING = (
    "The network learned nothing: it was right on {:.0%} of the validation images, "
    "no better than guessing (10%). A smaller learning rate usually helps. There is "
    "no model to keep."
)
_CUT_KEPT = (
    "Cut at this server's limit on the length of a run (so that every visitor "
    "gets a turn). You get the best version seen so far."
)
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
