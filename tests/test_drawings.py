"""fashion_cnn.drawings: dataset items redrawn the way visitors draw them."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn import data, drawings
from fashion_cnn.drawings import DrawingStyle

OUTLINE_ONLY = DrawingStyle(open_share=0.0, interior_share=0.0, filled_share=0.0)


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
