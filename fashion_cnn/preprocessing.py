"""Turn a visitor's photo, upload or sketch into a dataset-like 28x28 image.

Fashion-MNIST items were made from catalogue photos (Xiao, Rasul, Vollgraf 2017):
trim the borders whose colour is within 5% of the corner pixel's, resize the longest
edge to 28, sharpen (Gaussian, radius and sigma 1.0), extend the shorter edge to 28
and centre, negate the intensities, convert to 8-bit grey. A real photo has a busy
background rather than a white one, so by default the garment is cut out with
OpenCV's GrabCut, seeded from the border, before the same steps.

Uploads are untrusted: only PNG, JPEG, GIF, BMP and WebP are decoded, the size is
checked before the pixels are, and every failure becomes an ``ImageError`` whose
message can be shown to a visitor as it is.
"""

from __future__ import annotations

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageFilter, ImageOps

from fashion_cnn.data import IMAGE_SIZE, to_model_input

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the app's and the CLI's rule (config: ceiling)
MAX_PIXELS = 25_000_000  # declared width x height; Pillow's own default is 89M
MIN_SIDE = 16  # pixels: a 28x28 dataset image is fine, a 1x1 or 1x4000 one is not
MAX_ASPECT = 10.0  # longest side / shortest side
WORK_SIZE = 512  # decoded photos are shrunk to this longest side before processing
ALLOWED_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")
UNSUPPORTED_HINTS = {
    "svg": "SVG drawings are not supported: please export it as PNG or JPEG.",
    "heic": "HEIC photos are not supported: please save it as JPEG.",
    "heif": "HEIF photos are not supported: please save it as JPEG.",
    "avif": "AVIF images are not supported: please save it as PNG or JPEG.",
    "psd": "Photoshop files are not supported: please export it as PNG or JPEG.",
    "tif": "TIFF images are not supported: please save it as PNG or JPEG.",
    "tiff": "TIFF images are not supported: please save it as PNG or JPEG.",
}
NOT_AN_IMAGE = (
    "This file is not an image we can read. Please use a PNG, JPEG, GIF, BMP or "
    "WebP picture."
)
_DECODE_LOCK = (
    threading.Lock()
)  # Pillow's limit is a module global: one decode at a time


class ImageError(ValueError):
    """An input we cannot turn into a 28x28 image; str() is a short friendly message."""


@dataclass(frozen=True)
class Prepared:
    """A model-ready image and the steps that made it.

    batch: (1, 28, 28, 1) float32 in [0, 1]; image28: (28, 28) uint8, a light item on
    black like the dataset; stages: (caption, uint8 (H, W) grey or (H, W, 3) RGB)
    pairs for the "what the model sees" strip, from the original to the final 28x28.
    """

    batch: np.ndarray
    image28: np.ndarray
    stages: tuple[tuple[str, np.ndarray], ...]


@dataclass(frozen=True)
class PhotoConfig:
    """How photos are cut out and scaled.

    segmentation: "grabcut" (cut the item out of a busy background), "threshold"
    (the paper's trim: drop borders within ``tolerance`` of the corner colour) or
    "none" (keep the whole frame). stretch: scale the item's intensities so that its
    brightest pixels are white, as in the dataset.
    """

    segmentation: Literal["grabcut", "threshold", "none"] = "grabcut"
    tolerance: float = 0.05
    stretch: bool = True
    grabcut_size: int = 160
    grabcut_iterations: int = 5
    sharpen: bool = True


@dataclass(frozen=True)
class SketchConfig:
    """How canvas drawings are turned into 28x28 images.

    style: "as_drawn" keeps the strokes as they are (the model has seen outline
    drawings of the dataset's items); "filled" closes gaps and fills closed outlines
    with grey, turning an outline into a silhouette (for models that only know the
    dataset's photos).
    ink_threshold: grey level (0-255) above which a pixel counts as a stroke.
    min_ink: smallest share of the canvas covered by strokes; less is "blank".
    max_stroke: strokes wider than this once the drawing is 28 px tall (a small
    drawing with a wide brush) are thinned to it; None keeps them. 6 px, half again
    as wide as the widest training strokes (4 px), was chosen on sketch sets A and B
    over 1.5-4.5 px and None (BENCHMARKS.md, 2026-12-08).
    close: gap-closing kernel as a share of the drawing's longest side ("filled").
    fill_level: grey level (0-255) given to the inside of closed outlines ("filled").
    blur: Gaussian blur radius in canvas pixels that softens the fill's edges
    ("filled"); drawings as drawn are softened by the shrinking alone, like the
    training drawings.
    """

    style: Literal["as_drawn", "filled"] = "as_drawn"
    ink_threshold: int = 64
    min_ink: float = 0.002
    max_stroke: float | None = 6.0
    close: float = 0.05
    fill_level: int = 180
    blur: float = 0.6


# ----------------------------------------------------------------------------- decode


@contextmanager
def _strict_pillow():
    """Lower Pillow's decompression-bomb limit, make its warning an error (scoped)."""
    with _DECODE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"This picture is too large ({width:,} x {height:,} pixels). Please use "
            "one under 25 megapixels."
        )
    if min(width, height) < MIN_SIDE:
        raise ImageError(
            f"This picture is too small ({width} x {height} pixels). Please use one "
            f"at least {MIN_SIDE} pixels on each side."
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise ImageError(
            f"This picture is too long and thin ({width} x {height} pixels) to "
            "show a piece of clothing."
        )


def _to_8bit(img: Image.Image) -> Image.Image:
    """Scale 16- and 32-bit integer or float grey images to 8-bit "L" (never clip)."""
    arr = np.asarray(img)
    if img.mode.startswith("I;16") or (img.mode == "I" and arr.max(initial=0) > 255):
        top = 65535.0 if arr.max(initial=0) <= 65535 else float(arr.max())
        arr = arr.astype(np.float64) * (255.0 / top)
    elif img.mode == "F":
        low, high = float(np.nanmin(arr)), float(np.nanmax(arr))
        if not np.isfinite(low) or not np.isfinite(high):
            raise ImageError(NOT_AN_IMAGE)
        if low < 0 or high > 255:
            arr = (arr - low) * (255.0 / max(high - low, 1e-9))
    return Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8), "L")


def _flatten(img: Image.Image) -> Image.Image:
    """Return an RGB image; transparency is flattened onto a contrasting background.

    The background is black for a light item and white for a dark one, so that the
    corner colour always tells the item apart from the background.
    """
    if img.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        img = _to_8bit(img)
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        img.mode in ("P", "L", "RGB") and "transparency" in img.info
    )
    if not has_alpha:
        return img.convert("RGB")
    rgba = np.asarray(img.convert("RGBA"), dtype=np.float32)
    alpha = rgba[..., 3:] / 255.0
    rgb = rgba[..., :3]
    seen = alpha[..., 0] > 0.5
    item_grey = rgb[seen].mean() if seen.any() else 0.0
    background = 0.0 if item_grey > 127 else 255.0
    flat = rgb * alpha + background * (1.0 - alpha)
    return Image.fromarray(np.clip(np.rint(flat), 0, 255).astype(np.uint8), "RGB")


def decode_image(data: bytes, filename: str = "") -> np.ndarray:
    """Safely decode an uploaded file; return (H, W, 3) uint8 RGB, longest side <= 512.

    Only PNG, JPEG, GIF, BMP and WebP are read, recognised by their content, not
    their name. The declared size is checked before any pixel is decoded; EXIF
    orientation is applied; animations give their first frame; 16-bit images are
    scaled to 8 bits; CMYK, palette, LA and RGBA are converted; transparency is
    flattened. Raises ImageError with a friendly message for anything else.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageError(NOT_AN_IMAGE)
    if len(data) == 0:
        raise ImageError("This file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(
            f"This file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
            "Please use a smaller picture."
        )
    try:
        with _strict_pillow():
            img: Image.Image = Image.open(
                io.BytesIO(bytes(data)), formats=ALLOWED_FORMATS
            )
            _check_size(*img.size)
            if img.format == "JPEG":
                img.draft("RGB", (WORK_SIZE * 2, WORK_SIZE * 2))  # cheaper decode
            img.seek(0)
            img.load()
            img = ImageOps.exif_transpose(img)
            _check_size(*img.size)
            img = _flatten(img)
            img.thumbnail((WORK_SIZE, WORK_SIZE), Image.Resampling.LANCZOS)
            return np.asarray(img, dtype=np.uint8).copy()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(
            "This picture declares too many pixels. Please use one under 25 megapixels."
        ) from exc
    except MemoryError as exc:
        raise ImageError("This picture is too large to open.") from exc
    except Exception as exc:  # Pillow raises many types for damaged files
        hint = UNSUPPORTED_HINTS.get(_extension(filename))
        if isinstance(exc, Image.UnidentifiedImageError):
            raise ImageError(hint or NOT_AN_IMAGE) from exc
        raise ImageError(
            "This picture is damaged or incomplete, so we cannot read it."
        ) from exc


# ----------------------------------------------------------------------------- photos


def _border(arr: np.ndarray, width: int) -> np.ndarray:
    """Return the pixels of a ``width``-pixel frame around ``arr`` as (N, C)."""
    arr = arr.reshape(arr.shape[0], arr.shape[1], -1)
    parts = [arr[:width], arr[-width:], arr[:, :width], arr[:, -width:]]
    return np.concatenate([p.reshape(-1, arr.shape[2]) for p in parts])


def corner_colour(rgb: np.ndarray) -> np.ndarray:
    """Return the background colour, (3,) float: median of the four corner patches."""
    h, w = rgb.shape[:2]
    k = max(1, min(h, w) // 20)
    patches = [rgb[:k, :k], rgb[:k, -k:], rgb[-k:, :k], rgb[-k:, -k:]]
    return np.median(np.concatenate([p.reshape(-1, 3) for p in patches]), axis=0)


def threshold_mask(rgb: np.ndarray, tolerance: float = 0.05) -> np.ndarray:
    """Return an (H, W) bool mask of pixels more than ``tolerance`` from the corners."""
    diff = np.abs(rgb.astype(np.float32) - corner_colour(rgb)).max(axis=2)
    return diff > tolerance * 255.0


def _largest_component(mask: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return mask
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return labels == biggest


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """Return ``mask`` (H, W) bool with its holes (unreachable from the border) set."""
    padded = np.pad(mask.astype(np.uint8), 1)
    outside = padded.copy()
    flood = np.zeros((padded.shape[0] + 2, padded.shape[1] + 2), np.uint8)
    cv2.floodFill(outside, flood, (0, 0), 1)
    holes = outside[1:-1, 1:-1] == 0
    return mask | holes


def grabcut_mask(rgb: np.ndarray, config: PhotoConfig = PhotoConfig()) -> np.ndarray:
    """Return an (H, W) bool mask of the item, cut out of its background by GrabCut.

    GrabCut runs on a copy shrunk to ``config.grabcut_size``: a thin frame along the
    border is background for sure; pixels within the tolerance of the corner colour
    are probably background, the rest probably foreground. The largest piece, with
    its holes filled, is kept. Falls back to the colour threshold when GrabCut finds
    almost nothing or almost everything.
    """
    h, w = rgb.shape[:2]
    scale = config.grabcut_size / max(h, w)
    small = cv2.resize(
        rgb,
        (max(8, round(w * scale)), max(8, round(h * scale))),
        interpolation=cv2.INTER_AREA,
    )
    sh, sw = small.shape[:2]
    seed = np.where(
        threshold_mask(small, config.tolerance), cv2.GC_PR_FGD, cv2.GC_PR_BGD
    )
    seed = seed.astype(np.uint8)
    frame = max(1, round(0.03 * max(sh, sw)))
    seed[:frame], seed[-frame:], seed[:, :frame], seed[:, -frame:] = (cv2.GC_BGD,) * 4
    if not (seed == cv2.GC_PR_FGD).any():
        seed[frame:-frame, frame:-frame] = cv2.GC_PR_FGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)
    bgr = np.ascontiguousarray(small[..., ::-1])
    no_rect = (0, 0, 0, 0)  # unused: GrabCut starts from the seed mask
    cv2.grabCut(
        bgr, seed, no_rect, bgd, fgd, config.grabcut_iterations, cv2.GC_INIT_WITH_MASK
    )
    mask = (seed == cv2.GC_FGD) | (seed == cv2.GC_PR_FGD)
    mask = fill_holes(_largest_component(mask))
    share = mask.mean()
    if share < 0.02 or share > 0.97:
        return threshold_mask(rgb, config.tolerance)
    full = cv2.resize(
        mask.astype(np.uint8) * 255, (w, h), interpolation=cv2.INTER_LINEAR
    )
    return full > 127


def _bounding_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def fit_to_28(crop: np.ndarray, sharpen: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Resize a light-on-black (H, W) uint8 crop so its longest edge is 28, then centre.

    Returns (resized (h, w) uint8 with max(h, w) == 28, final (28, 28) uint8). The
    resize is antialiased (Lanczos) and followed by the paper's sharpening.
    """
    h, w = crop.shape
    scale = IMAGE_SIZE / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = Image.fromarray(crop, "L").resize(size, Image.Resampling.LANCZOS)
    if sharpen:
        small = small.filter(
            ImageFilter.UnsharpMask(radius=1.0, percent=100, threshold=0)
        )
    resized = np.asarray(small, dtype=np.uint8)
    final = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    top, left = (IMAGE_SIZE - size[1]) // 2, (IMAGE_SIZE - size[0]) // 2
    final[top : top + size[1], left : left + size[0]] = resized
    return resized, final


def _prepared(image28: np.ndarray, stages: list[tuple[str, np.ndarray]]) -> Prepared:
    image28 = np.ascontiguousarray(image28, dtype=np.uint8)
    return Prepared(to_model_input(image28[None]), image28, tuple(stages))


def _thumbnail(arr: np.ndarray, size: int = 280) -> np.ndarray:
    img = Image.fromarray(arr)
    img.thumbnail((size, size), Image.Resampling.LANCZOS)
    return np.asarray(img)


def prepare_photo(rgb: np.ndarray, config: PhotoConfig = PhotoConfig()) -> Prepared:
    """Run the paper's pipeline on an (H, W, 3) uint8 RGB photo; return a Prepared.

    Background from the corners (a light one is negated, a dark one is not), cut
    out (GrabCut) or trim (colour threshold), longest edge to 28, sharpen, centre.
    Raises ImageError when no item stands out from the background.
    """
    rgb = np.asarray(rgb, dtype=np.uint8)
    grey = np.asarray(Image.fromarray(rgb, "RGB").convert("L"), dtype=np.float32)
    light_background = float(corner_colour(rgb).mean()) > 127
    item = 255.0 - grey if light_background else grey
    if config.segmentation == "grabcut":
        mask = grabcut_mask(rgb, config)
    elif config.segmentation == "threshold":
        mask = threshold_mask(rgb, config.tolerance)
    else:
        mask = np.ones(grey.shape, bool)
    box = _bounding_box(mask)
    if box is None:
        raise ImageError(
            "We could not find anything in this picture: it looks like one plain "
            "colour."
        )
    top, bottom, left, right = box
    if config.segmentation == "grabcut":
        item = np.where(mask, item, 0.0)
    crop = item[top:bottom, left:right]
    if config.stretch:
        inside = crop[mask[top:bottom, left:right]]
        high = float(np.percentile(inside, 99)) if inside.size else 0.0
        if high > 1.0:
            crop = crop * (255.0 / high)
    crop8 = np.clip(np.rint(crop), 0, 255).astype(np.uint8)
    resized, final = fit_to_28(crop8, config.sharpen)
    return _prepared(
        final,
        [
            ("Your picture", _thumbnail(rgb)),
            ("Item cut out", _thumbnail(crop8)),
            ("Shrunk to 28 px", resized),
            ("What the model sees", final),
        ],
    )


def prepare_upload(
    data: bytes, filename: str = "", config: PhotoConfig = PhotoConfig()
) -> Prepared:
    """Decode an uploaded file safely and run the photo pipeline; raise ImageError."""
    return prepare_photo(decode_image(data, filename), config)


def prepare_baseline(rgb: np.ndarray) -> Prepared:
    """The naive approach, for comparison: grey, squash to 28x28, nothing else."""
    grey = Image.fromarray(np.asarray(rgb, dtype=np.uint8), "RGB").convert("L")
    final = np.asarray(grey.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.LANCZOS))
    return _prepared(
        final, [("Your picture", _thumbnail(np.asarray(rgb))), ("28x28", final)]
    )


# ----------------------------------------------------------------------------- sketches


def _canvas_ink(image_data) -> np.ndarray:
    """Return (H, W) ink in [0, 255] from a canvas RGBA or RGB array: uint8 for the
    canvas's own uint8 data (computed in uint8, the fast path), float32 otherwise."""
    try:
        arr = np.asarray(image_data)
    except Exception as exc:
        raise ImageError("The drawing could not be read.") from exc
    if arr.dtype == object or arr.ndim != 3 or arr.shape[2] not in (3, 4):
        raise ImageError("The drawing could not be read (unexpected canvas data).")
    if min(arr.shape[:2]) < MIN_SIDE or arr.shape[0] * arr.shape[1] > MAX_PIXELS:
        raise ImageError("The drawing could not be read (unexpected canvas size).")
    grey: np.ndarray
    if arr.dtype == np.uint8:  # what the canvas sends: the fast path, all in uint8
        arr = np.ascontiguousarray(arr)
        to_grey = cv2.COLOR_RGBA2GRAY if arr.shape[2] == 4 else cv2.COLOR_RGB2GRAY
        grey = cv2.cvtColor(arr, to_grey)
        alpha_255 = np.ascontiguousarray(arr[..., 3]) if arr.shape[2] == 4 else None
    else:
        values = _canvas_values(arr)
        weights = np.array([0.299, 0.587, 0.114], np.float32)
        grey = (values[..., :3] @ weights).astype(np.float32)
        alpha_255 = values[..., 3] if values.shape[2] == 4 else None
    ink = grey
    if alpha_255 is not None and float(np.median(_border(alpha_255, 2))) < 127.5:
        # a transparent background: the strokes are where the canvas is opaque
        drawn = alpha_255 > 127.5
        dark_strokes = drawn.any() and float(grey[drawn].mean()) < 128
        ink = alpha_255 if dark_strokes else _times_alpha(grey, alpha_255)
    if float(np.median(_border(ink, 2))) > 127:  # dark strokes on a light canvas
        ink = 255 - ink
    return ink


def _times_alpha(grey: np.ndarray, alpha_255: np.ndarray) -> np.ndarray:
    """Return grey x alpha / 255 in grey's dtype (uint8 rounded, or float32)."""
    if grey.dtype == np.uint8:
        return cv2.multiply(grey, alpha_255, scale=1 / 255)
    return grey * (alpha_255 / 255.0)


def _as_uint8(image: np.ndarray) -> np.ndarray:
    """Return an image in [0, 255] as uint8, rounding a float one."""
    if image.dtype == np.uint8:
        return image
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def _canvas_values(arr: np.ndarray) -> np.ndarray:
    """Return a non-uint8 canvas array as (H, W, C) float32 in [0, 255]."""
    try:
        values = arr.astype(np.float32)
    except (TypeError, ValueError) as exc:
        raise ImageError("The drawing could not be read.") from exc
    if not np.isfinite(values).all():
        raise ImageError("The drawing could not be read (it contains invalid values).")
    if arr.dtype.kind == "f" and values.max(initial=0) <= 1.0:
        values = values * 255.0  # floats in [0, 1]
    return np.clip(values, 0, 255)


def stroke_width(strokes: np.ndarray) -> float:
    """Return the typical width in pixels of the lines in an (H, W) bool mask.

    For lines much longer than wide, area = length x width and the contours run
    along both sides, so width = 2 x area / perimeter.
    """
    contours, _ = cv2.findContours(
        strokes.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE
    )
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2.0 * float(strokes.sum()) / max(perimeter, 1.0)


def _thinned(strokes: np.ndarray, max_width: float) -> np.ndarray:
    """Erode an (H, W) bool stroke mask so its lines are at most ``max_width`` px."""
    width = stroke_width(strokes)
    radius = min(int((width - max_width) / 2), int(0.4 * width))
    if radius < 1:
        return strokes
    kernel = cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1)
    )
    return cv2.erode(strokes.astype(np.uint8), kernel).astype(bool)


def _filled(crop_ink: np.ndarray, crop: np.ndarray, config: SketchConfig):
    """Close small gaps in the strokes and fill closed outlines with grey."""
    k = max(3, round(config.close * max(crop.shape)) | 1)
    pad = k
    closed = cv2.morphologyEx(
        np.pad(crop.astype(np.uint8), pad),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)),
    )[pad:-pad, pad:-pad].astype(bool)
    filled = fill_holes(closed)
    return np.maximum(crop_ink, np.where(filled, float(config.fill_level), 0.0))


def prepare_sketch(
    image_data, config: SketchConfig = SketchConfig()
) -> Prepared | None:
    """Turn a canvas drawing into a dataset-like 28x28 image.

    image_data: (H, W, 4) RGBA (or RGB) array from st_canvas, uint8 or float; light
    strokes on a dark canvas or dark strokes on a light one. Returns None for a blank
    or untouched canvas (None). Crops to the strokes, thins strokes that would be
    wider than ``config.max_stroke`` at 28 px (style "as_drawn") or fills closed
    outlines (style "filled"), scales the longest edge to 28 and centres it.
    Raises ImageError for a value of the wrong shape or with NaN.
    """
    if image_data is None:
        return None
    ink = _canvas_ink(image_data)
    strokes = ink > config.ink_threshold
    if strokes.mean() < config.min_ink:
        return None
    box = _bounding_box(strokes)
    assert box is not None  # some ink, checked just above
    top, bottom, left, right = box
    crop_ink = ink[top:bottom, left:right]
    crop = strokes[top:bottom, left:right]
    if config.style == "filled":
        drawing, caption = _filled(crop_ink, crop, config), "Cropped and filled in"
    else:
        drawing, caption = crop_ink, "Cropped to the drawing"
        if config.max_stroke is not None:
            scale = IMAGE_SIZE / max(crop.shape)
            thin = _thinned(crop, config.max_stroke / scale)
            if thin is not crop:
                drawing = np.where(thin, crop_ink, 0)
                caption = "Cropped, lines thinned"
    drawing = _as_uint8(drawing)
    if config.style == "filled" and config.blur > 0:
        drawing = np.asarray(
            Image.fromarray(drawing).filter(ImageFilter.GaussianBlur(config.blur))
        )
    resized, final = fit_to_28(drawing, sharpen=False)
    return _prepared(
        final,
        [
            ("Your drawing", _as_uint8(ink)),
            (caption, drawing),
            ("Shrunk to 28 px", resized),
            ("What the model sees", final),
        ],
    )


def prepare_dataset_image(image28: np.ndarray) -> Prepared:
    """Wrap a (28, 28) uint8 dataset image as a Prepared (it needs no processing)."""
    image28 = np.asarray(image28)
    if image28.shape != (IMAGE_SIZE, IMAGE_SIZE):
        raise ImageError("A dataset image must be 28 x 28 pixels.")
    image28 = np.clip(image28, 0, 255).astype(np.uint8)
    return _prepared(
        image28, [("Dataset image", image28), ("What the model sees", image28)]
    )
