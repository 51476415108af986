"""Benchmark every shipped model: size, training cost, accuracy and inference speed.

Run (from the repository root):

    nice -n 19 .venv/bin/python -m benchmarks.models

For each model in ``assets/models/`` (``models.list_models()``) it prints the
parameters, epochs and train seconds from the model card, the test accuracy
re-evaluated on the real 10,000 test images next to the card's figure, single-image
latency p50/p95 as the app calls a model (``models.predict_probabilities``: one
compiled ``model(x, training=False)``) and batch-256 throughput.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from benchmarks.common import median, percentile, print_machine, print_table  # noqa: E402
from fashion_cnn import data, models  # noqa: E402


def time_single(model, image: np.ndarray, calls: int) -> list[float]:
    """Return ``calls`` latencies (ms) of one image through the app's model call."""
    batch = data.to_model_input(image[None])
    for _ in range(10):
        models.predict_probabilities(model, batch)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        models.predict_probabilities(model, batch)
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_throughput(model, images: np.ndarray, batch_size: int = 256) -> float:
    """Return images per second for ``model`` on ``images`` in batches of 256."""
    batches = [
        data.to_model_input(images[i : i + batch_size])
        for i in range(0, len(images) - batch_size + 1, batch_size)
    ]
    model(batches[0], training=False)
    start = time.perf_counter()
    for batch in batches:
        np.asarray(model(batch, training=False))
    return len(batches) * batch_size / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(models.ASSETS_DIR))
    parser.add_argument("--calls", type=int, default=200, help="single-image calls")
    parser.add_argument("--throughput-images", type=int, default=5120)
    args = parser.parse_args()

    dataset = data.load_dataset()
    print_machine("Shipped models")
    rows = []
    for name in models.list_models(args.folder):
        card = models.load_card(name, args.folder)
        model = models.load(models.model_path(name, args.folder))
        probs = models.predict_in_batches(model, dataset.x_test)
        accuracy = float(np.mean(probs.argmax(axis=1) == dataset.y_test))
        latency = time_single(model, dataset.x_test[0], args.calls)
        throughput = time_throughput(model, dataset.x_test[: args.throughput_images])
        rows.append(
            [
                name,
                f"{model.count_params():,}",
                card.get("epochs", "?"),
                card.get("train_seconds", "?"),
                f"{accuracy * 100:.2f}%",
                f"{card.get('test_accuracy', float('nan')) * 100:.2f}%",
                median(latency),
                percentile(latency, 95),
                f"{throughput:,.0f}",
            ]
        )
        print(f"{name}: done", flush=True)
    print()
    print_table(
        [
            "model",
            "parameters",
            "epochs",
            "train s (card)",
            "test acc (re-evaluated)",
            "test acc (card)",
            "1 image p50 ms",
            "1 image p95 ms",
            "batch 256 images/s",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
