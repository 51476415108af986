"""The Training lab page (AppTest): train, watch, stop, compare, download.

Every AppTest below is a separate visitor session in this process, sharing the
process-wide lab coordinator exactly as visitors of one server do.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

import keras
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from fashion_cnn import lab, models

ROOT = Path(__file__).resolve().parents[1]
RUN_TIMEOUT = 120
WAIT_SECONDS = int(__import__("os").environ.get("LAB_TEST_WAIT", 600))


def open_lab() -> AppTest:
    """A new visitor session on the Training lab page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    at.run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    return at


def choose(at: AppTest, train_size: int, epochs: int) -> None:
    at.select_slider(key="lab_train_size").set_value(train_size)
    at.slider(key="lab_epochs").set_value(epochs)
    at.run()


def poll_until(at: AppTest, condition, what: str) -> None:
    """Rerun the page (as its one-second refresh does) until ``condition(at)``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition(at):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}: {lab.coordinator().snapshot()}")
        time.sleep(0.3)
        at.run()
        assert not at.exception, at.exception


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.info, *at.warning, *at.success, *at.markdown)]
    return "\n".join(str(p) for p in parts)


def chart(at: AppTest, key: str) -> dict:
    """Return the plotly figure (as a dict) of the chart with ``key``."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    pytest.fail(f"no chart with key {key}")


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def lab_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("lab-")]


@pytest.fixture(autouse=True)
def free_lab(monkeypatch):
    """Leave the shared lab idle after each test, whatever happened.

    AppTest only reruns the page when told to, so on a slow machine a heartbeat
    can come late: the watchdog gets a generous timeout here (tested in
    test_lab.py).
    """
    monkeypatch.setenv(lab.HEARTBEAT_ENV, "600")
    yield
    coordinator = lab.coordinator()
    owner = coordinator.snapshot().owner
    if owner is not None:
        coordinator.stop(owner)
    assert coordinator.wait(WAIT_SECONDS)


def test_page_opens_with_light_defaults_and_a_plain_intro():
    at = open_lab()
    assert at.title[0].value == "Training lab"
    assert at.selectbox(key="lab_recipe").value == "cnn_bn_small"
    assert at.slider(key="lab_epochs").value == 3
    assert at.select_slider(key="lab_train_size").value == 10_000
    assert at.select_slider(key="lab_batch_size").value == 100
    assert at.select_slider(key="lab_learning_rate").value == 0.1
    assert at.toggle(key="lab_augment").disabled  # this recipe has no augmentation
    assert not at.get("plotly_chart")  # nothing is training yet
    assert "lab_stop" not in [b.key for b in at.button]


def test_choosing_a_recipe_takes_its_own_batch_size_and_learning_rate():
    at = open_lab()
    at.selectbox(key="lab_recipe").set_value("cnn_3conv").run()
    assert at.select_slider(key="lab_batch_size").value == 64
    assert at.select_slider(key="lab_learning_rate").value == 0.001
    at.selectbox(key="lab_recipe").set_value("cnn_bn_dropout").run()
    assert not at.toggle(key="lab_augment").disabled


def test_a_tiny_run_shows_curves_comparison_and_a_loadable_download(dataset, tmp_path):
    assets_before = folder_hash(models.ASSETS_DIR)
    at = open_lab()
    at.selectbox(key="lab_recipe").set_value("cnn_3conv").run()
    choose(at, train_size=500, epochs=1)
    at.button(key="lab_train").click().run()
    assert not at.exception, at.exception
    poll_until(at, lambda at: "lab_model" in at.session_state, "the trained model")

    assert "recognises" in texts(at) and "10,000 test images" in texts(at)
    accuracy = chart(at, "lab_final_accuracy")
    names = [trace["name"] for trace in accuracy["data"]]
    assert names == ["training", "validation"]
    assert len(accuracy["data"][1]["x"]) == 1  # one finished epoch
    assert len(accuracy["data"][0]["x"]) >= 1
    assert chart(at, "lab_final_loss")["data"][1]["y"][0] > 0
    table = at.dataframe[0].value
    assert table["Model"].iloc[0] == "Your 3 conv layers (TensorFlow tutorial)"
    assert models.load_card("studio")["title"] in list(table["Model"])
    assert 20 < table["Test accuracy"].iloc[0] <= 100  # better than 10% guessing
    assert len(chart(at, "lab_f1")["data"]) == 2  # yours beside the default
    assert chart(at, "lab_confusion")["data"]

    entry = at.session_state["lab_model"]
    assert set(entry) >= {"model", "card", "name"}
    assert entry["card"]["test_accuracy"] == pytest.approx(
        table["Test accuracy"].iloc[0] / 100
    )
    assert at.download_button(key="lab_download").label.startswith("Download")
    assert "lab_save_default" not in [b.key for b in at.button]  # owner-only
    assert "use_lab_model" in [t.key for t in at.toggle]  # switch for other pages

    model_file = tmp_path / "my_model.keras"
    model_file.write_bytes(at.session_state["lab_model_bytes"])
    loaded = keras.saving.load_model(model_file)
    probabilities = models.predict_in_batches(loaded, dataset.x_test[:20])
    assert probabilities.shape == (20, 10)
    np.testing.assert_allclose(
        probabilities,
        models.predict_in_batches(entry["model"], dataset.x_test[:20]),
        atol=1e-5,
    )

    assert folder_hash(models.ASSETS_DIR) == assets_before
    assert lab_threads() == []


def test_stop_ends_the_run_early_and_leaves_no_thread():
    at = open_lab()
    choose(at, train_size=20_000, epochs=5)
    at.button(key="lab_train").click().run()
    poll_until(
        at,
        lambda at: any("Epoch 1 of 5" in p.proto.text for p in at.get("progress")),
        "the first progress report on the page",
    )
    at.button(key="lab_stop").click().run()
    poll_until(at, lambda at: "lab_model" in at.session_state, "the stopped model")
    snap = lab.coordinator().snapshot()
    assert snap.state == lab.STOPPED and len(snap.history) == 1
    assert lab.coordinator().wait(30)
    assert lab_threads() == []
    assert "(stopped early)" in texts(at)
    assert at.session_state["lab_model"]["card"]["stopped_early"] is True
    assert not at.exception


def test_two_visitors_starting_get_one_training_and_one_busy_message():
    alice, bob = open_lab(), open_lab()
    for visitor in (alice, bob):
        choose(visitor, train_size=20_000, epochs=5)
    alice.button(key="lab_train").click().run()
    bob.button(key="lab_train").click().run()
    assert not bob.exception, bob.exception
    assert "busy" in " ".join(w.value for w in bob.warning)
    assert "Your turn would come in about" in texts(bob)
    assert "lab_stop" not in [b.key for b in bob.button]  # cannot stop Alice's run
    snap = lab.coordinator().snapshot()
    assert snap.busy and snap.owner == alice.session_state["lab_owner"]
    # Bob queues; his run starts by itself when Alice stops hers.
    bob.button(key="lab_queue").click().run()
    assert "You are **number 1** in the queue" in texts(bob)
    bob_id = bob.session_state["lab_owner"]
    assert lab.coordinator().snapshot().queue == (bob_id,)
    alice.run()
    assert "lab_stop" in [b.key for b in alice.button]
    alice.button(key="lab_stop").click().run()
    poll_until(bob, lambda at: lab.coordinator().snapshot().owner == bob_id, "Bob")
    poll_until(bob, lambda at: "lab_stop" in [b.key for b in at.button], "his Stop")
    # Alice hears how her run ended although the lab has moved on to Bob's.
    poll_until(
        alice,
        lambda at: "lab_model" in at.session_state or "Stopped" in texts(at),
        "how Alice's run ended",
    )
    bob.button(key="lab_stop").click().run()
    poll_until(bob, lambda at: not lab.coordinator().snapshot().busy, "the stop")
    assert lab.coordinator().wait(30)
    assert lab_threads() == []


def test_a_run_too_big_for_the_server_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setenv(lab.MAX_SECONDS_ENV, "60")
    at = open_lab()
    at.selectbox(key="lab_recipe").set_value("studio").run()
    choose(at, train_size=lab.FULL_TRAIN_SIZE, epochs=20)
    at.button(key="lab_train").click().run()
    warning = " ".join(w.value for w in at.warning)
    assert "allows runs of up to about 60 s" in warning, warning
    assert "fewer" in warning
    assert not lab.coordinator().snapshot().busy
    assert not at.exception


def test_a_visitor_who_reloads_gets_their_run_and_its_stop_back():
    at = open_lab()
    choose(at, train_size=20_000, epochs=5)
    at.button(key="lab_train").click().run()
    owner = at.session_state["lab_owner"]
    assert at.query_params["run"] == owner  # the page put the run in its URL
    # A reload: a new session on the same URL.
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    again.query_params["run"] = owner
    again.switch_page("pages/train.py").run()
    assert not again.exception, again.exception
    assert again.session_state["lab_owner"] == owner
    assert "lab_stop" in [b.key for b in again.button]
    assert "Another visitor" not in texts(again)
    again.button(key="lab_stop").click().run()
    # Stopped at once: the reloaded page hears how its run ended (most often "no
    # model yet", as the network has seen a few batches at most).
    poll_until(
        again,
        lambda at: "lab_model" in at.session_state or "Stopped" in texts(at),
        "how the run ended",
    )
    assert lab.coordinator().wait(30)
