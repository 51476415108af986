"""Explain by example in Chromium: a drawn bag lands among the bags on the map, its
nearest training images are bags, and a clicked dot opens that test image."""

from __future__ import annotations

import re

import numpy as np

from benchmarks import sketch_set
from fashion_cnn.data import CLASS_NAMES
from tests.e2e.conftest import LOAD_TIMEOUT, draw_strokes, open_page, wait_for_app

MAP = ".st-key-map_chart .js-plotly-plot"
TRACES = f"""() => document.querySelector('{MAP}')._fullData.map(
    t => ({{name: t.name, x: Array.from(t.x), y: Array.from(t.y),
           index: Array.from(t.customdata || [], row => row[0])}}))"""
POINT_XY = f"""([x, y]) => {{
    const gd = document.querySelector('{MAP}');
    const box = gd.getBoundingClientRect(), layout = gd._fullLayout;
    return [box.left + layout.xaxis._offset + layout.xaxis.l2p(x),
            box.top + layout.yaxis._offset + layout.yaxis.l2p(y)];
}}"""


def _traces(page) -> dict[str, dict]:
    return {trace["name"]: trace for trace in page.evaluate(TRACES)}


def _position(page, index: int) -> list[float]:
    """Return the map coordinates of test image ``index`` (from its class trace)."""
    for name, trace in _traces(page).items():
        if name in CLASS_NAMES and index in trace["index"]:
            k = trace["index"].index(index)
            return [trace["x"][k], trace["y"][k]]
    raise AssertionError(f"test image {index} is not on the map")


def test_drawn_bag_lands_in_the_bag_cluster_among_bags(page, app_url, dataset):
    open_page(page, app_url, "predict")
    label, strokes = sketch_set.template_strokes("bag_handle_box")
    assert label == "Bag"
    draw_strokes(page, strokes)
    page.get_by_role("link", name="Which training images does it look like?").click()
    page.locator(".st-key-map_neighbours").wait_for(timeout=LOAD_TIMEOUT)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0

    traces = _traces(page)
    star = traces["Your drawing"]
    marker = np.array([star["x"][0], star["y"][0]])
    classes = [name for name in traces if name in CLASS_NAMES]
    assert len(classes) == 10
    points = np.concatenate(
        [np.column_stack([traces[n]["x"], traces[n]["y"]]) for n in classes]
    )
    names = np.concatenate([[n] * len(traces[n]["x"]) for n in classes])
    assert len(points) == len(dataset.y_test)
    nearest = names[np.argsort(np.linalg.norm(points - marker, axis=1))[:25]]
    assert np.mean(nearest == "Bag") >= 0.8, list(nearest)

    captions = page.locator(
        ".st-key-map_neighbours [data-testid='stImageCaption']"
    ).all_inner_texts()
    assert len(captions) == 8
    assert sum(c.startswith("Bag ·") for c in captions) >= 6, captions


def test_clicking_a_dot_shows_that_test_image_and_links_inside(page, app_url, dataset):
    open_page(page, app_url, "explain")
    page.locator(MAP).wait_for(timeout=LOAD_TIMEOUT)
    trousers = _traces(page)["Trouser"]
    xy = np.column_stack([trousers["x"], trousers["y"]])
    middle = int(np.argmin(np.linalg.norm(xy - np.median(xy, axis=0), axis=1)))
    index = int(trousers["index"][middle])
    page.locator(MAP).scroll_into_view_if_needed()
    x, y = page.evaluate(POINT_XY, [trousers["x"][middle], trousers["y"][middle]])
    page.mouse.move(x, y)
    page.locator(f"{MAP} .hoverlayer .hovertext").first.wait_for()
    page.mouse.click(x, y)

    card = page.locator(".st-key-map_clicked")
    card.wait_for(timeout=LOAD_TIMEOUT)
    shown = int(re.search(r"Test image #(\d+)", card.inner_text()).group(1))
    # The dot under the cursor (plotly picks the closest one to the pointer).
    shown_xy = np.array(page.evaluate(POINT_XY, _position(page, shown)))
    assert np.linalg.norm(shown_xy - [x, y]) <= 4, (index, shown)
    assert dataset.y_test[shown] == 1
    page.get_by_role("link", name="Look inside the network for this image").click()
    page.get_by_text(f"Test image #{shown}").first.wait_for(timeout=LOAD_TIMEOUT)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0


PLOTLY_LOADED = "() => typeof window.Plotly !== 'undefined'"  # its code has run


def test_home_loads_the_chart_code_ahead_but_not_while_the_visitor_draws(page, app_url):
    """Home shows no chart; in a quiet moment the browser loads the Plotly code the
    map needs (so the map's first visit skips that wait), never mid-drawing."""
    open_page(page, app_url)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    box = page.locator("h1").first.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()  # a held pointer (a stroke) keeps it waiting
    page.wait_for_timeout(5_000)
    assert not page.evaluate(PLOTLY_LOADED)
    page.mouse.up()
    page.mouse.wheel(0, 120)  # a scroll only restarts the quiet time
    page.wait_for_function(PLOTLY_LOADED, timeout=30_000, polling=500)  # not each frame
    assert page.locator('[data-testid="stException"]').count() == 0
