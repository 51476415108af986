"""Real photos and hand-drawn sketches, scored per class, for one or more models.

    nice -n 19 .venv/bin/python -m benchmarks.real_inputs [--model PATH ...]

Photos: the 120 CC0 photos in assets/real-photos/<class folder>/ (six classes, 20
each; sources in SOURCES.tsv). Sketches: the held-out set of benchmarks/sketch_set.py
(every class, six variants of each template: plain, small, off-centre, thin, thick,
wobbly), the second held-out set of benchmarks/sketch_set_b.py (written on
2026-12-01, after the model, by someone who never saw it), the third of
benchmarks/sketch_set_c.py (written on 2026-12-02 the same way, by a helper who
never saw a model or a result; never tuned on), and the 15 older quick
drawings of benchmarks/sketches.py at brush widths
18, 22 and 25 px (45), kept as a subset. Each model is scored with both sketch
pipelines, "as drawn" and "filled". Prints markdown tables.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

import benchmarks.legacy_views  # noqa: E402, F401 - loads the earlier 10-view model
from benchmarks import sketch_set, sketch_set_b, sketch_set_c, sketches  # noqa: E402
from benchmarks.common import prepare_drawing  # noqa: E402
from fashion_cnn import metrics, models, preprocessing, uncertainty  # noqa: E402
from fashion_cnn.data import CLASS_NAMES  # noqa: E402

PHOTOS = Path(__file__).resolve().parents[1] / "assets" / "real-photos"
OLD_BRUSHES = (18, 22, 25)
PIPELINES = {
    "as drawn": preprocessing.SketchConfig(style="as_drawn"),
    "filled": preprocessing.SketchConfig(style="filled"),
}


@dataclass(frozen=True)
class Inputs:
    """A named set of 28x28 inputs: (N, 28, 28) uint8 images, (N,) int labels."""

    name: str
    images: np.ndarray
    labels: np.ndarray
    groups: tuple[str, ...] = ()  # e.g. each sketch's variant


def load_photos(folder: Path = PHOTOS) -> tuple[list[np.ndarray], np.ndarray]:
    """Return decoded (H, W, 3) uint8 photos and their labels from class folders."""
    files = sorted(Path(folder).glob("*/*.jpg")) + sorted(Path(folder).glob("*/*.png"))
    rgbs = [preprocessing.decode_image(f.read_bytes(), f.name) for f in files]
    labels = [CLASS_NAMES.index(f.parent.name.replace("_", "/")) for f in files]
    return rgbs, np.array(labels)


def held_out_inputs(
    name: str, held_out: Sequence[sketch_set.Sketch], config: preprocessing.SketchConfig
) -> Inputs:
    """Return held-out sketches (grouped by variant) through ``config``."""
    images = [
        prepare_drawing(sketch_set.render(s.strokes, s.brush), config) for s in held_out
    ]
    return Inputs(
        f"{name} ({len(held_out)})",
        np.stack([p.image28 for p in images]),
        np.array([CLASS_NAMES.index(s.label) for s in held_out]),
        tuple(s.variant for s in held_out),
    )


def sketch_inputs(config: preprocessing.SketchConfig) -> tuple[Inputs, Inputs]:
    """Return (held-out sketch set, the 45 older sketches) through ``config``."""
    new = held_out_inputs("sketch set", sketch_set.SKETCH_SET, config)
    old = [
        (name, sketches.render(strokes, width))
        for name, strokes in sketches.all_sketches()
        for width in OLD_BRUSHES
    ]
    older = Inputs(
        f"older sketches ({len(old)})",
        np.stack([prepare_drawing(x, config).image28 for _, x in old]),
        np.array([CLASS_NAMES.index(name) for name, _ in old]),
    )
    return new, older


def second_set_inputs(config: preprocessing.SketchConfig) -> Inputs:
    """Return the second held-out sketch set (``sketch_set_b``) through ``config``."""
    return held_out_inputs("second sketch set", sketch_set_b.SKETCH_SET_B, config)


def third_set_inputs(config: preprocessing.SketchConfig) -> Inputs:
    """Return the third held-out sketch set (``sketch_set_c``) through ``config``."""
    return held_out_inputs("third sketch set", sketch_set_c.SKETCH_SET_C, config)


def photo_inputs(
    rgbs: Sequence[np.ndarray], labels: np.ndarray, method: Callable
) -> tuple[Inputs, float]:
    """Return the photos through ``method`` and the ms it took per photo."""
    start = time.perf_counter()
    images = np.stack([method(rgb) for rgb in rgbs])
    ms = 1000 * (time.perf_counter() - start) / len(rgbs)
    return Inputs(f"real photos ({len(rgbs)})", images, labels), ms


def per_class_top1(inputs: Inputs, probs: np.ndarray) -> dict[str, float]:
    """Return top-1 accuracy for each class present in ``inputs``."""
    hits = probs.argmax(axis=1) == inputs.labels
    return {
        CLASS_NAMES[c]: float(hits[inputs.labels == c].mean())
        for c in sorted(set(inputs.labels.tolist()))
    }


def verdict_shares(
    probs: np.ndarray, inputs: Inputs, calibration: uncertainty.Calibration
) -> dict[str, float]:
    """Share of right and wrong answers called "not sure" (or "not clothing")."""
    kinds = uncertainty.kinds(probs, inputs.images, calibration)
    right = probs.argmax(axis=1) == inputs.labels
    flagged = kinds != "confident"
    return {
        "right, flagged": float(flagged[right].mean()) if right.any() else np.nan,
        "wrong, caught": float(flagged[~right].mean()) if (~right).any() else np.nan,
    }


def confusion_table(inputs: Inputs, probs: np.ndarray) -> str:
    """Return a markdown confusion table (rows: drawn class, columns: answer)."""
    matrix = metrics.confusion_matrix(inputs.labels, probs.argmax(axis=1))
    short = [name.split("/")[0][:7] for name in CLASS_NAMES]
    lines = ["| drawn \\ answer | " + " | ".join(short) + " |"]
    lines.append("|---" * (len(short) + 1) + "|")
    for c, row in enumerate(matrix):
        lines.append(f"| {CLASS_NAMES[c]} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, nargs="+", default=[models.model_path()])
    parser.add_argument("--photos", type=Path, default=PHOTOS)
    parser.add_argument(
        "--calibration",
        type=Path,
        default=uncertainty.CALIBRATION_PATH,
        help="the 'not sure' thresholds of the first model",
    )
    args = parser.parse_args(argv)

    sets = {
        name: (
            *sketch_inputs(config),
            second_set_inputs(config),
            third_set_inputs(config),
        )
        for name, config in PIPELINES.items()
    }
    rgbs, photo_labels = load_photos(args.photos)
    photos, photo_ms = photo_inputs(
        rgbs, photo_labels, lambda rgb: preprocessing.prepare_photo(rgb).image28
    )
    print(f"photos through the shipped pipeline: {photo_ms:.0f} ms per photo\n")

    print("| model | inputs | pipeline | top-1 | top-2 | worst class (top-1) |")
    print("|---|---|---|---|---|---|")
    details = []
    for path in args.model:
        model = models.load(path)
        runs = [(inp, pipe) for pipe, pair in sets.items() for inp in pair]
        runs.append((photos, "GrabCut + paper"))
        for inputs, pipeline in runs:
            probs = models.predict_in_batches(model, inputs.images)
            top1 = metrics.top_k_accuracy(inputs.labels, probs, 1)
            top2 = metrics.top_k_accuracy(inputs.labels, probs, 2)
            classes = per_class_top1(inputs, probs)
            worst = min(classes, key=lambda name: classes[name])
            print(
                f"| {path.stem} | {inputs.name} | {pipeline} | {top1:.1%} | "
                f"{top2:.1%} | {worst} {classes[worst]:.0%} |"
            )
            details.append((path, inputs, pipeline, probs, classes))

    first = args.model[0]
    calibration = uncertainty.load_calibration(args.calibration)
    print(f"\nPer class, {first.stem} (top-1):\n")
    print("| inputs | pipeline | " + " | ".join(CLASS_NAMES) + " |")
    print("|---" * (len(CLASS_NAMES) + 2) + "|")
    for path, inputs, pipeline, _, classes in details:
        if path == first:
            cells = " | ".join(
                f"{classes[n]:.0%}" if n in classes else "-" for n in CLASS_NAMES
            )
            print(f"| {inputs.name} | {pipeline} | {cells} |")

    print(f"\nBy variant, {first.stem}, the held-out sketch sets (top-1):\n")
    for path, inputs, pipeline, probs, _ in details:
        if path == first and inputs.groups:
            hits = probs.argmax(axis=1) == inputs.labels
            groups = np.array(inputs.groups)
            cells = ", ".join(
                f"{g} {hits[groups == g].mean():.0%}" for g in dict.fromkeys(groups)
            )
            print(f"- {inputs.name}, {pipeline}: {cells}")

    print(f"\n'Not sure' on real inputs, {first.stem} ({args.calibration.name}):\n")
    print("| inputs | pipeline | right answers flagged | wrong answers caught |")
    print("|---|---|---|---|")
    for path, inputs, pipeline, probs, _ in details:
        if path == first:
            shares = verdict_shares(probs, inputs, calibration)
            cells = " | ".join(f"{v:.0%}" for v in shares.values())
            print(f"| {inputs.name} | {pipeline} | {cells} |")

    for path, inputs, pipeline, probs, _ in details:
        if path == first and inputs.groups and pipeline == "as drawn":
            print(f"\nConfusion, {first.stem}, {inputs.name}, {pipeline}:\n")
            print(confusion_table(inputs, probs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
