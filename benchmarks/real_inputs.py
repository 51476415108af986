"""Top-1 accuracy on real photos and drawn sketches: plain resizing vs. the pipeline.

    nice -n 19 .venv/bin/python -m benchmarks.real_inputs [--model PATH] [--photos DIR]

Photos: ../shared/real-photos/<class folder>/*.jpg (T-shirt_top -> "T-shirt/top").
Sketches: the quick drawings in benchmarks/sketches.py, rendered with brush widths
18, 22 and 25 px on the 280 x 280 black canvas. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from benchmarks import sketches  # noqa: E402
from fashion_cnn import models, preprocessing, uncertainty  # noqa: E402
from fashion_cnn.data import CLASS_NAMES  # noqa: E402

PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "real-photos"
BRUSHES = (18, 22, 25)


def load_photos(folder: Path) -> tuple[list[np.ndarray], np.ndarray]:
    """Return decoded (H, W, 3) uint8 photos and their labels from class folders."""
    files = sorted(Path(folder).glob("*/*.jpg")) + sorted(Path(folder).glob("*/*.png"))
    rgbs = [preprocessing.decode_image(f.read_bytes(), f.name) for f in files]
    labels = [CLASS_NAMES.index(f.parent.name.replace("_", "/")) for f in files]
    return rgbs, np.array(labels)


def accuracy(model, images: list[np.ndarray], labels: np.ndarray) -> float:
    probs = models.predict_in_batches(model, np.stack(images))
    return float((probs.argmax(axis=1) == labels).mean())


def verdict_shares(model, images: list[np.ndarray]) -> dict[str, float]:
    """Share of each verdict kind under the shipped uncertainty calibration."""
    images = np.stack(images)
    probs = models.predict_in_batches(model, images)
    kinds = uncertainty.kinds(probs, images, uncertainty.load_calibration())
    return {
        k: float((kinds == k).mean()) for k in ("confident", "unsure", "not_clothing")
    }


def grey_resize(rgb: np.ndarray) -> np.ndarray:
    """The plain baseline: grey, squash to 28 x 28, nothing else."""
    return preprocessing.prepare_baseline(rgb[..., :3]).image28


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=models.model_path())
    parser.add_argument("--photos", type=Path, default=PHOTOS)
    args = parser.parse_args(argv)
    model = models.load(args.model)

    rows, verdicts = [], []
    rgbs, labels = load_photos(args.photos)
    photo_methods = {
        "grey + resize to 28 (baseline)": grey_resize,
        "grey + resize + negate": lambda rgb: 255 - grey_resize(rgb),
        "paper: trim within 5% of corner colour, negate, 28, sharpen, centre": (
            lambda rgb: (
                preprocessing.prepare_photo(
                    rgb, preprocessing.PhotoConfig(segmentation="threshold")
                ).image28
            )
        ),
        "pipeline: GrabCut cut-out, then the paper's steps (shipped)": (
            lambda rgb: preprocessing.prepare_photo(rgb).image28
        ),
    }
    for name, method in photo_methods.items():
        start = time.perf_counter()
        images = [method(rgb) for rgb in rgbs]
        ms = 1000 * (time.perf_counter() - start) / len(rgbs)
        rows.append(
            (f"real photos ({len(rgbs)})", name, accuracy(model, images, labels), ms)
        )
    verdicts.append(("real photos, pipeline", verdict_shares(model, images)))

    drawings = [
        (name, sketches.render(strokes, width))
        for name, strokes in sketches.all_sketches()
        for width in BRUSHES
    ]
    sketch_labels = np.array([CLASS_NAMES.index(name) for name, _ in drawings])
    sketch_methods = {
        "grey + resize to 28 (baseline)": grey_resize,
        "pipeline: crop, close + fill outlines, 28, centre (shipped)": (
            lambda rgba: preprocessing.prepare_sketch(rgba).image28
        ),
    }
    for name, method in sketch_methods.items():
        start = time.perf_counter()
        images = [method(rgba) for _, rgba in drawings]
        ms = 1000 * (time.perf_counter() - start) / len(drawings)
        label = f"sketches ({len(drawings)})"
        rows.append((label, name, accuracy(model, images, sketch_labels), ms))
    verdicts.append(("sketches, pipeline", verdict_shares(model, images)))

    print(f"model: {args.model}\n")
    print("| inputs | preprocessing | top-1 accuracy | ms per image |")
    print("|---|---|---|---|")
    for inputs, name, acc, ms in rows:
        print(f"| {inputs} | {name} | {acc:.1%} | {ms:.0f} |")
    print("\n| inputs | confident | unsure | not clothing |\n|---|---|---|---|")
    for inputs, shares in verdicts:
        cells = " | ".join(f"{v:.0%}" for v in shares.values())
        print(f"| {inputs} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
