"""AppTest for pages/dataset.py: split, class filter, paged grid, statistics, pixels."""

from __future__ import annotations

import numpy as np

from fashion_cnn import drawings
from fashion_cnn.data import CLASS_NAMES
from tests.apptest_pages import figure_by_key, run_page
from ui import cache

PAGE = "pages/dataset.py"


def grid_captions(at) -> list[str]:
    """Captions of the 32-image sample grid, each "Class · #index"."""
    grid = next(img for img in at.get("image") if len(img.captions) == 32)
    return list(grid.captions)


def grid_indices(at) -> list[int]:
    return [int(caption.rsplit("#", 1)[1]) for caption in grid_captions(at)]


def grid_classes(at) -> set[str]:
    return {caption.split(" · ")[0] for caption in grid_captions(at)}


def test_explorer_defaults_to_training_images_and_shows_their_pixels(dataset):
    at = run_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Dataset explorer"
    indices = grid_indices(at)
    assert len(set(indices)) == 32
    assert grid_classes(at) <= set(CLASS_NAMES) and len(grid_classes(at)) > 3
    assert grid_captions(at) == [
        f"{CLASS_NAMES[dataset.y_train[i]]} · #{i}" for i in indices
    ]

    pick = at.selectbox(key="dataset_pick").value
    assert pick == indices[0]
    heatmap = figure_by_key(at, "dataset_pixels")["data"][0]
    assert np.array_equal(np.array(heatmap["z"]), dataset.x_train[pick])
    assert "texttemplate" not in heatmap

    counts = figure_by_key(at, "dataset_counts")["data"][0]
    assert list(counts["x"]) == [6000] * 10
    means = [img for img in at.get("image") if len(img.captions) == 10]
    assert len(means) == 2  # mean image and pixel spread, one per class


def test_class_filter_split_seed_and_page_change_the_grid(dataset):
    at = run_page(PAGE)
    first_page = grid_indices(at)

    at.number_input(key="dataset_page").set_value(2)
    at.run()
    second_page = grid_indices(at)
    assert not set(first_page) & set(second_page)

    at.number_input(key="dataset_seed").set_value(7)
    at.run()
    assert at.number_input(key="dataset_page").value == 1  # a new order starts over
    assert grid_indices(at) != first_page

    at.selectbox(key="dataset_class").set_value("Trouser")
    at.run()
    assert not at.exception
    assert grid_classes(at) == {"Trouser"}
    means = [img for img in at.get("image") if img.captions == ["Trouser"]]
    assert len(means) == 2

    at.radio(key="dataset_split").set_value("test")
    at.run()
    assert not at.exception
    indices = grid_indices(at)
    assert all(dataset.y_test[i] == CLASS_NAMES.index("Trouser") for i in indices)
    counts = figure_by_key(at, "dataset_counts")["data"][0]
    assert list(counts["x"]) == [1000] * 10
    assert any("1,000 images of every class" in md.value for md in at.markdown)

    at.selectbox(key="dataset_pick").set_value(indices[3])
    at.toggle(key="dataset_numbers").set_value(True)
    at.run()
    heatmap = figure_by_key(at, "dataset_pixels")["data"][0]
    assert np.array_equal(np.array(heatmap["z"]), dataset.x_test[indices[3]])
    assert heatmap["texttemplate"] == "%{text}"


def test_show_as_drawings_shows_the_same_items_posed_as_in_training(dataset):
    """The toggle keeps the grid's items and captions and shows the redrawings the
    network trained on: trousers are posed by their class (legs apart)."""
    at = run_page(PAGE)
    at.selectbox(key="dataset_class").set_value("Trouser")
    at.run()
    before = grid_captions(at)
    at.toggle(key="dataset_drawings").set_value(True)
    at.run()
    assert not at.exception
    assert grid_captions(at) == before
    indices = np.array(grid_indices(at))
    shown = cache.example_drawings(
        dataset.x_train[indices], dataset.y_train[indices], 0
    )
    unposed = drawings.redraw_many(dataset.x_train[indices], 0)
    assert (shown != unposed).any(axis=(1, 2)).mean() >= 0.5
