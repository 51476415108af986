"""Redraw Fashion-MNIST items the way visitors draw them, to train on.

People draw a garment as a few simplified strokes: an outline made of straight-ish
segments, sometimes left open, a waistband or collar inside it, a wobbly hand. This
module turns a dataset item into such a drawing, using only the item itself: its
silhouette is traced (OpenCV contours), simplified (Douglas-Peucker, a random
tolerance), shaken, and redrawn with a random stroke width, open or closed, with
some interior edges or as a flat filled shape. Before that, a garment is often posed
the way people draw it (``pose``): long sleeves turned out from the shoulders, a
neckline cut into a T-shirt or a pullover, trouser legs spread apart. Dataset items
lie flat with their sleeves against the body and their legs together, so their
outlines lack the gaps that every hand-drawn pullover or pair of trousers has. Then
the details people add to each class are drawn on the item's own silhouette
(``draw_details``): a pullover's hem band and cuffs, a coat's zip, pockets and belt,
a shirt's collar and buttons, a shoe's sole, a sneaker's laces. Without them, the
lines inside a training drawing came only from the item's texture (a shirt's
checks), and a drawn pullover with a hem band read as Shirt. The result is cropped,
scaled and centred exactly as the app scales a visitor's drawing
(``preprocessing.fit_to_28``), so training drawings and canvas drawings meet the
network in the same frame.

Everything is derived from the 60,000 training images: the model still learns only
from Fashion-MNIST, and also sees outline versions of the same images.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from fashion_cnn.data import CLASS_NAMES, IMAGE_SIZE


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
    sleeves_share: chance that a long-sleeved top's sleeves are turned outwards.
    neckline_share: chance that a T-shirt or a pullover gets a V or scoop neckline.
    legs_share: chance that a pair of trousers has its legs spread apart.
    details_share: chance that an outline gets its class's usual drawn details
    (``draw_details``: a pullover's hem band and cuffs; a coat's zip, collar,
    pockets and belt; a shirt's collar, placket and buttons; a shoe's sole, a
    sneaker's laces).
    merged_share: chance that an outline is drawn as a small drawing reaches the
    model: with a brush of ``merged_width`` (the canvas brush on a drawing a third
    to a half of the canvas, once fitted to 28 px), so that gaps narrower than the
    brush close, then thinned to ``merged_thinned`` px as the sketch pipeline thins
    wide strokes (``SketchConfig.max_stroke``).

    The posing and details shares were chosen on short runs scored on the first
    two held-out sketch sets (BENCHMARKS.md, "Drawings posed as people draw them"
    and "Drawn details"; ``benchmarks/short_runs.py``).
    """

    ink_threshold: int = 6
    scale: int = 4
    stroke_width: tuple[float, float] = (0.8, 4.0)
    simplify: tuple[float, float] = (0.005, 0.06)
    wobble: tuple[float, float] = (0.0, 0.6)
    open_share: float = 0.3
    interior_share: float = 0.8
    filled_share: float = 0.15
    sleeves_share: float = 0.5
    neckline_share: float = 0.5
    legs_share: float = 0.6
    details_share: float = 0.6
    merged_share: float = 0.0
    merged_width: tuple[float, float] = (5.0, 8.0)
    merged_thinned: float = 3.5


DEFAULT_STYLE = DrawingStyle()
LONG_SLEEVES = tuple(CLASS_NAMES.index(n) for n in ("Pullover", "Coat", "Shirt"))
NECKLINES = tuple(CLASS_NAMES.index(n) for n in ("T-shirt/top", "Pullover"))
TROUSER = CLASS_NAMES.index("Trouser")
PULLOVER, COAT, SHIRT = (CLASS_NAMES.index(n) for n in ("Pullover", "Coat", "Shirt"))
SNEAKER, ANKLE_BOOT = (CLASS_NAMES.index(n) for n in ("Sneaker", "Ankle boot"))
DETAILED = (PULLOVER, COAT, SHIRT, SNEAKER, ANKLE_BOOT)
POSE_SCALE = 4  # items are posed at 4 x 28 px
POSE_INK = 20  # grey level (0-255) above which a posed, resampled pixel is garment
LONG_SLEEVE_WIDTH = 0.85  # a top is long-sleeved if it is this wide at 80% height
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


def _fit(canvas: np.ndarray, ink: int = 0) -> np.ndarray:
    """Crop a light-on-black image to its pixels above ``ink``, longest edge to 28,
    centred."""
    from fashion_cnn.preprocessing import fit_to_28

    rows = np.flatnonzero(canvas.max(axis=1) > ink)
    cols = np.flatnonzero(canvas.max(axis=0) > ink)
    if rows.size == 0:
        return np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    crop = canvas[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return fit_to_28(crop, sharpen=False)[1]


def _enlarged(image28: np.ndarray) -> np.ndarray:
    """Return the item at POSE_SCALE x, on a black margin half its size each side."""
    size = IMAGE_SIZE * POSE_SCALE
    big = cv2.resize(image28, (size, size), interpolation=cv2.INTER_CUBIC)
    return np.pad(big, size // 2)


def _ink_box(big: np.ndarray) -> tuple[int, int, int, int] | None:
    """Return (x0, x1, y0, y1) of the garment pixels, or None for a near-empty item."""
    cols = np.flatnonzero(big.max(axis=0) > POSE_INK)
    rows = np.flatnonzero(big.max(axis=1) > POSE_INK)
    if cols.size < 8 or rows.size < 8:
        return None
    return int(cols[0]), int(cols[-1]), int(rows[0]), int(rows[-1])


def _turned(big: np.ndarray, pivot: tuple[float, float], degrees: float) -> np.ndarray:
    """Return ``big`` rotated by ``degrees`` (counter-clockwise) about ``pivot``."""
    matrix = cv2.getRotationMatrix2D(pivot, degrees, 1.0)
    return cv2.warpAffine(big, matrix, big.shape[::-1])


def splay_sleeves(image28: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a (28, 28) uint8 top whose outer strips (its sleeves, 17-26% of its
    width each side) are turned 8-30 degrees out about the shoulders."""
    big = _enlarged(image28)
    box = _ink_box(big)
    if box is None:
        return image28.copy()
    x0, x1, y0, y1 = box
    strip = rng.uniform(0.17, 0.26) * (x1 - x0)
    shoulder = y0 + rng.uniform(0.08, 0.2) * (y1 - y0)
    degrees = rng.uniform(8.0, 30.0)
    xs = np.arange(big.shape[1])[None, :]
    left, right = x0 + strip, x1 - strip
    posed = big * ((xs >= left) & (xs <= right))
    posed = np.maximum(posed, _turned(big * (xs < left), (left, shoulder), -degrees))
    posed = np.maximum(posed, _turned(big * (xs > right), (right, shoulder), degrees))
    return _fit(posed, ink=POSE_INK)


def spread_legs(image28: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return (28, 28) uint8 trousers whose halves below the crotch (20-45% down)
    are turned 3-12 degrees apart, opening the gap that people draw."""
    big = _enlarged(image28)
    box = _ink_box(big)
    if box is None:
        return image28.copy()
    x0, x1, y0, y1 = box
    middle = 0.5 * (x0 + x1)
    crotch = y0 + rng.uniform(0.2, 0.45) * (y1 - y0)
    degrees = rng.uniform(3.0, 12.0)
    xs = np.arange(big.shape[1])[None, :]
    above = np.arange(big.shape[0])[:, None] < crotch
    posed = np.zeros_like(big)
    for half, turn in ((xs < middle, -degrees), (xs >= middle, degrees)):
        part = big * half
        legs = _turned(part, (middle, crotch), turn)
        posed = np.maximum(posed, np.where(above, part, legs))
    return _fit(posed, ink=POSE_INK)


def cut_neckline(image28: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a (28, 28) uint8 top with a V or a scoop cut into its top centre."""
    size = IMAGE_SIZE * POSE_SCALE
    big = cv2.resize(image28, (size, size), interpolation=cv2.INTER_CUBIC)
    rows = np.flatnonzero(big.max(axis=1) > POSE_INK)
    if rows.size < 8:
        return image28.copy()
    y0, height = int(rows[0]), int(rows[-1] - rows[0])
    band = big[y0 : y0 + max(2, int(0.15 * height))]
    shoulders = np.flatnonzero(band.max(axis=0) > POSE_INK)
    if shoulders.size < 4:
        return image28.copy()
    centre = 0.5 * (shoulders[0] + shoulders[-1])
    half = rng.uniform(0.12, 0.22) * (shoulders[-1] - shoulders[0])
    depth = rng.uniform(0.05, 0.16) * height
    if rng.random() < 0.5:
        vee = [[centre - half, y0 - 2], [centre + half, y0 - 2], [centre, y0 + depth]]
        cv2.fillPoly(big, [np.rint(vee).astype(np.int32)], 0)
    else:
        axes = (int(half), int(depth))
        cv2.ellipse(big, (int(centre), y0), axes, 0, 0, 360, 0, cv2.FILLED)
    return cv2.resize(big, (IMAGE_SIZE, IMAGE_SIZE), interpolation=cv2.INTER_AREA)


def is_long_sleeved(image28: np.ndarray) -> bool:
    """Return whether a (28, 28) uint8 top has long sleeves: its garment pixels
    (grey > POSE_INK) at 80% of its height span LONG_SLEEVE_WIDTH of its widest row,
    as sleeves lying along the body do. A short-sleeved shirt narrows there."""
    ink = np.asarray(image28) > POSE_INK
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size < 8:
        return False

    def width(row: int) -> int:
        cols = np.flatnonzero(ink[row])
        return int(cols[-1] - cols[0]) if cols.size else 0

    widest = max(width(int(row)) for row in rows)
    low = width(int(rows[0] + int(0.8 * (rows[-1] - rows[0]))))
    return low >= LONG_SLEEVE_WIDTH * widest


def pose(
    image28: np.ndarray,
    label: int,
    rng: np.random.Generator,
    style: DrawingStyle = DEFAULT_STYLE,
) -> np.ndarray:
    """Return a (28, 28) uint8 item of class ``label`` posed as people draw it.

    Only long-sleeved pullovers, coats and shirts have their sleeves turned out
    (turned-out short sleeves read as long ones). A pose that cannot apply (a share
    of 0, another class, short sleeves) draws nothing from ``rng``.
    """
    sleeved = label in LONG_SLEEVES and is_long_sleeved(image28)
    for applies, share, posed in (
        (sleeved, style.sleeves_share, splay_sleeves),
        (label == TROUSER, style.legs_share, spread_legs),
        (label in NECKLINES, style.neckline_share, cut_neckline),
    ):
        if share > 0 and applies and rng.random() < share:
            image28 = posed(image28, rng)
    return image28


def redraw(
    image28: np.ndarray,
    rng: np.random.Generator,
    style: DrawingStyle = DEFAULT_STYLE,
    label: int | None = None,
) -> np.ndarray:
    """Return a (28, 28) uint8 drawing (light strokes on black) of a dataset item.

    ``image28`` is a (28, 28) uint8 Fashion-MNIST item; with its ``label`` it is
    first posed as people draw that class (``pose``). An item with no garment
    pixels comes back unchanged.
    """
    image28 = np.asarray(image28, dtype=np.uint8)
    if label is not None:
        image28 = pose(image28, int(label), rng, style)
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
    merged = style.merged_share > 0 and rng.random() < style.merged_share
    if merged:  # a small drawing, scaled up with its brush
        width_28 = rng.uniform(*style.merged_width)
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
    kind = -1 if label is None else int(label)
    wants = kind in DETAILED and style.details_share > 0  # else no draw from rng
    if wants and rng.random() < style.details_share:
        draw_details(canvas, big_mask > 127, kind, width, sigma, rng)
    if rng.random() < style.interior_share:
        _draw_interior(canvas, image28, mask, width, rng)
    if merged:
        thinned = style.merged_thinned * extent / IMAGE_SIZE
        canvas = _thinned(canvas, (width - thinned) / 2)
    return _fit(canvas)


def _thinned(canvas: np.ndarray, radius: float) -> np.ndarray:
    """Erode a (H, W) uint8 drawing by ``radius`` px: its lines get 2 x radius
    thinner, gaps its brush closed stay closed."""
    r = int(radius)
    if r < 1:
        return canvas
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.erode(canvas, kernel)


def _run_at(row: np.ndarray, x: int) -> tuple[int, int] | None:
    """Return (first, last) column of the run of True in the (W,) bool ``row``
    that holds column ``x``, or the longest run if none does (None if empty)."""
    cols = np.flatnonzero(row)
    if cols.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(cols) > 1)
    starts = np.concatenate([[cols[0]], cols[breaks + 1]])
    ends = np.concatenate([cols[breaks], [cols[-1]]])
    inside = np.flatnonzero((starts <= x) & (ends >= x))
    pick = int(inside[0]) if inside.size else int(np.argmax(ends - starts))
    return int(starts[pick]), int(ends[pick])


def _detail_lines(
    mask: np.ndarray, label: int, rng: np.random.Generator
) -> list[list[tuple[float, float]]]:
    """Return the polylines of a class's usual drawn details, placed on the
    (S, S) bool silhouette ``mask`` of an item of class ``label``."""
    box = _ink_box(mask.astype(np.uint8) * 255)
    if box is None:
        return []
    x0, x1, y0, y1 = box
    height, width = y1 - y0, x1 - x0
    centre = (x0 + x1) // 2
    lines: list[list[tuple[float, float]]] = []
    neck = np.flatnonzero(mask[:, centre])  # a coat's or shirt's line starts here
    start = int(neck[0]) if neck.size else y0

    def across(y: float, x: int) -> None:  # a line across the ink at row y
        run = _run_at(mask[int(y)], x)
        if run is not None and run[1] - run[0] > 2:
            lines.append([(run[0], y), (run[1], y)])

    if label == PULLOVER:  # a ribbed hem band; cuffs across the sleeve ends
        across(y1 - rng.uniform(0.08, 0.2) * height, centre)
        if rng.random() < 0.7:
            strip = max(2, int(0.2 * width))
            for part in (slice(x0, x0 + strip), slice(x1 - strip, x1 + 1)):
                low = np.flatnonzero(mask[:, part].any(axis=1))
                if low.size:
                    y = low[-1] - rng.uniform(0.06, 0.14) * height
                    side = np.flatnonzero(mask[int(y), part])
                    if side.size:
                        across(y, part.start + int(side.mean()))
    elif label == COAT:  # a zip or front edge; a collar, pockets, a belt
        lines.append([(centre, start), (centre, y1)])
        if rng.random() < 0.5:
            lines.extend(_collar(centre, y0, start, width, height, rng))
        if rng.random() < 0.5:  # two pocket slits, low on each side
            slit_y = float(y0 + rng.uniform(0.55, 0.75) * height)
            for sign in (-1, 1):
                slit_x = float(centre + sign * rng.uniform(0.15, 0.25) * width)
                half = 0.07 * width
                lines.append([(slit_x - half, slit_y), (slit_x + half, slit_y)])
        if rng.random() < 0.3:
            across(y0 + rng.uniform(0.4, 0.55) * height, centre)  # a belt
    elif label == SHIRT:  # a pointed collar, a placket, button dots
        end = y1 if rng.random() < 0.5 else y0 + 0.6 * height
        lines.append([(centre, start), (centre, end)])
        lines.extend(_collar(centre, y0, start, width, height, rng))
        if rng.random() < 0.6:
            dot_x = float(centre + 0.04 * width * rng.choice([-1, 1]))
            count = int(rng.integers(3, 6))
            for dot_y in np.linspace(start + 0.15 * height, end, count).tolist():
                lines.append([(dot_x, dot_y), (dot_x, dot_y)])  # a dot
    elif label in (SNEAKER, ANKLE_BOOT):  # a sole line; a sneaker's laces
        across(y1 - rng.uniform(0.12, 0.25) * height, centre)
        if label == SNEAKER:
            tops = np.array([np.argmax(mask[:, x]) for x in range(x0, x1 + 1)])
            heel_left = tops[: len(tops) // 2].mean() < tops[len(tops) // 2 :].mean()
            for k in range(int(rng.integers(2, 5))):
                share = 0.35 + 0.08 * k if heel_left else 0.65 - 0.08 * k
                lace_x = int(x0 + share * width)
                lace_y = float(tops[lace_x - x0] + rng.uniform(0.15, 0.3) * height)
                dx, dy = 0.04 * width, 0.06 * height
                lines.append([(lace_x - dx, lace_y - dy), (lace_x + dx, lace_y + dy)])
    return lines


def _collar(
    centre: float,
    y0: float,
    start: float,
    width: float,
    height: float,
    rng: np.random.Generator,
) -> list[list[tuple[float, float]]]:
    """Return the two strokes of a collar V, from the shoulders to the neck."""
    half, drop = rng.uniform(0.1, 0.2) * width, rng.uniform(0.08, 0.18)
    tip = (centre, start + drop * height)
    return [
        [(centre - half, y0 + 0.02 * height), tip],
        [(centre + half, y0 + 0.02 * height), tip],
    ]


def draw_details(
    canvas: np.ndarray,
    mask: np.ndarray,
    label: int,
    width: int,
    sigma: float,
    rng: np.random.Generator,
) -> None:
    """Draw the details people add to a drawing of class ``label`` (a pullover's
    hem band and cuffs; a coat's zip, collar, pockets and belt; a shirt's collar,
    placket and buttons; a shoe's sole, a sneaker's laces) onto the (S, S) uint8
    ``canvas``, placed on the item's own (S, S) bool silhouette ``mask``, with the
    outline's stroke ``width`` and wobble ``sigma`` (px at S)."""
    for points in _detail_lines(mask, label, rng):
        line = _shaken(np.asarray(points, np.float32), sigma, rng)
        cv2.polylines(
            canvas, [np.rint(line).astype(np.int32)], False, 255, width, cv2.LINE_AA
        )


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
    labels: np.ndarray | None = None,
) -> np.ndarray:
    """Return (N, 28, 28) uint8 drawings, one per (N, 28, 28) uint8 item; with the
    items' (N,) ``labels`` each is posed as people draw its class first."""
    rng = np.random.default_rng(seed)
    images = np.asarray(images)
    each = [None] * len(images) if labels is None else np.asarray(labels).tolist()
    pairs = zip(images, each, strict=True)
    return np.stack([redraw(image, rng, style, label) for image, label in pairs])
