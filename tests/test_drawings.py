"""fashion_cnn.drawings: dataset items redrawn the way visitors draw them."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn import data, drawings
from fashion_cnn.drawings import DrawingStyle

OUTLINE_ONLY = DrawingStyle(open_share=0.0, interior_share=0.0, filled_share=0.0)
POSED = DrawingStyle(sleeves_share=1.0, neckline_share=1.0, legs_share=1.0)


@pytest.fixture(scope="module")
def bags(dataset: data.Dataset) -> np.ndarray:
    """Ten dense, box-like items: their insides are bright in the dataset."""
    return dataset.x_train[dataset.y_train == data.CLASS_NAMES.index("Bag")][:10]


def test_redraw_gives_a_28x28_drawing_that_fills_the_frame(bags):
    rng = np.random.default_rng(0)
    for bag in bags:
        drawn = drawings.redraw(bag, rng)
        assert drawn.shape == (28, 28) and drawn.dtype == np.uint8
        rows = np.flatnonzero(drawn.max(axis=1) > 30)
        cols = np.flatnonzero(drawn.max(axis=0) > 30)
        # cropped and scaled like a canvas drawing: the long side spans the frame
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) >= 25


def test_an_outline_is_hollow_where_the_item_was_solid(bags):
    rng = np.random.default_rng(1)
    for bag in bags:
        mask = drawings.silhouette(bag)
        drawn = drawings.redraw(bag, rng, OUTLINE_ONLY)
        inside = drawn[8:20, 8:20]
        assert mask[8:20, 8:20].mean() > 0.9  # the item is solid there
        assert (inside > 128).mean() < 0.35  # the drawing is mostly empty there
        assert (drawn > 128).sum() > 40  # but it has an outline


def test_silhouette_is_the_largest_piece_with_its_holes_filled():
    item = np.zeros((28, 28), np.uint8)
    item[4:24, 4:24] = 200
    item[10:14, 10:14] = 0  # a hole
    item[0:2, 26:28] = 200  # a speck elsewhere
    mask = drawings.silhouette(item)
    assert mask[4:24, 4:24].all() and mask.sum() == 400


def test_redraw_many_is_reproducible_and_varied(bags):
    first = drawings.redraw_many(bags, seed=3)
    again = drawings.redraw_many(bags, seed=3)
    other = drawings.redraw_many(bags, seed=4)
    assert first.shape == (10, 28, 28)
    np.testing.assert_array_equal(first, again)
    assert (first != other).any(axis=(1, 2)).mean() >= 0.8


def test_a_blank_item_comes_back_unchanged():
    blank = np.zeros((28, 28), np.uint8)
    np.testing.assert_array_equal(
        drawings.redraw(blank, np.random.default_rng(0)), blank
    )


def _runs(row: np.ndarray) -> list[tuple[int, int]]:
    """Return the (start, end) column spans of ink (> 40) in one image row."""
    ink = np.concatenate([[0], (row > 40).astype(int), [0]])
    edges = np.flatnonzero(np.diff(ink))
    return list(zip(edges[::2], edges[1::2], strict=True))


def _items(dataset: data.Dataset, name: str, count: int = 20) -> np.ndarray:
    return dataset.x_train[dataset.y_train == data.CLASS_NAMES.index(name)][:count]


def test_splayed_sleeves_stand_apart_from_the_body(dataset):
    """A dataset pullover's sleeves touch its body; posed, a gap opens under each
    arm, as in a drawing: a row low on the body crosses sleeve, body, sleeve."""
    pullovers = _items(dataset, "Pullover")
    rng = np.random.default_rng(0)

    def pieces_low_down(image: np.ndarray) -> int:
        rows = np.flatnonzero(image.max(axis=1) > 40)
        return len(_runs(image[rows[0] + int(0.75 * (rows[-1] - rows[0]))]))

    before = [pieces_low_down(p) for p in pullovers]
    after = [pieces_low_down(drawings.splay_sleeves(p, rng)) for p in pullovers]
    assert np.mean([n >= 3 for n in after]) >= 0.8, after
    assert np.mean([n >= 3 for n in before]) <= 0.5, before


def test_spread_legs_open_the_gap_between_the_legs(dataset):
    trousers = _items(dataset, "Trouser")
    rng = np.random.default_rng(0)

    def gap_at_the_hem(image: np.ndarray) -> int:
        rows = np.flatnonzero(image.max(axis=1) > 40)
        spans = _runs(image[rows[-1] - 1])
        return spans[-1][0] - spans[0][1] if len(spans) >= 2 else 0

    before = np.array([gap_at_the_hem(t) for t in trousers])
    after = np.array([gap_at_the_hem(drawings.spread_legs(t, rng)) for t in trousers])
    assert (after >= 4).mean() >= 0.8, after
    assert np.median(after) >= np.median(before) + 3, (before, after)


def test_a_neckline_is_cut_into_the_top_centre(dataset):
    tops = _items(dataset, "T-shirt/top")
    rng = np.random.default_rng(0)
    ink_before = ink_after = 0
    for top in tops:
        cut = drawings.cut_neckline(top, rng)
        rows = np.flatnonzero(top.max(axis=1) > 20)
        cols = np.flatnonzero(top[rows[0] : rows[0] + 3].max(axis=0) > 20)
        middle = (cols[0] + cols[-1]) // 2
        assert cut[rows[0], middle - 1 : middle + 2].max() < 40  # the neck is open
        lower = np.s_[14:, :]  # the rest keeps its shape
        kept, was = cut[lower] > 40, top[lower] > 40
        assert (kept & was).sum() / (kept | was).sum() > 0.9
        neck = np.s_[rows[0] : rows[0] + 3, middle - 3 : middle + 4]
        ink_before, ink_after = (
            ink_before + top[neck].sum(),
            ink_after + cut[neck].sum(),
        )
    assert ink_after < 0.7 * ink_before


def _long_sleeved(dataset: data.Dataset, name: str) -> np.ndarray:
    return next(i for i in _items(dataset, name, 40) if drawings.is_long_sleeved(i))


def test_pose_changes_only_the_classes_people_draw_differently(dataset):
    rng = np.random.default_rng(0)
    for name in ("Dress", "Sandal", "Sneaker", "Bag", "Ankle boot"):
        for item in _items(dataset, name, 5):
            label = data.CLASS_NAMES.index(name)
            np.testing.assert_array_equal(drawings.pose(item, label, rng, POSED), item)
    posed_items = {
        "T-shirt/top": _items(dataset, "T-shirt/top", 1)[0],  # a neckline
        "Trouser": _items(dataset, "Trouser", 1)[0],
        "Pullover": _long_sleeved(dataset, "Pullover"),
        "Coat": _long_sleeved(dataset, "Coat"),
        "Shirt": _long_sleeved(dataset, "Shirt"),
    }
    for name, item in posed_items.items():
        label = data.CLASS_NAMES.index(name)
        assert (drawings.pose(item, label, rng, POSED) != item).any(), name


def test_long_sleeves_are_told_from_short_ones(dataset):
    """Pullovers lie with their sleeves along the body; T-shirts narrow below
    their short sleeves."""
    share = {
        name: np.mean([drawings.is_long_sleeved(i) for i in _items(dataset, name, 300)])
        for name in ("Pullover", "T-shirt/top")
    }
    assert share["Pullover"] >= 0.9, share
    assert share["T-shirt/top"] <= 0.3, share
    assert not drawings.is_long_sleeved(np.zeros((28, 28), np.uint8))


def test_a_short_sleeved_shirt_is_not_posed_and_keeps_the_random_stream(dataset):
    """Turned-out short sleeves would read as long ones, and shirts get no
    neckline: a short-sleeved shirt comes back as it was, drawing nothing."""
    shirt = data.CLASS_NAMES.index("Shirt")
    short = [i for i in _items(dataset, "Shirt", 60) if not drawings.is_long_sleeved(i)]
    assert len(short) >= 3
    rng, untouched = np.random.default_rng(1), np.random.default_rng(1)
    for item in short:
        np.testing.assert_array_equal(drawings.pose(item, shirt, rng, POSED), item)
    assert rng.random() == untouched.random()


def test_the_default_style_poses_trousers_and_leaves_dresses_alone(dataset):
    """The shipped recipe poses: labelled trousers come out unlike unlabelled
    ones, while classes that are never posed keep the random stream exactly."""
    trousers = _items(dataset, "Trouser", 20)
    labels = np.full(20, data.CLASS_NAMES.index("Trouser"))
    posed = drawings.redraw_many(trousers, seed=3, labels=labels)
    plain = drawings.redraw_many(trousers, seed=3)
    assert (posed != plain).any(axis=(1, 2)).mean() >= 0.5
    dresses = _items(dataset, "Dress", 20)
    np.testing.assert_array_equal(
        drawings.redraw_many(dresses, seed=3, labels=np.full(20, 3)),
        drawings.redraw_many(dresses, seed=3),
    )


def test_redraw_many_with_labels_poses_each_item_by_its_class(dataset):
    pullovers = _items(dataset, "Pullover", 10)
    labels = np.full(10, data.CLASS_NAMES.index("Pullover"))
    posed = drawings.redraw_many(pullovers, seed=5, style=POSED, labels=labels)
    np.testing.assert_array_equal(
        posed, drawings.redraw_many(pullovers, seed=5, style=POSED, labels=labels)
    )
    plain = drawings.redraw_many(pullovers, seed=5, style=POSED)

    # posed drawings are wider: the sleeves stick out (a drawing is fitted to 28 px
    # by its longest side, so a wider garment comes out wider than tall)
    def width(image: np.ndarray) -> int:
        cols = np.flatnonzero(image.max(axis=0) > 40)
        return int(cols[-1] - cols[0])

    assert np.mean([width(p) for p in posed]) > np.mean([width(p) for p in plain])


def _details(dataset: data.Dataset, name: str, count: int = 20) -> np.ndarray:
    """Return (count, 28, 28) bool: the details drawn on each item's silhouette
    (at 4 x 28 px, stroke 4 px, no wobble), cropped to the silhouette's box and
    shrunk back to 28 x 28, so that a position is a share of the item's size."""
    import cv2

    label = data.CLASS_NAMES.index(name)
    rng = np.random.default_rng(7)
    out = []
    for item in _items(dataset, name, count):
        mask = cv2.resize(drawings.silhouette(item).astype(np.uint8), (112, 112)) > 0
        canvas = np.zeros((112, 112), np.uint8)
        drawings.draw_details(canvas, mask, label, 4, 0.0, rng)
        rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
        box = canvas[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        out.append(cv2.resize(box, (28, 28), interpolation=cv2.INTER_AREA) > 60)
    return np.stack(out)


def test_a_coat_gets_a_centre_line_down_its_front(dataset):
    added = _details(dataset, "Coat")
    assert added.any(axis=(1, 2)).all()
    assert added[:, :, 11:17].sum() >= 0.6 * added.sum()  # the middle columns
    rows = added[:, :, 11:17].any(axis=2).sum(axis=1)
    assert np.median(rows) >= 20  # a line over most of the coat's height


def test_a_pullover_gets_a_hem_band_near_its_bottom(dataset):
    added = _details(dataset, "Pullover")
    assert added.any(axis=(1, 2)).all()
    assert added[:, 18:, :].sum() >= 0.9 * added.sum()  # the lower third
    spans = [np.ptp(np.flatnonzero(a[18:].any(axis=0))) for a in added]
    assert np.median(spans) >= 14  # a band across the body, not a dot


def test_a_shoe_gets_a_sole_line_and_dresses_get_no_details(dataset):
    for name in ("Sneaker", "Ankle boot"):
        added = _details(dataset, name)
        assert added.any(axis=(1, 2)).mean() >= 0.9, name
        assert added[:, 14:, :].sum() >= 0.5 * added.sum(), name  # low on the shoe
    assert not _details(dataset, "Dress").any()
    # redraw draws them when the style asks for them
    items = _items(dataset, "Coat", 10)
    labels = np.full(10, data.CLASS_NAMES.index("Coat"))
    detailed = DrawingStyle(details_share=1.0)
    assert (
        drawings.redraw_many(items, seed=7, style=detailed, labels=labels)
        != drawings.redraw_many(items, seed=7, labels=labels)
    ).any()


def test_a_small_drawing_closes_narrow_gaps_and_keeps_thin_lines(dataset, bags):
    """``merged_share``: drawn as a small drawing reaches the model (a wide brush,
    then thinned like the sketch pipeline thins it), the narrow gap between a
    pair of trousers' legs fills in, while a bag's outline (its inside is wider
    than the brush) comes out no wider than the thinned width plus the shrink's
    blur."""
    from fashion_cnn import preprocessing

    trousers = _items(dataset, "Trouser", 20)
    labels = np.full(len(trousers), data.CLASS_NAMES.index("Trouser"))
    plain_style = DrawingStyle(
        open_share=0.0, interior_share=0.0, filled_share=0.0, legs_share=0.0
    )
    merged_style = DrawingStyle(
        open_share=0.0,
        interior_share=0.0,
        filled_share=0.0,
        legs_share=0.0,
        merged_share=1.0,
        stroke_width=(2.0, 2.0),
    )
    plain = drawings.redraw_many(trousers, 5, plain_style, labels)
    merged = drawings.redraw_many(trousers, 5, merged_style, labels)
    # more of the item is ink: the brush closed the gap between the legs
    assert (
        (merged > 100).sum(axis=(1, 2)) > (plain > 100).sum(axis=(1, 2))
    ).mean() >= 0.8
    bag_labels = np.full(len(bags), data.CLASS_NAMES.index("Bag"))
    outlines = drawings.redraw_many(bags, 5, merged_style, bag_labels)
    widths = [preprocessing.stroke_width(m > 100) for m in outlines]
    assert np.median(widths) <= drawings.DEFAULT_STYLE.merged_thinned + 1.5, widths
    # off (the default), the random stream and the drawings are those of before
    np.testing.assert_array_equal(
        drawings.redraw_many(trousers, 5, DrawingStyle(merged_share=0.0), labels),
        drawings.redraw_many(trousers, 5, drawings.DEFAULT_STYLE, labels),
    )
