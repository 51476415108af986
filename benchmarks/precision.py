"""Seconds per training step of a recipe's network in float32 and mixed bfloat16,
side by side, on this machine's CPU.

    .venv/bin/python -m benchmarks.precision [--recipe studio] [--steps 20]

The studio recipe trains in ``mixed_bfloat16``, which is fast only on CPUs with
bf16 units (AVX-512 BF16 or AMX); elsewhere TensorFlow emulates bf16 and a step
takes many times longer. ``training.training_precision`` picks float32 there; this
table is the measurement behind that choice. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow loads

import keras  # noqa: E402
import numpy as np  # noqa: E402

from benchmarks.common import print_machine, print_table  # noqa: E402
from fashion_cnn import models, training  # noqa: E402


def seconds_per_step(
    recipe: models.Recipe, precision: str, steps: int, batch: int
) -> float:
    """Return the median seconds of one training step (after two warm-up steps)."""
    network = training._build(recipe, precision)
    network.compile(optimizer="adamw", loss="categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.random((batch, *models.INPUT_SHAPE), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, batch), 10)
    times = []
    for i in range(steps + 2):
        start = time.perf_counter()
        network.train_on_batch(x, y)
        if i >= 2:
            times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", default="studio")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)
    print_machine("Training precision")
    recipe = models.get_recipe(args.recipe)
    print(f"- bf16 units: {training.cpu_has_bf16()}")
    print(f"- chosen: {training.training_precision(recipe)}\n")
    rows = []
    for precision in ("float32", "mixed_bfloat16"):
        step = seconds_per_step(recipe, precision, args.steps, 128)
        epoch = step * 54_000 / 128
        rows.append([precision, f"{1000 * step:.0f}", f"{epoch:.0f}"])
    print_table(["precision", "ms per step (batch 128)", "s per epoch (54,000)"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
