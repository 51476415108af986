"""Quick mouse sketches on the Predict page's canvas are recognised, in Chromium."""

from __future__ import annotations

import pytest

from benchmarks import sketches
from tests.e2e.conftest import open_page
from tests.e2e.test_pages_e2e import IDLE

RESULT_TIMEOUT = 120_000
STEP_PX = 6  # mouse positions every few pixels, like a real drag


def draw(page, box: dict, strokes: list[sketches.Stroke]) -> None:
    """Drag the mouse along each stroke (points on the 280 x 280 canvas)."""
    sx, sy = box["width"] / sketches.CANVAS, box["height"] / sketches.CANVAS
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * sx, box["y"] + y * sy)
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / STEP_PX))
            page.mouse.move(box["x"] + x1 * sx, box["y"] + y1 * sy, steps=steps)
        page.mouse.up()
        page.wait_for_timeout(150)


@pytest.mark.parametrize("name", list(sketches.SKETCHES))
def test_quick_sketch_is_recognised(page, app_url, name):
    open_page(page, app_url, "predict")
    page.wait_for_function(IDLE, timeout=180_000)
    result = page.locator(".st-key-draw_result")
    result.get_by_text("Draw something").wait_for(timeout=RESULT_TIMEOUT)

    canvas = page.locator(".st-key-draw_canvas canvas").last  # fabric's upper canvas
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 200
    draw(page, box, sketches.SKETCHES[name][0])

    verdict = result.locator(".studio-verdict")
    verdict.wait_for(timeout=RESULT_TIMEOUT)
    page.wait_for_function(IDLE, timeout=RESULT_TIMEOUT)
    headline = verdict.locator(".headline").inner_text()
    assert verdict.get_attribute("data-top-class") == name, headline
    assert name in headline
    assert page.locator('[data-testid="stException"]').count() == 0
