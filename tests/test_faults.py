"""Fault tests with real processes: a killed save, broken model files, cache clears.

- ``kill -9`` of a process in the middle of ``training.save_atomic`` leaves the
  previous model loadable and its half-written temp file is never listed as a model.
- A corrupt, truncated or missing model file gives a clear error from
  ``models.load``, and the app (a real ``streamlit run`` of a copy of the project in
  Chromium) shows a friendly message and starts training instead of a traceback.
- Clearing the model cache while other threads predict causes no errors.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import streamlit as st

from fashion_cnn import data, models, training

ROOT = Path(__file__).resolve().parent.parent

CHILD_SAVE = textwrap.dedent(
    """
    import sys
    import keras
    from fashion_cnn import models, training

    keras.utils.set_random_seed(7)
    model = models.get_recipe("ann").build()
    training.save_atomic(model, {"name": "ann", "version": "new"}, sys.argv[1])
    """
)


def _save_previous(folder: Path) -> np.ndarray:
    """Save a real ``ann`` model (seed 1) into ``folder``; return its probabilities."""
    import keras

    keras.utils.set_random_seed(1)
    model = models.get_recipe("ann").build()
    training.save_atomic(model, {"name": "ann", "version": "previous"}, folder)
    return models.predict_probabilities(model, _probe_batch())


def _probe_batch() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.random((4, *models.INPUT_SHAPE), dtype=np.float32)


def _kill_child_mid_save(folder: Path, previous_bytes: bytes) -> Path | None:
    """Start a child that saves a new ``ann`` model; SIGKILL it while the temp file
    exists and the target is still the previous model. Return the temp file, or
    None when the save finished before it could be caught."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SAVE, str(folder)],
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    temp = folder / f".ann.{child.pid}.tmp.keras"
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline and child.poll() is None:
            if temp.exists():
                os.kill(child.pid, signal.SIGSTOP)
                target = (folder / "ann.keras").read_bytes()
                if temp.exists() and target == previous_bytes:
                    os.kill(child.pid, signal.SIGKILL)
                    child.wait(timeout=30)
                    return temp
                os.kill(child.pid, signal.SIGCONT)
                break
            time.sleep(0.0005)
        return None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)


def test_kill_during_save_leaves_previous_model_loadable(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    previous_probs = _save_previous(folder)
    previous_bytes = (folder / "ann.keras").read_bytes()
    previous_card = models.load_card("ann", folder)

    temp = None
    for _ in range(5):
        temp = _kill_child_mid_save(folder, previous_bytes)
        if temp is not None:
            break
        # The save completed before it was caught: put the previous model back.
        previous_probs = _save_previous(folder)
        previous_bytes = (folder / "ann.keras").read_bytes()
    assert temp is not None, "could not kill the child in the middle of a save"

    assert temp.exists(), "the killed save should have left its partial temp file"
    assert models.list_models(folder) == ["ann"]
    reloaded = models.load(folder / "ann.keras")
    np.testing.assert_allclose(
        models.predict_probabilities(reloaded, _probe_batch()),
        previous_probs,
        atol=1e-6,
    )
    assert models.load_card("ann", folder) == previous_card


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty"],
)
def test_damaged_model_file_raises_readable_error(tmp_path: Path, damage: str) -> None:
    _save_previous(tmp_path)
    path = tmp_path / "ann.keras"
    content = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a keras archive\n" * 100)
    elif damage == "truncated":
        path.write_bytes(content[: len(content) // 2])
    else:
        path.write_bytes(b"")
    with pytest.raises(ValueError) as excinfo:
        models.load(path)
    message = str(excinfo.value)
    assert str(path) in message
    assert "could not be loaded" in message


def test_missing_model_file_raises_readable_error(tmp_path: Path) -> None:
    path = tmp_path / "studio.keras"
    with pytest.raises(FileNotFoundError, match="model file not found") as excinfo:
        models.load(path)
    assert str(path) in str(excinfo.value)


def _copy_project(destination: Path) -> Path:
    """Copy the app's code (not the models) into ``destination``; return its models
    folder, which is where the copy's ``models.ASSETS_DIR`` points."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("fashion_cnn", "ui", "pages", ".streamlit"):
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    shutil.copy2(ROOT / "app.py", destination / "app.py")
    assets = destination / "assets" / "models"
    assets.mkdir(parents=True)
    return assets


@pytest.mark.parametrize("fault", ["missing", "corrupt"])
def test_app_with_broken_model_explains_and_trains(
    tmp_path: Path, fault: str, browser
) -> None:
    from tests.e2e.conftest import DESKTOP, free_port, start_streamlit

    project = tmp_path / "project"
    assets = _copy_project(project)
    if fault == "corrupt":
        (assets / "studio.keras").write_bytes(b"PK\x03\x04 truncated archive")
        shutil.copy2(models.ASSETS_DIR / "studio.json", assets / "studio.json")
    port = free_port()
    log = tmp_path / "server.log"
    server = start_streamlit(
        port, env={"PYTHONPATH": str(project)}, log_path=log, cwd=project
    )
    try:
        context = browser.new_context(viewport=DESKTOP)
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/predict", timeout=300_000)
            page.get_by_text("could not be loaded").first.wait_for(timeout=300_000)
            page.get_by_text("Training the default model").first.wait_for(
                timeout=300_000
            )
            warning = page.locator(
                '[data-testid="stAlert"]', has_text="could not be loaded"
            ).first.inner_text()
            assert "Training a fresh one" in warning
            assert page.locator('[data-testid="stException"]').count() == 0
            assert "Traceback" not in page.content()
        finally:
            context.close()
    finally:
        server.kill()
        server.wait(timeout=60)


def test_cache_clear_while_predicting_causes_no_errors(studio_model) -> None:
    from ui import cache

    batch = data.to_model_input(np.zeros((2, 28, 28), dtype=np.uint8) + 128)
    expected = models.predict_probabilities(studio_model, batch)
    errors: list[str] = []
    predictions = [0]
    clears = [0]
    stop = threading.Event()

    def predict() -> None:
        while not stop.is_set():
            try:
                probs = models.predict_probabilities(cache.get_model(), batch)
                np.testing.assert_allclose(probs, expected, atol=1e-5)
                predictions[0] += 1
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                errors.append(repr(exc))

    def clear() -> None:
        while not stop.is_set():
            st.cache_resource.clear()
            clears[0] += 1
            time.sleep(0.3)

    threads = [threading.Thread(target=predict) for _ in range(4)]
    threads.append(threading.Thread(target=clear))
    for thread in threads:
        thread.start()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert clears[0] >= 3
    assert predictions[0] >= 4
