"""ui/components.py: the probability bars, checked against the probabilities."""

from __future__ import annotations

import re

import numpy as np

from fashion_cnn.data import CLASS_NAMES
from ui import components

ROW = re.compile(
    r'<div class="row( winner)?" data-class="([^"]+)" data-probability="([0-9.]+)">'
    r'<span class="name">[^<]+</span><span class="track">'
    r'<span class="fill" style="width:([0-9.]+)%"></span></span>'
    r'<span class="value">([0-9.]+)%</span></div>'
)


def test_bars_list_every_class_once_most_likely_first_with_matching_widths():
    rng = np.random.default_rng(7)
    probabilities = rng.dirichlet(np.ones(10)).astype(np.float32)

    html = components.probability_bars_html(probabilities)
    rows = ROW.findall(html)

    assert len(rows) == 10
    names = [html_name.replace("&amp;", "&") for _, html_name, *_ in rows]
    assert sorted(names) == sorted(CLASS_NAMES)
    expected = sorted(CLASS_NAMES, key=lambda n: -probabilities[CLASS_NAMES.index(n)])
    assert names == expected
    assert [winner for winner, *_ in rows] == [" winner"] + [""] * 9
    for _, name, value, width, shown in rows:
        p = float(probabilities[CLASS_NAMES.index(name)])
        assert abs(float(value) - p) < 1e-6
        assert abs(float(width) - 100 * p) < 0.006
        assert abs(float(shown) - 100 * p) < 0.051
    assert 'role="img"' in html and f"{names[0]} " in html.split("aria-label=")[1]


def test_bars_of_a_certain_prediction_fill_one_track():
    probabilities = np.zeros(10)
    probabilities[CLASS_NAMES.index("Sneaker")] = 1.0
    rows = ROW.findall(components.probability_bars_html(probabilities))
    assert rows[0][1] == "Sneaker" and rows[0][3] == "100.00"
    assert all(width == "0.00" for *_, width, _ in rows[1:])
