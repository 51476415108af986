"""Short training runs of the studio recipe with different drawing styles, side by
side: the way recipes for issue 10 are compared before a 30-minute run.

    nice -n 19 .venv/bin/python -m benchmarks.short_runs [--variants NAME ...]
        [--seeds 42 43 44]

Each variant trains the studio recipe on the same subset (22,000 images, 4 epochs,
seed 42 by default) with its own ``drawings.DrawingStyle``, and is scored on the
validation images, the first two held-out sketch sets (as drawn) and the 120 real
photos. The first two sets chose the drawing styles, so they are tuning sets here;
the third set (``sketch_set_c``) is scored only with ``--set-c``, for a final
check, never to choose. With several ``--seeds`` each variant runs once per seed
(its subset and initial weights) and a table gives each score's mean and range:
one seed's run is noisy by about 5 points on set A and 6 on the photos
(BENCHMARKS.md, 2026-12-07), so compare variants on several seeds. Prints
markdown tables; nothing is saved.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow loads

import numpy as np  # noqa: E402

from benchmarks import real_inputs  # noqa: E402
from benchmarks.common import print_machine, print_table  # noqa: E402
from fashion_cnn import (  # noqa: E402
    data,
    drawings,
    metrics,
    models,
    preprocessing,
    training,
)

SHIPPED = drawings.DEFAULT_STYLE
# Each variant is the TrainConfig fields it changes (drawing style, distillation).
VARIANTS: dict[str, dict[str, object]] = {
    "shipped": {"drawing_style": SHIPPED},
    "details": {"drawing_style": replace(SHIPPED, details_share=0.6)},
    "details, fewer edges": {
        "drawing_style": replace(SHIPPED, details_share=0.6, interior_share=0.3)
    },
    "details 0.8": {"drawing_style": replace(SHIPPED, details_share=0.8)},
    "merged 0.15": {"drawing_style": replace(SHIPPED, merged_share=0.15)},
    "merged 0.3": {"drawing_style": replace(SHIPPED, merged_share=0.3)},
    # Soft targets from the 10-view teacher (fashion_cnn.distillation; "shipped"
    # takes the recipe's 0.5); the teacher learned from all 55,000 images, so on
    # a subset it also passes on what the subset lacks: a short run flatters it.
    "no teacher": {"drawing_style": SHIPPED, "distillation": 0.0},
    "teacher 0.8": {"drawing_style": SHIPPED, "distillation": 0.8},
    # Cleaner drawings: fewer texture edges inside, thinner strokes.
    "no texture edges": {"drawing_style": replace(SHIPPED, interior_share=0.0)},
    "thin strokes": {"drawing_style": replace(SHIPPED, stroke_width=(0.8, 2.5))},
    "clean": {
        "drawing_style": replace(SHIPPED, interior_share=0.3, stroke_width=(0.8, 3.0))
    },
}
WATCHED = ("T-shirt/top", "Trouser", "Pullover", "Coat", "Shirt", "Sneaker")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS
    )
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train-size", type=int, default=22_000)
    parser.add_argument(
        "--seeds",
        nargs="+",
        type=int,
        default=[42],
        help="run each variant once per seed (subset and initial weights); one "
        "seed's run is noisy by about 5 points on set A (BENCHMARKS.md)",
    )
    parser.add_argument("--set-c", action="store_true", help="also score set C")
    args = parser.parse_args(argv)
    print_machine("Short runs of the studio recipe")
    precision = training.training_precision(models.get_recipe("studio"))
    print(f"- training precision here: {precision}\n", flush=True)

    config = preprocessing.SketchConfig(style="as_drawn")
    set_a, _ = real_inputs.sketch_inputs(config)
    sets = [set_a, real_inputs.second_set_inputs(config)]
    if args.set_c:
        sets.append(real_inputs.third_set_inputs(config))
    rgbs, labels = real_inputs.load_photos()
    photos, _ = real_inputs.photo_inputs(
        rgbs, labels, lambda rgb: preprocessing.prepare_photo(rgb).image28
    )
    dataset = data.load_dataset()

    rows, per_class = [], []
    scored: dict[str, list[list[float]]] = {}  # variant: per seed, each top-1
    for name, seed in [(n, s) for n in args.variants for s in args.seeds]:
        train_config = training.TrainConfig(
            recipe="studio",
            epochs=args.epochs,
            train_size=args.train_size,
            seed=seed,
            **VARIANTS[name],  # type: ignore[arg-type]
        )
        start = time.perf_counter()
        result = training.train(train_config, dataset)
        seconds = time.perf_counter() - start
        validation = max(e["val_accuracy"] for e in result.history)
        cells: list[object] = [
            name,
            seed,
            f"{seconds:.0f}",
            f"{validation:.1%}",
        ]
        top1s = [validation]
        for inputs in [*sets, photos]:
            probs = models.predict_in_batches(result.model, inputs.images)
            top1 = metrics.top_k_accuracy(inputs.labels, probs, 1)
            top2 = metrics.top_k_accuracy(inputs.labels, probs, 2)
            cells.append(f"{top1:.1%} / {top2:.1%}")
            top1s.append(top1)
            if inputs.groups:
                classes = real_inputs.per_class_top1(inputs, probs)
                hits = probs.argmax(axis=1) == inputs.labels
                small = hits[np.array(inputs.groups) == "small"].mean()
                per_class.append(
                    [
                        name,
                        seed,
                        inputs.name,
                        *(f"{classes[c]:.0%}" for c in WATCHED),
                        f"{small:.0%}",
                    ]
                )
        rows.append(cells)
        scored.setdefault(name, []).append(top1s)
        print(f"{name}, seed {seed}: done in {seconds:.0f} s", flush=True)

    names = [s.name for s in sets]
    print()
    print_table(["variant", "seed", "train s", "validation", *names, photos.name], rows)
    if len(args.seeds) > 1:
        print()
        print_table(
            [
                "variant (top-1 over seeds: mean, min-max)",
                "validation",
                *names,
                "photos",
            ],
            [[name, *spread_cells(runs)] for name, runs in scored.items()],
        )
    print()
    print_table(["variant", "seed", "set", *WATCHED, "small drawings"], per_class)
    return 0


def spread_cells(runs: list[list[float]]) -> list[str]:
    """Return 'mean (min-max)' per column of per-seed top-1 shares."""
    columns = np.asarray(runs).T * 100
    return [f"{c.mean():.1f}% ({c.min():.1f}-{c.max():.1f})" for c in columns]


if __name__ == "__main__":
    raise SystemExit(main())
