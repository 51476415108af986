"""Figures of the pages: confusion matrix, lab curves and F1 bars, dataset charts."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn.data import CLASS_NAMES
from ui import plots


def test_a_clicked_cell_is_read_from_the_chart_selection():
    figure = plots.confusion_figure(np.eye(10, dtype=int) * 100, normalise=False)
    cells = figure.data[1]
    assert list(cells.customdata[16]) == [1, 6, 0]
    point = {"x": "Shirt", "y": "Trouser", "customdata": [1, 6, 0]}
    assert plots.selected_cell({"points": [point]}) == (1, 6)
    typed = {**point, "customdata": {"0": 1, "1": 6, "2": 0}}
    assert plots.selected_cell({"points": [typed]}) == (1, 6)
    assert plots.selected_cell({"points": []}) is None
    assert plots.selected_cell(None) is None
    assert plots.selected_cell({"points": [{"customdata": ["x"]}]}) is None


def _per_class(offset: float) -> list[dict]:
    return [
        {"class": name, "f1": 0.5 + offset + 0.01 * i}
        for i, name in enumerate(CLASS_NAMES)
    ]


def test_curve_figure_draws_training_and_validation_lines():
    curve = [{"epoch": 0.5, "accuracy": 0.6}, {"epoch": 1.0, "accuracy": 0.7}]
    history = [{"epoch": 1, "val_accuracy": 0.75}, {"epoch": 2}]
    figure = plots.curve_figure(curve, history, "accuracy")
    training, validation = figure.data
    assert training.type == validation.type == "scatter"
    assert (training.name, validation.name) == ("training", "validation")
    assert list(training.x) == [0.5, 1.0]
    assert list(training.y) == pytest.approx([60.0, 70.0])
    assert list(validation.x) == [1] and list(validation.y) == pytest.approx([75.0])
    assert figure.layout.title.text == "Accuracy (%)"
    assert figure.layout.xaxis.title.text == "epoch"
    loss = plots.curve_figure([{"epoch": 1.0, "loss": 0.4}], [], "loss")
    assert list(loss.data[0].y) == [0.4] and len(loss.data[1].x) == 0
    assert loss.layout.title.text == "Loss (lower is better)"


def test_f1_figure_puts_your_model_beside_the_reference_only():
    rows = [
        {"name": "your model", "title": "Yours", "per_class": _per_class(0.1)},
        {"name": "studio", "title": "Studio", "per_class": _per_class(0.2)},
        {"name": "ann", "title": "ANN", "per_class": _per_class(0.0)},
        {"name": "cnn_3conv", "title": "3 conv", "per_class": []},
    ]
    figure = plots.f1_figure(rows)
    assert [trace.type for trace in figure.data] == ["bar", "bar"]
    assert [trace.name for trace in figure.data] == ["Yours", "Studio"]
    assert list(figure.data[0].x) == list(CLASS_NAMES)
    assert list(figure.data[1].y) == pytest.approx(
        [100 * item["f1"] for item in _per_class(0.2)]
    )
    assert figure.data[0].marker.color == plots.ACCENT
    assert figure.layout.barmode == "group"
    assert figure.layout.title.text == "F1 score per class (%)"
    assert len(plots.f1_figure(rows, reference="ann").data) == 2
    assert not plots.f1_figure(rows[2:]).data


def test_count_figure_highlights_the_chosen_class():
    counts = np.arange(100, 110)
    figure = plots.count_figure(counts, class_id=3)
    (bars,) = figure.data
    assert bars.type == "bar" and bars.orientation == "h"
    assert list(bars.x) == counts.tolist()
    assert list(bars.y) == list(CLASS_NAMES)
    assert list(bars.marker.color) == [
        plots.ACCENT if c == 3 else plots.MUTED for c in range(10)
    ]
    assert figure.layout.xaxis.title.text == "images"
    every = plots.count_figure(counts, class_id=None).data[0]
    assert list(every.marker.color) == [plots.ACCENT] * 10


def test_pixel_figure_is_a_heatmap_of_the_pixel_values():
    image = np.arange(784, dtype=np.int64).reshape(28, 28) % 256
    figure = plots.pixel_figure(image.astype(np.uint8), show_numbers=False)
    (heatmap,) = figure.data
    assert heatmap.type == "heatmap"
    assert np.array_equal(np.array(heatmap.z), image)
    assert (heatmap.zmin, heatmap.zmax) == (0, 255)
    assert heatmap.texttemplate is None
    numbered = plots.pixel_figure(image.astype(np.uint8), show_numbers=True).data[0]
    assert numbered.texttemplate == "%{text}"
    assert np.array_equal(np.array(numbered.text), image)
    assert figure.layout.yaxis.autorange == "reversed"
