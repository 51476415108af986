"""Visitors first: a background training in the server's process waits for answers.

The training lab trains in a thread of the server (``lab``), so TensorFlow is
loaded once and its memory is shared. TensorFlow runs every graph on one pool of
threads per process, so a training step and a visitor's answer would share the
CPU cores op by op (a 2-core server answered 5x slower at p95 while the Studio CNN
trained; BENCHMARKS.md). Instead, every visitor-facing computation of the
package (``models.predict_probabilities``, the Inside page's feature maps and
Grad-CAM, the map's placement) runs through ``VISITORS.compute``, on one
answering thread, and the training calls ``VISITORS.wait_turn()`` before each of
its batches: it starts no new batch while an answer is being computed, nor for
``hold_seconds`` after the last one (a drawing visitor's strokes come in
bursts). A visitor's answer then shares the CPU only with the one batch already
under way.

So that a busy server still lets the lab move, a training never waits more than
``max_wait_seconds`` for one batch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

HOLD_SECONDS = 0.25  # no training batch starts this soon after a visitor's answer
MAX_WAIT_SECONDS = 5.0  # the longest one training batch waits for the visitors


class VisitorsFirst:
    """A gate between visitors' answers and a background training (thread-safe)."""

    def __init__(
        self,
        hold_seconds: float = HOLD_SECONDS,
        max_wait_seconds: float = MAX_WAIT_SECONDS,
    ) -> None:
        self.hold_seconds = hold_seconds
        self.max_wait_seconds = max_wait_seconds
        self._changed = threading.Condition()
        self._answering = 0  # answers being computed right now
        self._last_answer = -float("inf")  # time.monotonic() when the last one ended
        self._worker: ThreadPoolExecutor | None = None
        self._on_worker = threading.local()

    def compute(self, function: Callable[..., T], *args: object) -> T:
        """Return ``function(*args)`` computed on this gate's one answering thread,
        marked as an answer (``answering``); its exceptions reach the caller.

        Streamlit runs every script run in a new thread, and glibc gives threads
        their own heaps (arenas), where TensorFlow's freed buffers stayed: the
        Inside page cost 73-340 MB from run to run, 10 MB with every call in one
        thread (BENCHMARKS.md). A call made from the answering thread itself (one
        computation calling another) runs at once.
        """
        with self.answering():
            if getattr(self._on_worker, "active", False):
                return function(*args)
            with self._changed:
                if self._worker is None:
                    self._worker = ThreadPoolExecutor(1, "visitors-answer")
                worker = self._worker
            return worker.submit(self._run_marked, function, args).result()

    def _run_marked(self, function: Callable[..., T], args: tuple) -> T:
        self._on_worker.active = True
        return function(*args)

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Mark a visitor's computation: no training batch starts meanwhile."""
        with self._changed:
            self._answering += 1
        try:
            yield
        finally:
            with self._changed:
                self._answering -= 1
                self._last_answer = time.monotonic()
                self._changed.notify_all()

    def busy(self) -> bool:
        """Is an answer being computed, or did one end less than ``hold_seconds``
        ago?"""
        with self._changed:
            return self._busy_for(time.monotonic()) > 0

    def _busy_for(self, now: float) -> float:
        """Seconds until the gate opens if nothing else happens (0: open now;
        infinite while an answer runs: its end notifies). The caller holds the
        condition."""
        if self._answering:
            return float("inf")
        return max(0.0, self._last_answer + self.hold_seconds - now)

    def wait_turn(self) -> float:
        """Block the calling (training) thread until no visitor's answer is under
        way or ``max_wait_seconds`` have passed; return the seconds waited."""
        start = time.monotonic()
        deadline = start + self.max_wait_seconds
        with self._changed:
            while True:
                now = time.monotonic()
                pause = min(self._busy_for(now), deadline - now)
                if pause <= 0:
                    return now - start
                self._changed.wait(pause)


# One gate per server process: the visitors' answers and the lab's training.
VISITORS = VisitorsFirst()
