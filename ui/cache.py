"""Caching wrappers around package functions (the only place pages get models/data).

Models are process-wide resources (``st.cache_resource``); arrays derived from them
are cached per argument with ``st.cache_data``. A model file's content hash
(``models.fingerprint``) is part of every key, so a replaced model is picked up
without restarting the server and never served its predecessor's derived data.
"""

from __future__ import annotations

import threading
from pathlib import Path

import keras
import numpy as np
import streamlit as st

from fashion_cnn import (
    data,
    derived,
    drawings,
    embedding,
    models,
    preprocessing,
    scores,
    training,
    uncertainty,
)


@st.cache_resource(show_spinner="Loading Fashion-MNIST…")
def load_dataset() -> data.Dataset:
    """Return the 70,000 images, one read-only copy shared by every session.

    ``st.cache_data`` would unpickle a fresh 55 MB copy on every call (several per
    script run, so every confusion click), which the server's heap then holds on to.
    """
    dataset = data.load_dataset()
    for array in (dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test):
        array.flags.writeable = False
    return dataset


# An upload's preparation depends only on its bytes: a rerun with the same files (a
# second file added, the camera retaken) does not run GrabCut on them again. Files
# that raise preprocessing.ImageError are not cached.
prepare_upload = st.cache_data(max_entries=32, show_spinner=False)(
    preprocessing.prepare_upload
)


@st.cache_data(show_spinner=False, max_entries=16)
def example_drawings(
    images: np.ndarray, labels: np.ndarray, seed: int = 0
) -> np.ndarray:
    """Return (N, 28, 28) uint8 outline versions of (N, 28, 28) uint8 items of
    classes (N,) ``labels``, posed as the training posed them."""
    return drawings.redraw_many(images, seed, labels=labels)


@st.cache_resource(show_spinner="Loading the model…", max_entries=8)
def _load_model(path: str, sha256: str) -> keras.Model:
    return models.load(path)


@st.cache_data(show_spinner=False, max_entries=16)
def _load_card(name: str, mtime: float) -> models.ModelCard:
    return models.load_card(name)


@st.cache_data(show_spinner=False, max_entries=32)
def _fingerprint(path: str, mtime_ns: int, size: int) -> str:
    return models.fingerprint(path)


@st.cache_resource(show_spinner=False, max_entries=4)
def _calibration(path: str, sha256: str, mtime: float):
    return uncertainty.load_calibration_for(path)


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


def fingerprint(name: str = models.DEFAULT_MODEL) -> str:
    """Return the content hash of a shipped model's file ("" when it is missing)."""
    path = models.model_path(name)
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _fingerprint(str(path), stat.st_mtime_ns, stat.st_size)


def get_calibration() -> uncertainty.Calibration | None:
    """Return the default model's "not sure" calibration, or None while it has none
    made for its current file (the verdict then uses the fallback rule)."""
    path = models.model_path()
    calibration_file = uncertainty.calibration_path(path)
    return _calibration(str(path), fingerprint(), _mtime(calibration_file))


def shipped_model_names() -> list[str]:
    """Return the names of the shipped models, the default first."""
    return models.list_models()


def get_model(name: str = models.DEFAULT_MODEL) -> keras.Model:
    """Return a shipped model, loaded once per process (warm-up call included).

    If the default model is missing or unreadable, train it with a progress bar,
    save it atomically and serve it: the app "trains or loads".
    """
    path = models.model_path(name)
    try:
        return _load_model(str(path), fingerprint(name))
    except (FileNotFoundError, ValueError) as exc:
        if name != models.DEFAULT_MODEL:
            raise
        st.warning(
            f"The shipped model could not be loaded ({exc}). Training a fresh one "
            "now; this happens once per server and takes a while."
        )
        train_default_model()
        return _load_model(str(path), fingerprint(name))


_TRAIN_LOCK = threading.Lock()


def train_default_model() -> None:
    """Train the default recipe with a progress bar and save it into assets/models/.

    One training per process: a visitor who arrives meanwhile waits for it and is
    then served the freshly saved model instead of training a second copy.
    """
    if not _TRAIN_LOCK.acquire(blocking=False):
        with st.spinner("Another visitor started this training; waiting for it…"):
            _TRAIN_LOCK.acquire()
    try:
        models.load(models.model_path())  # trained while this visitor waited?
    except (FileNotFoundError, ValueError):
        _train_and_save_default()
    finally:
        _TRAIN_LOCK.release()


def _train_and_save_default() -> None:
    bar = st.progress(0.0, text="Training the default model…")

    def show(progress: training.Progress) -> None:
        bar.progress(
            progress.fraction,
            text=f"Training the default model: epoch {progress.epoch}/"
            f"{progress.epochs}, about {progress.eta_seconds / 60:.0f} min left",
        )

    dataset = load_dataset()
    config = training.TrainConfig(recipe=models.DEFAULT_MODEL)
    result = training.train(config, dataset, on_progress=show)
    card = training.build_card(result, dataset)
    bar.progress(1.0, text="Calibrating “not sure” and scoring the test images…")
    path = training.save_atomic(result.model, card, models.ASSETS_DIR)
    derived.refresh(result.model, path, dataset)
    bar.empty()


def get_card(name: str = models.DEFAULT_MODEL) -> models.ModelCard:
    """Return the shipped model's card (accuracy, history, confusion matrix…)."""
    return _load_card(name, _mtime(models.ASSETS_DIR / f"{name}.json"))


@st.cache_resource(show_spinner=False, max_entries=8)
def _scores(path: str, sha256: str, mtime: float) -> np.ndarray | None:
    return scores.load_scores_for(path)


def get_test_scores(name: str = models.DEFAULT_MODEL) -> np.ndarray | None:
    """Return a shipped model's stored (10000, 10) float32 test probabilities, or
    None when its scores file is missing or was made for another model file."""
    path = models.model_path(name)
    return _scores(str(path), fingerprint(name), _mtime(scores.scores_path(path)))


@st.cache_resource(show_spinner="Loading the map…", max_entries=2)
def _example_map(
    path: str, sha256: str, mtime: float
) -> embedding.ExampleMap | embedding.StaleMapError:
    try:
        return embedding.load_map_for(path)
    except embedding.StaleMapError as exc:
        return exc


def get_map() -> embedding.ExampleMap:
    """Return the default model's explain-by-example map (loaded once per process).

    Raises embedding.StaleMapError (with a readable reason) when there is no map
    made for the current default model file.
    """
    path = models.model_path()
    found = _example_map(str(path), fingerprint(), _mtime(embedding.map_path(path)))
    if isinstance(found, embedding.StaleMapError):
        raise found
    return found
