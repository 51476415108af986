"""The training lab's coordinator: one run at a time, stop, heartbeat, results."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import threading
import time
import zipfile
from dataclasses import replace as _replace

import keras
import numpy as np
import pytest

from fashion_cnn import data, lab, models, priority, training, uncertainty

TINY = training.TrainConfig(recipe="cnn_3conv", epochs=1, train_size=500)
LONG = training.TrainConfig(recipe="cnn_bn_small", epochs=5, train_size=5000)
# This module's runs are not watched by a page (no heartbeats) except where a test
# says so; a slow, busy machine must not let the watchdog end them.
# The test process grows past the server's memory guard over a full run of the
# suite, so runs stay in this process (a thread) unless a test says otherwise.
SETTINGS = lab.LabSettings(heartbeat_timeout_seconds=3600, server_memory_mb=1e9)
CHILD = _replace(SETTINGS, child_process=True)  # the same run in a child process
WAIT_SECONDS = 600


def lab_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("lab-")]


def wait_until(condition, what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def tiny_run(dataset: data.Dataset) -> tuple[lab.LabCoordinator, lab.LabResult]:
    """One finished 500-image, 1-epoch run."""
    coordinator = lab.LabCoordinator()
    assert coordinator.start(TINY, dataset, "alice", SETTINGS)
    assert coordinator.wait(WAIT_SECONDS)
    result = coordinator.take_result("alice")
    assert result is not None, coordinator.snapshot().message
    return coordinator, result


def test_settings_are_off_by_default_and_read_from_the_environment():
    assert lab.LabSettings().allow_save_default is False
    assert lab.LabSettings.from_env({}).allow_save_default is False
    off = lab.LabSettings.from_env({lab.SAVE_DEFAULT_ENV: "0"})
    assert off.allow_save_default is False
    settings = lab.LabSettings.from_env(
        {lab.SAVE_DEFAULT_ENV: "1", lab.HEARTBEAT_ENV: "7"}
    )
    assert settings.allow_save_default is True
    assert settings.heartbeat_timeout_seconds == 7.0
    assert settings.child_process is False  # a thread of the server by default
    assert lab.LabSettings.from_env({lab.CHILD_PROCESS_ENV: "1"}).child_process
    assert lab.LabSettings.from_env({lab.SERVER_MB_ENV: "800"}).server_memory_mb == 800
    assert lab.LabSettings.from_env({lab.HEARTBEAT_ENV: "soon"}) == lab.LabSettings()
    assert lab.LabSettings.from_env({}).max_run_seconds == 180.0
    assert lab.LabSettings.from_env({lab.MAX_SECONDS_ENV: "600"}).max_run_seconds == 600
    assert lab.LabSettings.from_env({lab.MAX_SECONDS_ENV: "a lot"}) == lab.LabSettings()


def test_run_estimates_follow_the_shipped_cards_and_the_limit():
    small = training.TrainConfig(recipe="cnn_bn_small", epochs=3, train_size=10_000)
    card = models.load_card("cnn_bn_small")
    per_image = card["train_seconds"] / (card["train_images"] * card["epochs_run"])
    assert lab.estimate_seconds(small) == pytest.approx(3 * 10_000 * per_image)
    # The lab's default settings fit the default limit; the 78-minute
    # Studio run (all images, 20 epochs) does not.
    assert lab.estimate_seconds(small) < lab.LabSettings().max_run_seconds
    huge = training.TrainConfig(recipe="studio", epochs=20)
    assert lab.estimate_seconds(huge) > 5 * lab.LabSettings().max_run_seconds
    # Studio draws its training images first: that time is part of the estimate.
    plain = training.TrainConfig(recipe="studio", epochs=1, augment=False)
    drawn = training.TrainConfig(recipe="studio", epochs=1)
    assert lab.estimate_seconds(drawn) > lab.estimate_seconds(plain)
    # All 55,000 images: their drawings and one epoch alone are over 3 minutes.
    assert lab.largest_epochs_within(huge, 180) == 0
    some = training.TrainConfig(recipe="studio", epochs=20, train_size=20_000)
    fits = lab.largest_epochs_within(some, 180)
    assert 0 < fits < 20
    assert lab.estimate_seconds(_replace(some, epochs=fits)) <= 180
    assert lab.estimate_seconds(_replace(some, epochs=fits + 1)) > 180


def test_a_tiny_run_finishes_with_a_scored_model_and_no_thread_left(tiny_run):
    coordinator, result = tiny_run
    snap = coordinator.snapshot()
    assert snap.state == lab.FINISHED and not snap.busy and snap.owner == "alice"
    assert len(snap.history) == 1 and "val_accuracy" in snap.history[0]
    assert snap.curve and snap.curve[-1]["epoch"] == pytest.approx(1.0)
    card = result.card
    assert card["title"] == "Your 3 conv layers (TensorFlow tutorial)" == result.name
    assert card["train_images"] == 500 and card["epochs_run"] == 1
    assert 0.2 < card["test_accuracy"] <= 1.0  # better than 10% guessing
    assert len(card["per_class"]) == 10
    assert np.sum(card["confusion_matrix"]) == 10_000
    assert coordinator.take_result("alice") is None  # handed over once
    assert lab_threads() == []


def test_the_downloadable_bytes_load_and_predict(tiny_run, tmp_path, dataset):
    _, result = tiny_run
    assert zipfile.is_zipfile(io.BytesIO(result.keras_bytes))
    path = tmp_path / "my_model.keras"
    path.write_bytes(result.keras_bytes)
    loaded = keras.saving.load_model(path)
    images = dataset.x_test[:16]
    probabilities = models.predict_in_batches(loaded, images)
    assert probabilities.shape == (16, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)
    np.testing.assert_allclose(
        probabilities, models.predict_in_batches(result.model, images), atol=1e-5
    )


def test_only_one_of_many_concurrent_starts_trains(dataset):
    coordinator = lab.LabCoordinator()
    barrier = threading.Barrier(6)
    started: list[bool] = []

    def start(owner: str) -> None:
        barrier.wait()
        started.append(coordinator.start(LONG, dataset, owner, SETTINGS))

    visitors = [threading.Thread(target=start, args=(f"v{i}",)) for i in range(6)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    try:
        assert sorted(started) == [False] * 5 + [True]
        snap = coordinator.snapshot()
        assert snap.busy
        assert not coordinator.stop("someone else")  # only the owner may stop it
        assert not coordinator.start(TINY, dataset, "late visitor", SETTINGS)
    finally:
        coordinator.stop(coordinator.snapshot().owner)
        assert coordinator.wait(WAIT_SECONDS)
    assert lab_threads() == []


def test_stop_in_the_first_epoch_ends_it_within_a_batch_and_keeps_that_model(
    dataset,
):
    coordinator = lab.LabCoordinator()
    assert coordinator.start(LONG, dataset, "bob", SETTINGS)
    wait_until(lambda: coordinator.snapshot().step > 0, "the first progress report")
    assert coordinator.stop("bob")
    assert coordinator.wait(WAIT_SECONDS)
    snap = coordinator.snapshot()
    # Keras still validates the interrupted epoch: one (partial) epoch in history.
    assert snap.state == lab.STOPPED and len(snap.history) == 1
    # A full epoch sends REPORTS_PER_EPOCH reports; this one ended before that.
    assert len(snap.curve) < lab.REPORTS_PER_EPOCH
    assert "Stopped early" in snap.message
    result = coordinator.take_result("bob")
    assert result is not None and result.card["stopped_early"] is True
    # A stopped run gets a quick score, and the card says on how many images.
    assert result.card["test_images"] == lab.STOPPED_TEST_IMAGES
    assert lab_threads() == []
    # The lab is free again.
    assert coordinator.start(TINY, dataset, "carol", SETTINGS)
    coordinator.stop("carol")
    assert coordinator.wait(WAIT_SECONDS)


def test_stop_after_an_epoch_keeps_the_best_model_so_far(dataset):
    config = training.TrainConfig(recipe="cnn_bn_small", epochs=4, train_size=1000)
    coordinator = lab.LabCoordinator()
    assert coordinator.start(config, dataset, "dan", SETTINGS)
    wait_until(lambda: len(coordinator.snapshot().history) >= 1, "the first epoch")
    coordinator.stop("dan")
    assert coordinator.wait(WAIT_SECONDS)
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED and len(snap.history) < 4
    result = coordinator.take_result("dan")
    assert result is not None and result.card["stopped_early"] is True
    assert result.card["epochs_run"] == len(snap.history)


def test_a_run_nobody_watches_is_stopped_by_the_heartbeat_watchdog(dataset):
    coordinator = lab.LabCoordinator()
    settings = _replace(SETTINGS, heartbeat_timeout_seconds=1.0)
    assert coordinator.start(LONG, dataset, "erin", settings)
    assert coordinator.wait(WAIT_SECONDS)
    snap = coordinator.snapshot()
    assert snap.state == lab.ABANDONED and snap.epoch < LONG.epochs
    assert coordinator.take_result("erin") is None
    assert lab_threads() == []


def test_heartbeats_keep_a_watched_run_going(dataset):
    coordinator = lab.LabCoordinator()
    settings = _replace(SETTINGS, heartbeat_timeout_seconds=2.0)
    config = training.TrainConfig(recipe="cnn_bn_small", epochs=2, train_size=1000)
    assert coordinator.start(config, dataset, "fay", settings)
    while coordinator.snapshot().busy:
        coordinator.heartbeat("fay")
        time.sleep(0.2)
    assert coordinator.wait(WAIT_SECONDS)
    assert coordinator.snapshot().state == lab.FINISHED
    assert coordinator.take_result("fay") is not None


def test_busy_snapshot_estimates_the_wait():
    snap = lab.Snapshot(state=lab.TRAINING, eta_seconds=12.2)
    assert snap.seconds_left() == 13 + int(lab.EVALUATION_SECONDS)
    assert lab.Snapshot(state=lab.TRAINING).seconds_left() is None
    assert lab.Snapshot(state=lab.FINISHED, eta_seconds=3.0).seconds_left() is None


def test_save_as_default_needs_the_owner_setting(tiny_run, tmp_path, dataset):
    _, result = tiny_run
    with pytest.raises(PermissionError):
        lab.save_as_default(result, lab.LabSettings(), dataset, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_save_as_default_writes_atomically_keeps_the_old_one_and_reloads(
    tiny_run, tmp_path, dataset
):
    _, result = tiny_run
    (tmp_path / "studio.keras").write_bytes(b"old model")
    (tmp_path / "studio.json").write_text("{}")
    settings = lab.LabSettings(allow_save_default=True)
    path = lab.save_as_default(result, settings, dataset, folder=tmp_path)
    assert path == tmp_path / "studio.keras"
    assert models.list_models(tmp_path) == ["studio"]
    card = models.load_card("studio", tmp_path)
    assert card["saved_from_lab"] is True
    assert card["test_accuracy"] == result.card["test_accuracy"]
    assert models.load(path).count_params() == result.model.count_params()
    previous = sorted(p.name for p in (tmp_path / "previous").iterdir())
    assert [p.rsplit(".", 1)[1] for p in previous] == ["json", "keras"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    # "not sure" was recalibrated for the new file in the same step
    calibration = uncertainty.load_calibration_for(path)
    assert calibration is not None
    assert calibration.model_sha256 == models.fingerprint(path) == card["model_sha256"]


def test_lab_model_downloads_as_onnx_with_the_same_outputs(tiny_run, dataset):
    import onnxruntime

    _, result = tiny_run
    blob = lab.model_to_onnx_bytes(result.model)
    session = onnxruntime.InferenceSession(blob, providers=["CPUExecutionProvider"])
    batch = data.to_model_input(dataset.x_test[:8])
    (outputs,) = session.run(None, {session.get_inputs()[0].name: batch})
    expected = models.predict_probabilities(result.model, batch)
    np.testing.assert_allclose(outputs, expected, atol=1e-5)


def test_stop_while_studio_prepares_its_drawings_ends_at_once_without_a_model(
    dataset,
):
    coordinator = lab.LabCoordinator()
    config = training.TrainConfig(recipe="studio", epochs=1)  # 110,000 drawings first
    assert coordinator.start(config, dataset, "gus", SETTINGS)
    time.sleep(1.0)
    assert coordinator.snapshot().epoch == 0  # still drawing
    assert coordinator.stop("gus")
    assert coordinator.snapshot().stopping
    assert coordinator.wait(30)  # not the minute the drawings would have taken
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED and snap.history == ()
    assert "before the network learned anything" in snap.message
    assert coordinator.take_result("gus") is None
    assert lab_threads() == []


def _lab_child(timeout: float = 30.0) -> multiprocessing.Process:
    """Return the lab's training process once it has started."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in multiprocessing.active_children():
            if child.name == "lab-trainer":
                return child
        time.sleep(0.05)
    raise AssertionError("the lab started no training process")


def test_stop_answers_even_when_the_training_process_gets_no_cpu(dataset):
    """At nice 19 on a busy server the child may not run for a while: frozen here
    (SIGSTOP) before its first batch, it cannot see Stop, and is ended anyway."""
    coordinator = lab.LabCoordinator()
    config = training.TrainConfig(recipe="studio", epochs=1)
    assert coordinator.start(config, dataset, "kim", CHILD)
    child = _lab_child()
    os.kill(child.pid, signal.SIGSTOP)
    assert coordinator.stop("kim")
    assert coordinator.wait(30)  # not forever: the frozen child never ends itself
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED and snap.history == ()
    assert "before the network learned anything" in snap.message
    assert coordinator.take_result("kim") is None
    child.join(5)
    assert not child.is_alive()
    assert lab_threads() == []


def assert_stopped_with_nothing(coordinator: lab.LabCoordinator) -> None:
    """The run ended within 30 s as 'stopped' with no history, and says why."""
    assert coordinator.wait_ended(30)
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED and snap.history == ()
    assert "before the network learned anything" in snap.message


def test_stop_ends_a_child_process_still_starting(dataset, monkeypatch):
    """A child process spends seconds importing TensorFlow and reading its images
    before it can look at Stop (held here: its images never come). Stop ends it at
    once (a CI run's Stop waited for all of that), and the lab is free again."""
    held = threading.Event()
    send = lab._send_dataset

    def held_send(feed, images) -> None:
        held.wait(60)
        send(feed, images)  # too late: the child is gone, and that is no error

    monkeypatch.setattr(lab, "_send_dataset", held_send)
    coordinator = lab.LabCoordinator()
    try:
        assert coordinator.start(TINY, dataset, "una", CHILD)
        child = _lab_child()
        assert coordinator.stop("una")
        assert_stopped_with_nothing(coordinator)  # not the 60 s the images are held
    finally:
        held.set()
    assert coordinator.wait(30)
    child.join(5)
    assert child.exitcode == -signal.SIGKILL  # killed while it waited for its images
    assert coordinator.take_result("una") is None
    assert lab_threads() == []
    assert coordinator.start(TINY, dataset, "vic", SETTINGS)  # the lab is free
    coordinator.stop("vic")
    assert coordinator.wait(WAIT_SECONDS)


def test_a_thread_stopped_before_its_first_report_scores_nothing(dataset, monkeypatch):
    """A run in the server's process that trained a few batches but had not
    reported yet when Stop came is already reported as stopped with no model: its
    thread ends its epoch unwatched and must not score a model nobody will get
    (seconds of CPU while the next visitor waits for the lab)."""
    monkeypatch.setattr(lab, "REPORTS_PER_EPOCH", 1)  # the first report: epoch end
    monkeypatch.setattr(lab, "LEARNED_NOTHING_ACCURACY", -1.0)  # any model counts
    scored: list[str] = []
    build_card = training.build_card

    def counting_build_card(*args, **kwargs):
        scored.append("card")
        return build_card(*args, **kwargs)

    monkeypatch.setattr(training, "build_card", counting_build_card)
    batches, gate = [], threading.Event()

    def wait_turn() -> None:  # the visitors' gate, held shut after 3 batches
        batches.append(1)
        if len(batches) > 3:
            gate.wait(60)

    monkeypatch.setattr(priority.VISITORS, "wait_turn", wait_turn)
    coordinator = lab.LabCoordinator()
    config = training.TrainConfig(recipe="cnn_3conv", epochs=1, train_size=5000)
    try:
        assert coordinator.start(config, dataset, "wyn", SETTINGS)
        wait_until(lambda: len(batches) > 3, "a few batches", timeout=120)
        assert coordinator.snapshot().step == 0  # trained, but no report yet
        assert coordinator.stop("wyn")
        assert_stopped_with_nothing(coordinator)  # not the 60 s the gate is held
    finally:
        gate.set()
    assert coordinator.wait(WAIT_SECONDS)
    assert scored == []  # its interrupted epoch was validated, but nothing scored
    assert coordinator.take_result("wyn") is None
    assert lab_threads() == []


def test_a_run_that_learned_nothing_is_reported_as_such_with_no_model(dataset):
    coordinator = lab.LabCoordinator()
    wild = training.TrainConfig(recipe="cnn_3conv", epochs=1, train_size=500,
                                learning_rate=1000.0)  # fmt: skip
    assert coordinator.start(wild, dataset, "hal", SETTINGS)
    assert coordinator.wait(WAIT_SECONDS)
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED, snap
    assert snap.history[0]["val_accuracy"] <= lab.LEARNED_NOTHING_ACCURACY
    assert "learned nothing" in snap.message and "no better than guessing" in (
        snap.message
    )
    assert coordinator.take_result("hal") is None


def test_a_run_over_the_servers_limit_is_cut_and_says_so(dataset):
    coordinator = lab.LabCoordinator()
    # in the test process whatever its size (a child at nice 19 took 71 s in CI)
    settings = _replace(SETTINGS, max_run_seconds=5)
    long = training.TrainConfig(recipe="cnn_bn_small", epochs=20, train_size=20_000)
    started = time.monotonic()
    assert coordinator.start(long, dataset, "ivy", settings)
    assert coordinator.wait(WAIT_SECONDS)
    assert time.monotonic() - started < 60  # the run alone would take minutes
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED and len(snap.history) < long.epochs
    assert "limit" in snap.message, snap.message  # whenever the cut fell
    learned = max((e["val_accuracy"] for e in snap.history), default=0.0)
    if learned > lab.LEARNED_NOTHING_ACCURACY:  # the best model so far is kept
        assert coordinator.take_result("ivy") is not None


def test_queued_visitors_get_the_lab_in_turn_and_see_their_wait(dataset):
    coordinator = lab.LabCoordinator()
    first = training.TrainConfig(recipe="cnn_bn_small", epochs=5, train_size=5_000)
    assert coordinator.start(first, dataset, "jo", SETTINGS)
    assert not coordinator.start(TINY, dataset, "kim", SETTINGS)
    assert coordinator.enqueue(TINY, dataset, "kim", SETTINGS) == 1
    assert coordinator.enqueue(TINY, dataset, "lee", SETTINGS) == 2
    snap = coordinator.snapshot()
    assert snap.queue == ("kim", "lee")
    assert snap.queue_position("lee") == 2 and snap.queue_position("jo") is None
    wait_until(lambda: coordinator.snapshot().seconds_left() is not None, "an ETA")
    snap = coordinator.snapshot()
    # Lee waits for Jo's run and Kim's; a newcomer waits for all three.
    assert snap.wait_seconds("lee") > snap.wait_seconds("kim") >= snap.seconds_left()
    assert snap.wait_seconds("newcomer") > snap.wait_seconds("lee")
    coordinator.leave_queue("lee")
    assert coordinator.snapshot().queue == ("kim",)
    wait_until(lambda: len(coordinator.snapshot().history) >= 1, "Jo's first epoch")
    coordinator.stop("jo")
    # Kim's run starts by itself when Jo's has ended; nobody can jump in between.
    wait_until(lambda: coordinator.snapshot().owner == "kim", "Kim's turn")
    assert coordinator.snapshot().queue == ()
    assert coordinator.take_result("jo") is not None
    wait_until(lambda: coordinator.snapshot().state == lab.FINISHED, "Kim's model")
    assert coordinator.take_result("kim") is not None
    assert coordinator.wait(WAIT_SECONDS)
    assert lab_threads() == []


def test_a_queued_visitor_who_left_loses_their_place(dataset):
    coordinator = lab.LabCoordinator()
    watched = _replace(SETTINGS, heartbeat_timeout_seconds=2.0)
    assert coordinator.start(LONG, dataset, "max", SETTINGS)
    coordinator.enqueue(TINY, dataset, "ned", watched)  # never sends a heartbeat
    wait_until(lambda: coordinator.snapshot().queue == (), "Ned dropped", timeout=30)
    coordinator.stop("max")
    assert coordinator.wait(WAIT_SECONDS)
    assert coordinator.snapshot().owner == "max"  # nobody else was started
    assert coordinator.take_result("ned") is None


def test_a_run_in_a_child_process_finishes_with_a_scored_model(dataset):
    coordinator = lab.LabCoordinator()
    assert coordinator.start(TINY, dataset, "lea", CHILD)
    child = _lab_child()
    assert coordinator.wait(WAIT_SECONDS)
    result = coordinator.take_result("lea")
    assert result is not None, coordinator.snapshot().message
    assert result.card["trained_in_lab"] and result.card["test_accuracy"] > 0.3
    child.join(5)
    assert not child.is_alive() and child.exitcode == 0
    assert lab_threads() == []


def test_a_run_in_the_server_waits_while_a_visitor_is_answered(dataset):
    """The training thread starts no batch while an answer is being computed
    (``priority.VISITORS``), and goes on once it ends."""
    coordinator = lab.LabCoordinator()
    config = training.TrainConfig(recipe="cnn_3conv", epochs=3, train_size=5000)
    assert coordinator.start(config, dataset, "max", SETTINGS)
    try:
        wait_until(lambda: coordinator.snapshot().step > 0, "the first batches")
        assert [
            c for c in multiprocessing.active_children() if c.name == "lab-trainer"
        ] == []  # a thread, not a process
        with priority.VISITORS.answering():
            time.sleep(0.5)  # the batch under way ends, and no new one starts
            held = coordinator.snapshot().step, coordinator.snapshot().epoch
            time.sleep(1.0)
            assert (coordinator.snapshot().step, coordinator.snapshot().epoch) == held
        wait_until(
            lambda: (coordinator.snapshot().step, coordinator.snapshot().epoch) != held,
            "the training to go on after the answer",
            timeout=30,
        )
    finally:
        coordinator.stop("max")
        assert coordinator.wait(30)
    assert lab_threads() == []


def test_stop_answers_while_a_server_thread_has_not_reached_its_first_report(dataset):
    """In the server's process a run may spend seconds before its first report
    (tracing its first step, or waiting for the visitors' answers; here every batch
    waits its 5 s): Stop is reported without waiting for the thread, and the lab
    takes no new run before the old thread has ended."""
    coordinator = lab.LabCoordinator()
    config = training.TrainConfig(recipe="cnn_3conv", epochs=1, train_size=5000)
    with priority.VISITORS.answering():
        assert coordinator.start(config, dataset, "ola", SETTINGS)
        time.sleep(0.5)
        assert coordinator.stop("ola")
        assert coordinator.wait_ended(10)  # what the page's Stop callback waits for
        assert not coordinator.snapshot().busy
        trainer = [t for t in lab_threads() if t.name == "lab-trainer"]
        # Answered while the thread is still held at the gate (it waits 5 s).
        assert len(trainer) == 1 and trainer[0].is_alive()
    snap = coordinator.snapshot()
    assert snap.state == lab.STOPPED, snap
    assert "before the network learned anything" in snap.message
    assert coordinator.take_result("ola") is None
    assert coordinator.start(TINY, dataset, "pia", SETTINGS)  # once the old one ended
    assert not trainer[0].is_alive()
    assert coordinator.wait(WAIT_SECONDS)
    assert coordinator.take_result("pia") is not None
    assert lab_threads() == []


def test_a_server_over_its_memory_for_training_trains_in_a_child_process(dataset):
    """TensorFlow keeps part of every training's memory in the process, so a
    server already over ``server_memory_mb`` sends the run to a child process."""
    assert 100 < lab.server_rss_mb() < 100_000  # this test process, in MB
    coordinator = lab.LabCoordinator()
    full = _replace(SETTINGS, server_memory_mb=lab.server_rss_mb() / 2)
    assert coordinator.start(LONG, dataset, "ned", full)
    child = _lab_child()
    assert coordinator.stop("ned")
    assert coordinator.wait(60)
    child.join(5)
    assert not child.is_alive()
    assert lab_threads() == []
