"""Figures of the performance page: the clickable confusion matrix."""

from __future__ import annotations

import numpy as np

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
