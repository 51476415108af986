"""Honest answers: say "not sure" or "this doesn't look like clothing" when it is so.

Two scores, both calibrated on the fixed validation split (never the test set):

- *not clothing*: the 28x28 image is unlike every Fashion-MNIST image, measured by
  how badly the dataset's 40 principal components reconstruct it (its distance from
  the "space of clothing pictures"); this score does not depend on the model;
- *unsure*: the top probability is below ``min_confidence``, or the probabilities
  are spread so thin that their entropy exceeds ``max_entropy`` (the model hesitates
  between classes).

Each calibration records the content hash of the model file it was made for
(``model_sha256``); ``load_calibration_for`` refuses one that does not match, so a
replaced model never answers with its predecessor's thresholds.
``python -m fashion_cnn.uncertainty`` recomputes the calibration for the shipped
model and writes ``assets/models/studio.uncertainty.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from fashion_cnn.data import CLASS_NAMES, IMAGE_SIZE

CALIBRATION_PATH = (
    Path(__file__).resolve().parent.parent
    / "assets"
    / "models"
    / "studio.uncertainty.json"
)
PCA_COMPONENTS = 40
VALIDATION_FLAG_SHARE = 0.10  # share of validation images allowed to be "unsure"
VALIDATION_OOD_SHARE = 0.002  # share of validation images allowed to be "not clothing"
VerdictKind = Literal["confident", "unsure", "not_clothing"]
FALLBACK_MIN_CONFIDENCE = 0.6  # "unsure" below this, for a model with no calibration


@dataclass(frozen=True)
class Calibration:
    """Thresholds for one model and the dataset's principal components.

    min_confidence: top probability below which the verdict is "unsure".
    max_entropy: entropy (nats) above which the verdict is "unsure".
    max_residual: mean squared PCA reconstruction error (pixels in [0, 1]) above
    which the input is "not clothing". mean: (784,) and components: (k, 784) float32.
    """

    model: str
    min_confidence: float
    max_entropy: float
    max_residual: float
    mean: np.ndarray
    components: np.ndarray
    model_sha256: str = ""  # content hash of the model file it was made for


@dataclass(frozen=True)
class Verdict:
    """What the app says about one prediction.

    kind: "confident", "unsure" or "not_clothing"; headline: a short title such as
    "Trouser" or "Not sure: Shirt or T-shirt/top?"; detail: one plain sentence;
    top: (class name, probability) pairs sorted by probability, highest first.
    """

    kind: VerdictKind
    headline: str
    detail: str
    top: list[tuple[str, float]]


def entropy(probabilities: np.ndarray) -> np.ndarray:
    """Return the entropy in nats of (..., 10) probabilities; 0 (sure) to ln 10."""
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=-1)


def fit_pca(
    images: np.ndarray, k: int = PCA_COMPONENTS
) -> tuple[np.ndarray, np.ndarray]:
    """Return (mean (784,), components (k, 784)) float32 of (N, 28, 28) uint8 images."""
    x = np.asarray(images, dtype=np.float32).reshape(len(images), -1) / 255.0
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    return mean.astype(np.float32), vt[:k].astype(np.float32)


def residual(
    images: np.ndarray, mean: np.ndarray, components: np.ndarray
) -> np.ndarray:
    """Return (N,) mean squared PCA reconstruction errors of (N, 28, 28) uint8 images.

    Dataset-like images score about 0.005-0.02; noise and digits score higher.
    """
    x = (
        np.asarray(images, dtype=np.float32).reshape(-1, IMAGE_SIZE * IMAGE_SIZE)
        / 255.0
    )
    centred = x - mean
    projected = centred @ components.T @ components
    return ((centred - projected) ** 2).mean(axis=1)


def calibrate(
    val_probabilities: np.ndarray,
    val_images: np.ndarray,
    train_images: np.ndarray,
    model: str = "studio",
    flag_share: float = VALIDATION_FLAG_SHARE,
    ood_share: float = VALIDATION_OOD_SHARE,
    model_sha256: str = "",
) -> Calibration:
    """Choose thresholds on validation data.

    The PCA basis is fitted on ``train_images`` (the training part of the split);
    ``min_confidence`` flags ``flag_share`` of the validation images as unsure and
    ``max_entropy`` a tenth of that; ``max_residual`` flags ``ood_share`` of them as
    not clothing.
    """
    mean, components = fit_pca(train_images)
    base = Calibration(model, 0.0, np.inf, np.inf, mean, components, model_sha256)
    return with_shares(base, val_probabilities, val_images, flag_share, ood_share)


def with_shares(
    calibration: Calibration,
    val_probabilities: np.ndarray,
    val_images: np.ndarray,
    flag_share: float,
    ood_share: float,
) -> Calibration:
    """Return ``calibration`` with thresholds flagging the given validation shares."""
    top = np.asarray(val_probabilities).max(axis=1)
    unlike = residual(val_images, calibration.mean, calibration.components)
    return replace(
        calibration,
        min_confidence=float(np.quantile(top, flag_share)),
        max_entropy=float(np.quantile(entropy(val_probabilities), 1 - flag_share / 10)),
        max_residual=float(np.quantile(unlike, 1 - ood_share)),
    )


def save_calibration(calibration: Calibration, path: Path = CALIBRATION_PATH) -> Path:
    """Write the calibration as JSON (components rounded to 5 decimals)."""
    record = asdict(calibration)
    record["mean"] = np.round(calibration.mean, 5).tolist()
    record["components"] = np.round(calibration.components, 5).tolist()
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, separators=(",", ":")))
    tmp.replace(path)
    return path


def load_calibration(path: Path = CALIBRATION_PATH) -> Calibration:
    """Read a calibration written by ``save_calibration``."""
    record = json.loads(Path(path).read_text())
    record["mean"] = np.asarray(record["mean"], dtype=np.float32)
    record["components"] = np.asarray(record["components"], dtype=np.float32)
    return Calibration(**record)


def calibration_path(model_file: str | Path) -> Path:
    """Return where the calibration of ``NAME.keras`` lives: NAME.uncertainty.json."""
    model_file = Path(model_file)
    return model_file.with_name(f"{model_file.stem}.uncertainty.json")


def load_calibration_for(model_file: str | Path) -> Calibration | None:
    """Return the calibration made for this exact model file, or None.

    None when there is none, when it cannot be read, or when it records another
    model's content hash (the model was replaced and not yet recalibrated).
    """
    from fashion_cnn.models import fingerprint

    try:
        calibration = load_calibration(calibration_path(model_file))
        current = fingerprint(model_file)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return calibration if calibration.model_sha256 == current else None


def calibration_images(dataset, drawn: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return (validation, training) (N, 28, 28) uint8 images to calibrate on.

    ``drawn``: the model was trained on redrawn items too (``fashion_cnn.drawings``),
    so drawings count as clothing: each set also gets redrawings (all of the
    validation images, a tenth-or-so sample of the training images).
    """
    from fashion_cnn import data, drawings

    split = data.split_validation(dataset.x_train, dataset.y_train)
    val_images, train_images = split.x_val, split.x_train
    if drawn:
        val_drawn = drawings.redraw_many(val_images, 1, labels=split.y_val)
        val_images = np.concatenate([val_images, val_drawn])
        every = max(1, len(train_images) // 10_000)
        sample, sample_labels = train_images[::every], split.y_train[::every]
        train_drawn = drawings.redraw_many(sample, 2, labels=sample_labels)
        train_images = np.concatenate([train_images, train_drawn])
    return val_images, train_images


def calibrate_model(model, model_file: str | Path, dataset, drawn: bool) -> Path:
    """Calibrate a saved model on the validation split; write and return the file.

    ``drawn``: the model was trained on redrawn items too (``fashion_cnn.drawings``),
    so drawings count as clothing: the principal components are fitted on the
    training images and their redrawings, and the thresholds set on the validation
    images and theirs.
    """
    from fashion_cnn import models

    val_images, train_images = calibration_images(dataset, drawn)
    val_probs = models.predict_in_batches(model, val_images)
    calibration = calibrate(
        val_probs,
        val_images,
        train_images,
        Path(model_file).stem,
        model_sha256=models.fingerprint(model_file),
    )
    return save_calibration(calibration, calibration_path(model_file))


def _ranked(probabilities: np.ndarray) -> list[tuple[str, float]]:
    order = np.argsort(probabilities)[::-1]
    return [(CLASS_NAMES[i], float(probabilities[i])) for i in order]


def assess(
    probabilities: np.ndarray,
    image28: np.ndarray,
    calibration: Calibration | None = None,
) -> Verdict:
    """Return the verdict for one prediction.

    probabilities: (10,) softmax output; image28: (28, 28) uint8, the model input.
    calibration: the answering model's thresholds (``load_calibration_for``). None
    (no calibration for this model) falls back to "unsure" below a fixed top
    probability, ``FALLBACK_MIN_CONFIDENCE``, and never says "not clothing".
    """
    probabilities = np.asarray(probabilities, dtype=np.float64).reshape(-1)
    if (
        probabilities.shape != (len(CLASS_NAMES),)
        or not np.isfinite(probabilities).all()
    ):
        raise ValueError(f"expected 10 finite probabilities, got {probabilities.shape}")
    top = _ranked(probabilities)
    (first, p1), (second, p2) = top[0], top[1]
    # Without a calibration, the fallback rule: a fixed top probability only.
    min_confidence, max_entropy = FALLBACK_MIN_CONFIDENCE, np.inf
    if calibration is not None:
        min_confidence = calibration.min_confidence
        max_entropy = calibration.max_entropy
        images = np.asarray(image28)[None]
        unlike = residual(images, calibration.mean, calibration.components)[0]
        if unlike > calibration.max_residual:
            return Verdict(
                "not_clothing",
                "This doesn't look like clothing",
                "It is unlike the 70,000 pictures the model learned from, so any "
                f"label would be a guess (the closest is {first}, {p1:.0%}).",
                top,
            )
    if p1 < min_confidence or entropy(probabilities) > max_entropy:
        return Verdict(
            "unsure",
            f"Not sure: {first} or {second}?",
            f"The model hesitates between {first} ({p1:.0%}) and {second} ({p2:.0%}).",
            top,
        )
    return Verdict("confident", first, f"The model is {p1:.0%} sure.", top)


def kinds(
    probabilities: np.ndarray, images: np.ndarray, calibration: Calibration
) -> np.ndarray:
    """Return (N,) verdict kinds for (N, 10) probabilities and (N, 28, 28) images."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    unlike = residual(images, calibration.mean, calibration.components)
    ood = unlike > calibration.max_residual
    unsure = (probabilities.max(axis=1) < calibration.min_confidence) | (
        entropy(probabilities) > calibration.max_entropy
    )
    return np.where(ood, "not_clothing", np.where(unsure, "unsure", "confident"))


def synthetic_non_clothing(count: int = 200, seed: int = 0) -> dict[str, np.ndarray]:
    """Return inputs that are not clothing, each (count, 28, 28) uint8, light on black.

    "digits": MNIST-like handwritten-style digits drawn with Pillow's font;
    "noise": uniform, Gaussian and blotchy noise; "shapes": circles, rectangles,
    triangles, lines and crosses, outlined or filled.
    """
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = np.random.default_rng(seed)
    digits, noise, shapes = [], [], []
    for i in range(count):
        # digit: a 20 px glyph centred in 28x28, slightly rotated, MNIST style
        img = Image.new("L", (56, 56))
        font = ImageFont.load_default(size=int(rng.integers(34, 46)))
        ImageDraw.Draw(img).text(
            (28, 28),
            str(i % 10),
            fill=255,
            font=font,
            anchor="mm",
            stroke_width=int(rng.integers(0, 3)),
            stroke_fill=255,
        )
        img = img.rotate(
            float(rng.uniform(-15, 15)), resample=Image.Resampling.BILINEAR
        )
        box = img.getbbox() or (0, 0, 56, 56)
        glyph = img.crop(box)
        glyph.thumbnail((20, 20), Image.Resampling.LANCZOS)
        canvas = Image.new("L", (28, 28))
        canvas.paste(glyph, ((28 - glyph.width) // 2, (28 - glyph.height) // 2))
        digits.append(np.asarray(canvas))
        # noise: three kinds in turn
        kind = i % 3
        if kind == 0:
            arr = rng.integers(0, 256, (28, 28))
        elif kind == 1:
            arr = np.clip(rng.normal(128, 60, (28, 28)), 0, 255)
        else:
            small = Image.fromarray(rng.integers(0, 256, (7, 7)).astype(np.uint8))
            arr = np.asarray(small.resize((28, 28), Image.Resampling.BICUBIC))
        noise.append(np.asarray(arr, dtype=np.uint8))
        # shapes
        img = Image.new("L", (28, 28))
        draw = ImageDraw.Draw(img)
        a, b = rng.integers(2, 10, 2)
        c, d = rng.integers(18, 26, 2)
        fill = 255 if rng.random() < 0.5 else None
        width = int(rng.integers(1, 4))
        shape = i % 5
        if shape == 0:
            draw.ellipse((a, b, c, d), outline=255, fill=fill, width=width)
        elif shape == 1:
            draw.rectangle((a, b, c, d), outline=255, fill=fill, width=width)
        elif shape == 2:
            draw.polygon([(14, a), (a, d), (c, d)], outline=255, fill=fill, width=width)
        elif shape == 3:
            draw.line((a, b, c, d), fill=255, width=width + 1)
        else:
            draw.line((a, 14, c, 14), fill=255, width=width + 1)
            draw.line((14, b, 14, d), fill=255, width=width + 1)
        shapes.append(np.asarray(img.filter(ImageFilter.GaussianBlur(0.5))))
    return {
        "digits": np.stack(digits).astype(np.uint8),
        "noise": np.stack(noise).astype(np.uint8),
        "shapes": np.stack(shapes).astype(np.uint8),
    }


def tradeoff_table(
    calibration: Calibration,
    validation: tuple[np.ndarray, np.ndarray],
    test_probabilities: np.ndarray,
    test_images: np.ndarray,
    y_test: np.ndarray,
    others: dict[str, tuple[np.ndarray, np.ndarray]],
) -> str:
    """Return a markdown table: test images flagged vs non-clothing inputs caught.

    validation: ((N, 10) probabilities, (N, 28, 28) images) to set thresholds on;
    others: name -> ((N, 10) probabilities, (N, 28, 28) images) of non-clothing inputs.
    """
    rows = [
        "| thresholds (validation share flagged) | test: unsure | test: not clothing "
        "| test accuracy when confident | "
        + " | ".join(f"{name}: not clothing (any flag)" for name in others)
        + " |",
        "|" + "---|" * (4 + len(others)),
    ]
    for flag_share, ood_share in ((0.05, 0.001), (0.10, 0.002), (0.20, 0.01)):
        cal = with_shares(calibration, *validation, flag_share, ood_share)
        k = kinds(test_probabilities, test_images, cal)
        confident = k == "confident"
        accuracy = (test_probabilities.argmax(1) == y_test)[confident].mean()
        cells = []
        for probs, images in others.values():
            ko = kinds(probs, images, cal)
            caught, any_flag = (ko == "not_clothing").mean(), (ko != "confident").mean()
            cells.append(f"{caught:.0%} ({any_flag:.0%})")
        shipped = (flag_share, ood_share) == (
            VALIDATION_FLAG_SHARE,
            VALIDATION_OOD_SHARE,
        )
        chosen = " **(shipped)**" if shipped else ""
        rows.append(
            f"| unsure {flag_share:.0%}, not clothing {ood_share:.1%}{chosen} "
            f"| {(k == 'unsure').mean():.1%} | {(k == 'not_clothing').mean():.1%} "
            f"| {accuracy:.1%} | " + " | ".join(cells) + " |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Calibrate a saved model on the validation split; print the trade-off."""
    import argparse

    from fashion_cnn import data, models

    parser = argparse.ArgumentParser(prog="python -m fashion_cnn.uncertainty")
    parser.add_argument("--model", type=Path, default=models.model_path())
    args = parser.parse_args(argv)

    dataset = data.load_dataset()
    model = models.load(args.model)
    drawn = models.learned_from_drawings(models.card_beside(args.model))
    path = calibrate_model(model, args.model, dataset, drawn)
    calibration = load_calibration(path)
    print(f"wrote {path}: {json.dumps(_thresholds(calibration))}")

    val_images, _ = calibration_images(dataset, drawn)  # what the thresholds saw
    val_probs = models.predict_in_batches(model, val_images)
    test_probs = models.predict_in_batches(model, dataset.x_test)
    others = {
        name: (models.predict_in_batches(model, images), images)
        for name, images in synthetic_non_clothing().items()
    }
    print(
        tradeoff_table(
            calibration,
            (val_probs, val_images),
            test_probs,
            dataset.x_test,
            dataset.y_test,
            others,
        )
    )
    return 0


def _thresholds(calibration: Calibration) -> dict:
    return {
        "min_confidence": round(calibration.min_confidence, 4),
        "max_entropy": round(calibration.max_entropy, 4),
        "max_residual": round(calibration.max_residual, 5),
    }


if __name__ == "__main__":
    raise SystemExit(main())
