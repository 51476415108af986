"""Visitors first: the gate between visitors' answers and a background training."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from fashion_cnn import models, priority


def test_an_idle_gate_lets_the_training_go_at_once():
    gate = priority.VisitorsFirst(hold_seconds=0.2, max_wait_seconds=2.0)
    assert not gate.busy()
    assert gate.wait_turn() < 0.05


def test_the_training_waits_for_an_answer_and_the_hold_after_it():
    gate = priority.VisitorsFirst(hold_seconds=0.3, max_wait_seconds=5.0)
    waited: list[float] = []
    with gate.answering():
        assert gate.busy()
        trainer = threading.Thread(target=lambda: waited.append(gate.wait_turn()))
        trainer.start()
        time.sleep(0.5)
        assert trainer.is_alive()  # no batch while the answer is computed
    ended = time.monotonic()
    trainer.join(5)
    assert not trainer.is_alive()
    assert time.monotonic() - ended >= 0.25  # and not during the hold after it
    assert 0.75 <= waited[0] < 2.0
    time.sleep(0.35)
    assert not gate.busy()


def test_a_busy_server_still_lets_the_training_move():
    gate = priority.VisitorsFirst(hold_seconds=0.2, max_wait_seconds=0.5)
    with gate.answering():
        waited = gate.wait_turn()
    assert 0.45 <= waited < 1.5


def test_answers_from_many_threads_are_counted_and_an_error_ends_one():
    gate = priority.VisitorsFirst(hold_seconds=0.0, max_wait_seconds=5.0)
    release = threading.Event()

    def answer() -> None:
        with gate.answering():
            release.wait(5)

    visitors = [threading.Thread(target=answer) for _ in range(3)]
    for visitor in visitors:
        visitor.start()
    time.sleep(0.1)
    assert gate.busy()
    with pytest.raises(ValueError), gate.answering():
        raise ValueError("a bad input")
    assert gate.busy()  # three answers still under way
    release.set()
    for visitor in visitors:
        visitor.join(5)
    assert not gate.busy()


def test_the_apps_answers_hold_the_process_gate(studio_model):
    """models.predict_probabilities marks itself as a visitor's answer."""
    seen: list[bool] = []
    image = np.zeros((1, 28, 28, 1), np.float32)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(priority.VISITORS.busy())
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    for _ in range(20):
        models.predict_probabilities(studio_model, image)
    done.set()
    watcher.join(5)
    assert any(seen)


def test_every_answer_is_computed_on_one_thread_and_errors_reach_the_caller():
    gate = priority.VisitorsFirst()
    names: set[str] = set()

    def where() -> str:
        assert gate.busy()  # marked as an answer while it runs
        return threading.current_thread().name

    callers = [
        threading.Thread(target=lambda: names.add(gate.compute(where)))
        for _ in range(4)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(5)
    assert len(names) == 1 and names.pop().startswith("visitors-answer")
    # One computation calling another runs at once (no deadlock on one thread).
    assert gate.compute(lambda: gate.compute(lambda: 42)) == 42
    with pytest.raises(ValueError):
        gate.compute(int, "not a number")
