"""Benchmark one prediction as the app makes it, and the cached model under threads.

Run (from the repository root):

    nice -n 19 .venv/bin/python -m benchmarks.inference

1. Preprocessing + model for one image, p50/p95 over repeated calls (goal p50 <= 5 ms):
   a canvas sketch (``preprocessing.prepare_sketch`` on a 280x280 RGBA array) and an
   uploaded PNG (``preprocessing.prepare_upload``), each followed by
   ``models.predict_probabilities``; the model call alone is timed as the app
   makes it (onnxruntime on the ONNX copy, where one is up to date), through
   TensorFlow's graph (BatchNormalization folded, a concrete function) and as it
   was made before 2026-12-02 (a ``tf.function`` of the Keras model), in
   alternating rounds.
2. 8 threads calling the cached model (``ui.cache.get_model``) from a cold cache at
   the same moment: no exception, one model loaded, results identical to serial.
3. With ``--compare A.keras B.keras ...``: the same held-out drawing (trousers with
   a waistband, brush 22) from canvas to probabilities through each model and the
   sketch pipeline it was made for ("filled" for a model that never saw drawings,
   "as drawn" for one that did), timed in interleaved rounds in one process, so
   the models are compared side by side on the same machine state. Each model
   answers through the runtime the app would use for its file: onnxruntime where
   an up-to-date ONNX copy lies beside it (``fashion_cnn.onnx_copy``), else
   TensorFlow's traced graph.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from functools import partial
from typing import TypeVar

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import benchmarks.legacy_views  # noqa: E402, F401 - loads the earlier 10-view model
from benchmarks import sketch_set  # noqa: E402
from benchmarks.common import (  # noqa: E402
    median,
    percentile,
    prepare_drawing,
    print_machine,
    print_table,
)
from fashion_cnn import data, models, preprocessing  # noqa: E402

GOAL_P50_MS = 5.0
Case = TypeVar("Case", bound=Hashable)  # the label of one timed case


def sketch_from(image28: np.ndarray) -> np.ndarray:
    """Return a (280, 280, 4) uint8 RGBA canvas drawing of a 28x28 dataset image."""
    big = np.asarray(
        Image.fromarray(image28).resize((280, 280), Image.Resampling.NEAREST)
    )
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    drawn = big > 60
    rgba[drawn, :3] = 255
    rgba[drawn, 3] = 255
    return rgba


def photo_from(image28: np.ndarray) -> bytes:
    """Return PNG bytes of a dataset image as a photo: dark garment on white, 280px."""
    photo = Image.fromarray(255 - image28).resize((280, 280), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    photo.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def time_calls(fn: Callable[[], object], calls: int, warmup: int = 10) -> list[float]:
    """Return ``calls`` wall-clock durations (ms) of ``fn()`` after a warm-up."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def unfolded_call(model):
    """Return ``model(x, training=False)`` as the app called it before 2026-12-02: a
    tf.function of the Keras model itself (BatchNormalization not folded)."""
    import tensorflow as tf

    signature = [tf.TensorSpec((None, *models.INPUT_SHAPE), tf.float32)]

    @tf.function(input_signature=signature)
    def predict(batch):
        return model(batch, training=False)

    return predict


def interleaved(
    cases: Mapping[Case, Callable[[], object]], calls: int, rounds: int = 10
) -> dict[Case, list[float]]:
    """Return each case's ``calls`` durations (ms), timed in alternating rounds."""
    times: dict[Case, list[float]] = {label: [] for label in cases}
    for _ in range(rounds):
        for label, fn in cases.items():
            times[label].extend(time_calls(fn, calls // rounds, warmup=3))
    return times


def latency_rows(model, image28: np.ndarray, calls: int) -> list[list[object]]:
    from fashion_cnn import preprocessing

    sketch = sketch_from(image28)
    photo = photo_from(image28)
    batch = data.to_model_input(image28[None])
    before = unfolded_call(model)
    # timed in alternating rounds: the same machine state for both
    graph = models.compiled_call(model)
    served: dict[str, Callable[[], object]] = {
        "model only, as the app calls it (models.predict_probabilities, "
        f"{models.answering_runtime(model)})": lambda: models.predict_probabilities(
            model, batch
        ),
        "model only, TensorFlow graph (BatchNormalization folded, concrete "
        "function)": lambda: np.asarray(graph(batch)),
        "model only, before 2026-12-02: tf.function of the Keras model": lambda: (
            np.asarray(before(batch))
        ),
    }
    cases: dict[str, Callable[[], object]] = {
        "prepare_sketch (280x280 canvas)": lambda: preprocessing.prepare_sketch(sketch),
        "prepare_upload (280x280 PNG)": lambda: preprocessing.prepare_upload(
            photo, "photo.png"
        ),
        "canvas: prepare_sketch + model": lambda: models.predict_probabilities(
            model, prepare_drawing(sketch).batch
        ),
        "upload: prepare_upload + model": lambda: models.predict_probabilities(
            model, preprocessing.prepare_upload(photo, "photo.png").batch
        ),
    }
    shipped = [models.load(models.model_path(name)) for name in models.list_models()]
    cases[f"compare all {len(shipped)} shipped models (one image each)"] = lambda: [
        models.predict_probabilities(each, batch) for each in shipped
    ]
    goals = {"+ model": (GOAL_P50_MS, "<= 5 ms"), "compare all": (50.0, "<= 50 ms")}
    rows = []
    timed = interleaved(served, calls)
    timed.update({label: time_calls(fn, calls) for label, fn in cases.items()})
    for label, times in timed.items():
        p50 = median(times)
        limit, goal = next(
            (value for part, value in goals.items() if part in label), (None, "")
        )
        verdict = ("met" if p50 <= limit else "MISSED") if limit else ""
        rows.append([label, p50, percentile(times, 95), goal, verdict])
    return rows


def threads_from_cold(
    name: str, images: np.ndarray, threads: int = 8
) -> tuple[list[object], float, int]:
    """Call ``ui.cache.get_model`` from ``threads`` threads at once on a cold cache.

    Returns (errors, max |threaded - serial| probability difference, distinct models).
    """
    import streamlit as st

    from ui import cache

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_resource.clear()
    batches = [data.to_model_input(images[i::threads]) for i in range(threads)]
    results: list[np.ndarray | None] = [None] * threads
    loaded: list[int] = [0] * threads
    errors: list[object] = []
    barrier = threading.Barrier(threads)

    def work(i: int) -> None:
        try:
            barrier.wait()
            model = cache.get_model(name)
            loaded[i] = id(model)
            results[i] = models.predict_probabilities(model, batches[i])
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            errors.append(repr(exc))

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    model = cache.get_model(name)
    serial = [models.predict_probabilities(model, b) for b in batches]
    diff = max(
        (
            float(np.abs(r - s).max())
            for r, s in zip(results, serial, strict=True)
            if r is not None
        ),
        default=float("nan"),
    )
    return errors, diff, len(set(loaded) - {0})


def pipeline_for(path: str) -> preprocessing.SketchConfig:
    """Return the sketch pipeline a saved model was made for (from its card)."""
    drawn = models.learned_from_drawings(models.card_beside(path))
    return preprocessing.SketchConfig(style="as_drawn" if drawn else "filled")


def canvas_to_probabilities(model, canvas, config) -> np.ndarray:
    """Return (1, 10) probabilities of a canvas drawing through ``config``."""
    return models.predict_probabilities(model, prepare_drawing(canvas, config).batch)


def side_by_side(paths: list[str], calls: int, rounds: int = 10) -> list[list]:
    """Rows of model-only and canvas-to-probabilities times, models interleaved."""
    label, strokes = sketch_set.template_strokes("trouser_waistband")
    canvas = sketch_set.render(strokes, 22)
    cases: dict[tuple[str, str], Callable[[], object]] = {}
    runtimes = {}
    for path in paths:
        model, config = models.load(path), pipeline_for(path)
        runtimes[path] = models.answering_runtime(model)
        batch = prepare_drawing(canvas, config).batch
        cases[(path, "model")] = partial(models.predict_probabilities, model, batch)
        cases[(path, "canvas")] = partial(
            canvas_to_probabilities, model, canvas, config
        )
    times = interleaved(cases, calls, rounds)
    first = median(times[(paths[0], "canvas")])
    rows = []
    for path in paths:
        model_ms, canvas_ms = times[(path, "model")], times[(path, "canvas")]
        rows.append(
            [
                path,
                pipeline_for(path).style,
                runtimes[path],
                median(model_ms),
                percentile(model_ms, 95),
                median(canvas_ms),
                percentile(canvas_ms, 95),
                f"{median(canvas_ms) / first:.2f}x",
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=models.DEFAULT_MODEL)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--compare", nargs="+", default=None, metavar="PATH")
    args = parser.parse_args()
    if args.compare:
        print_machine("Canvas to probabilities, models side by side")
        print_table(
            [
                "model",
                "sketch pipeline",
                "runtime",
                "model p50 ms",
                "model p95 ms",
                "canvas to probabilities p50 ms",
                "p95 ms",
                "vs first",
            ],
            side_by_side(args.compare, args.calls),
        )
        return

    dataset = data.load_dataset()
    print_machine("Inference: one image, and threads on a cold cache")
    errors, diff, distinct = threads_from_cold(
        args.model, dataset.x_test[:64], args.threads
    )
    model = models.load(models.model_path(args.model))
    print_table(
        ["step (one 28x28 image)", "p50 ms", "p95 ms", "goal", "result"],
        latency_rows(model, dataset.x_test[0], args.calls),
    )
    print_table(
        ["threads from cold", "errors", "models loaded", "max |threaded - serial|"],
        [[args.threads, len(errors), distinct, f"{diff:.2e}"]],
    )
    for error in errors:
        print(f"- error: {error}")


if __name__ == "__main__":
    main()
