"""The Explain-by-example page (AppTest, real shipped model, map and data)."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn import models
from fashion_cnn.data import CLASS_NAMES
from tests.apptest_pages import figure_by_key, run_page

PAGE = "pages/explain.py"


def _trace_names(at) -> list[str]:
    return [trace.get("name") for trace in figure_by_key(at, "map_chart")["data"]]


def test_without_an_input_the_map_shows_every_class_and_the_mistakes(dataset):
    at = run_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Explain by example"
    names = _trace_names(at)
    assert names[:10] == list(CLASS_NAMES)
    accuracy = models.load_card(models.DEFAULT_MODEL)["test_accuracy"]
    mistakes = round((1 - accuracy) * len(dataset.y_test))
    assert names[10] == f"Mistakes ({mistakes})"
    assert len(names) == 11  # no star without an input
    assert "Draw a garment or upload a photo" in at.info[0].value
    caption = "\n".join(c.value for c in at.caption)
    assert "What the map does not say" in caption


def test_the_last_input_is_placed_with_its_nearest_training_images(dataset):
    bag = int(np.flatnonzero(dataset.y_test == 8)[0])
    last_input = {"image28": dataset.x_test[bag], "source": "drawing", "label": "Bag"}
    at = run_page(PAGE, {"last_input": last_input})
    assert not at.exception
    assert _trace_names(at)[-1] == "Your drawing"
    text = "\n".join(m.value for m in at.markdown)
    assert "**Your drawing**, marked with a star" in text
    assert "The Studio CNN says **Bag**" in text
    neighbours = at.get_by_key("map_neighbours").get("image")[0]
    assert len(neighbours.captions) == 8
    labels = [caption.split(" · ")[0] for caption in neighbours.captions]
    assert labels.count("Bag") >= 6
    distances = [float(caption.split(" · ")[1]) for caption in neighbours.captions]
    assert distances == sorted(distances)


@pytest.mark.parametrize("source", ["upload", "photo"])
def test_the_marker_is_named_after_the_inputs_source(dataset, source):
    last_input = {"image28": dataset.x_test[0], "source": source, "label": "x"}
    at = run_page(PAGE, {"last_input": last_input})
    assert not at.exception
    assert _trace_names(at)[-1] == f"Your {source}"
