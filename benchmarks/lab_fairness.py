"""Benchmark how much a training-lab run slows other visitors' drawing answers.

Run (from the repository root):

    nice -n 19 .venv/bin/python -m benchmarks.lab_fairness [--seconds 30]

In one process, as on the server: a held-out drawing (trousers with a waistband,
brush 22) from canvas to probabilities (``preprocessing.prepare_sketch`` and
``models.predict_probabilities`` with the shipped ``studio``), timed for
``--seconds`` with the lab idle, then for as long again while the lab trains the
Studio CNN recipe (the lab's default size, 10,000 images), side by side: in a
thread of this process that waits for the answers (the lab's default,
``priority.VISITORS``) and in a child process at nice 19
(``FASHION_CNN_LAB_CHILD_PROCESS=1``). Each answer's time includes its wait for
the training batch already under way. Goal (issue 11): p50 and p95 while training
at most 2x the idle figures.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from benchmarks import sketch_set  # noqa: E402
from benchmarks.common import (  # noqa: E402
    median,
    percentile,
    prepare_drawing,
    print_machine,
    print_table,
)


def time_answers(seconds: float, canvas, model) -> list[float]:
    """Return milliseconds per canvas-to-probabilities answer, one every 20 ms (a
    visitor's strokes arrive far apart, so answers never queue on each other)."""
    from fashion_cnn import models

    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        models.predict_probabilities(model, prepare_drawing(canvas).batch)
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.02)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    print_machine("A lab run beside other visitors' drawings")
    from fashion_cnn import data, lab, models, training

    model = models.load(models.model_path())
    canvas = sketch_set.render(sketch_set.template_strokes("trouser_waistband")[1], 22)
    time_answers(2.0, canvas, model)  # warm: the first call traces
    idle = time_answers(args.seconds, canvas, model)
    config = training.TrainConfig(recipe="studio", epochs=20, train_size=10_000)
    # In this process whatever its size (not past the lab's memory guard).
    settings = lab.LabSettings(heartbeat_timeout_seconds=3600, server_memory_mb=1e9)
    rows = [["lab idle", len(idle), median(idle), percentile(idle, 95)]]
    ratios = []
    for where, child in (("in the server's process", False), ("in a child", True)):
        coordinator = lab.LabCoordinator()
        mode = replace(settings, child_process=child)
        assert coordinator.start(config, data.load_dataset(), "bench", mode)
        while coordinator.snapshot().epoch == 0:  # past the drawings, into training
            time.sleep(0.2)
        busy = time_answers(args.seconds, canvas, model)
        snap = coordinator.snapshot()  # batches as of its last progress report
        steps = snap.step + (snap.epoch - 1) * snap.steps
        coordinator.stop("bench")
        coordinator.wait(600)
        name = f"lab training Studio CNN {where} ({steps} batches)"
        rows.append([name, len(busy), median(busy), percentile(busy, 95)])
        ratios.append(
            [
                f"ratio, {where}",
                "",
                median(busy) / median(idle),
                percentile(busy, 95) / percentile(idle, 95),
            ]
        )
    rows += ratios
    print_table(["canvas to probabilities", "answers", "p50 (ms)", "p95 (ms)"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
