"""Redraw Fashion-MNIST items the way visitors draw them, to train on.

People draw a garment as a few simplified strokes: an outline made of straight-ish
segments, sometimes left open, a waistband or collar inside it, a wobbly hand. This
module turns a dataset item into such a drawing, using only the item itself: its
silhouette is traced (OpenCV contours), simplified (Douglas-Peucker, a random
tolerance), shaken, and redrawn with a random stroke width, open or closed, with
some interior edges or as a flat filled shape. The result is cropped, scaled and
centred exactly as the app scales a visitor's drawing
(``preprocessing.fit_to_28``), so training drawings and canvas drawings meet the
network in the same frame.

Everything is derived from the 60,000 training images: the model still learns only
from Fashion-MNIST, and also sees outline versions of the same images.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from fashion_cnn.data import IMAGE_SIZE


@dataclass(frozen=True)
class DrawingStyle:
    """The random ranges of one redrawing. Widths and wobble are in 28-px pixels.

    ink_threshold: grey level (0-255) above which a dataset pixel is garment.
    scale: the drawing is made at ``scale`` x 28 px and shrunk, for smooth strokes.
    stroke_width: (low, high) brush width after the drawing is fitted to 28 px.
    simplify: (low, high) Douglas-Peucker tolerance, a share of the item's size.
    wobble: (low, high) standard deviation of the hand's shake.
    open_share: chance that part of the outline is left out (an open shape).
    interior_share: chance that interior edges (collars, soles, laces) are drawn.
    filled_share: chance of a flat filled silhouette instead of an outline.
    """

    ink_threshold: int = 6
    scale: int = 4
    stroke_width: tuple[float, float] = (0.8, 4.0)
    simplify: tuple[float, float] = (0.005, 0.06)
    wobble: tuple[float, float] = (0.0, 0.6)
    open_share: float = 0.3
    interior_share: float = 0.8
    filled_share: float = 0.15


DEFAULT_STYLE = DrawingStyle()
SECONDS_PER_REDRAW = 0.0011  # one `redraw`, measured 1.09-1.16 ms on a 2-core EPYC


def silhouette(image28: np.ndarray, threshold: int = 6) -> np.ndarray:
    """Return the (28, 28) bool mask of the item's largest piece, holes filled."""
    mask = (np.asarray(image28) > threshold).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count > 2:
        mask = (labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))).astype(
            np.uint8
        )
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
    return filled.astype(bool)


def _shaken(points: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Resample a (N, 2) polyline every ~2 px and add smooth noise of ``sigma`` px."""
    if sigma <= 0 or len(points) < 2:
        return points
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    length = np.concatenate([[0.0], np.cumsum(steps)])
    count = max(2, int(length[-1] / 2.0))
    at = np.linspace(0.0, length[-1], count)
    dense = np.stack([np.interp(at, length, points[:, i]) for i in (0, 1)], axis=1)
    # a hand drifts slowly: white noise smoothed over ~24 px of the line
    kernel = np.hanning(13)
    kernel /= np.sqrt((kernel**2).sum())
    noise = rng.normal(0.0, sigma, size=(count + len(kernel), 2))
    noise = np.stack([np.convolve(noise[:, i], kernel, "valid") for i in (0, 1)], 1)
    return dense + noise[:count]


def _fit(canvas: np.ndarray) -> np.ndarray:
    """Crop a light-on-black drawing to its ink, longest edge to 28, centred."""
    from fashion_cnn.preprocessing import fit_to_28

    rows = np.flatnonzero(canvas.max(axis=1) > 0)
    cols = np.flatnonzero(canvas.max(axis=0) > 0)
    if rows.size == 0:
        return np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    crop = canvas[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return fit_to_28(crop, sharpen=False)[1]


def redraw(
    image28: np.ndarray,
    rng: np.random.Generator,
    style: DrawingStyle = DEFAULT_STYLE,
) -> np.ndarray:
    """Return a (28, 28) uint8 drawing (light strokes on black) of a dataset item.

    ``image28`` is a (28, 28) uint8 Fashion-MNIST item. An item with no garment
    pixels comes back unchanged.
    """
    image28 = np.asarray(image28, dtype=np.uint8)
    mask = silhouette(image28, style.ink_threshold)
    if mask.sum() < 4:
        return image28.copy()
    s = style.scale
    size = IMAGE_SIZE * s
    big_mask = cv2.resize(
        mask.astype(np.uint8) * 255, (size, size), interpolation=cv2.INTER_LINEAR
    )
    contours, _ = cv2.findContours(
        (big_mask > 127).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE
    )
    contour = max(contours, key=len)[:, 0, :].astype(np.float32)
    extent = float(np.ptp(contour, axis=0).max()) or 1.0
    tolerance = rng.uniform(*style.simplify) * extent
    simple = cv2.approxPolyDP(contour[:, None, :], tolerance, closed=True)[:, 0, :]
    # The stroke width is drawn relative to the fitted drawing: ``extent`` px -> 28.
    width_28 = rng.uniform(*style.stroke_width)
    width = max(1, round(width_28 * extent / IMAGE_SIZE))
    canvas = np.zeros((size, size), np.uint8)
    if rng.random() < style.filled_share:
        level = int(rng.uniform(90, 255))
        cv2.fillPoly(canvas, [np.rint(simple).astype(np.int32)], level)
        if rng.random() < 0.5:
            cv2.polylines(canvas, [np.rint(simple).astype(np.int32)], True, 255, width)
        return _fit(canvas)
    closed = np.concatenate([simple, simple[:1]])
    if rng.random() < style.open_share and len(simple) > 3:
        # leave out a stretch of the outline: 5-30% of its vertices, anywhere
        start = int(rng.integers(len(simple)))
        rolled = np.roll(simple, -start, axis=0)
        keep = len(simple) - max(1, int(rng.uniform(0.05, 0.3) * len(simple)))
        closed = rolled[: max(2, keep)]
    sigma = rng.uniform(*style.wobble) * extent / IMAGE_SIZE
    line = _shaken(closed, sigma, rng)
    cv2.polylines(
        canvas, [np.rint(line).astype(np.int32)], False, 255, width, cv2.LINE_AA
    )
    if rng.random() < style.interior_share:
        _draw_interior(canvas, image28, mask, width, rng)
    return _fit(canvas)


def _draw_interior(
    canvas: np.ndarray,
    image28: np.ndarray,
    mask: np.ndarray,
    width: int,
    rng: np.random.Generator,
) -> None:
    """Draw a few of the item's inner edges (collar, sole, laces) onto ``canvas``."""
    size = canvas.shape[0]
    big = cv2.resize(image28, (size, size), interpolation=cv2.INTER_CUBIC)
    edges = cv2.Canny(cv2.GaussianBlur(big, (5, 5), 1.5), 20, 60)
    inner = cv2.erode(
        cv2.resize(mask.astype(np.uint8), (size, size), interpolation=cv2.INTER_LINEAR),
        np.ones((9, 9), np.uint8),
    )
    edges = edges * inner
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    long_ones = [c for c in contours if cv2.arcLength(c, False) > size * 0.2]
    if not long_ones:
        return
    order = rng.permutation(len(long_ones))[: int(rng.integers(1, 6))]
    for i in order:
        piece = cv2.approxPolyDP(long_ones[i], 1.5, closed=False)
        cv2.polylines(canvas, [piece], False, 255, width, cv2.LINE_AA)


def redraw_many(
    images: np.ndarray,
    seed: int = 0,
    style: DrawingStyle = DEFAULT_STYLE,
) -> np.ndarray:
    """Return (N, 28, 28) uint8 drawings, one per (N, 28, 28) uint8 item."""
    rng = np.random.default_rng(seed)
    return np.stack([redraw(image, rng, style) for image in np.asarray(images)])
