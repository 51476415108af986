"""The sketch pipeline's line limit (``SketchConfig.max_stroke``), side by side.

    .venv/bin/python -m benchmarks.stroke_limit [--model FILE] [--set-c]

Scores one model on the tuning sketch sets A and B (as drawn) with each limit:
top-1, top-2 and the small drawings' top-1 (the rendering that thinning changes
most). Set C is held out: ``--set-c`` adds it, for a final check of a choice
already made on A and B, never to choose. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow loads

import numpy as np  # noqa: E402

from benchmarks import real_inputs, sketch_set  # noqa: E402
from benchmarks.common import print_machine, print_table  # noqa: E402
from fashion_cnn import metrics, models, preprocessing  # noqa: E402

LIMITS: tuple[float | None, ...] = (1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 6.0, None)


def score(model, inputs: real_inputs.Inputs) -> tuple[float, float, float]:
    """Return top-1, top-2 and the small drawings' top-1 of ``inputs``."""
    probs = models.predict_in_batches(model, inputs.images)
    hits = probs.argmax(axis=1) == inputs.labels
    small = np.array([group == "small" for group in inputs.groups])
    return (
        metrics.top_k_accuracy(inputs.labels, probs, 1),
        metrics.top_k_accuracy(inputs.labels, probs, 2),
        float(hits[small].mean()),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=models.model_path())
    parser.add_argument("--set-c", action="store_true", help="also score set C")
    args = parser.parse_args(argv)
    print_machine(f"Sketch line limit, {args.model.name}")
    model = models.load(args.model)
    headers = ["max_stroke", "A top-1", "A top-2", "A small", "B top-1", "B top-2"]
    headers += ["B small"] + (["C top-1", "C top-2", "C small"] if args.set_c else [])
    rows = []
    for limit in LIMITS:
        config = preprocessing.SketchConfig(max_stroke=limit)
        sets = [
            real_inputs.held_out_inputs("sketch set", sketch_set.SKETCH_SET, config),
            real_inputs.second_set_inputs(config),
        ]
        if args.set_c:
            sets.append(real_inputs.third_set_inputs(config))
        name = "none" if limit is None else f"{limit} px"
        if limit == preprocessing.SketchConfig().max_stroke:
            name += " (shipped)"
        cells: list[object] = [name]
        for inputs in sets:
            cells += [f"{share:.1%}" for share in score(model, inputs)]
        rows.append(cells)
    print_table(headers, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
