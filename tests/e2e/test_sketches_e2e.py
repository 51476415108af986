"""Quick mouse sketches on the Predict page's canvas are recognised, in Chromium."""

from __future__ import annotations

import pytest

from benchmarks import sketch_set, sketches
from tests.e2e.conftest import draw_strokes, open_page

RESULT_TIMEOUT = 120_000


@pytest.mark.parametrize("name", list(sketches.SKETCHES))
def test_quick_sketch_is_recognised(page, app_url, name):
    open_page(page, app_url, "predict")
    result = page.locator(".st-key-draw_result")
    result.get_by_text("Draw something").wait_for(timeout=RESULT_TIMEOUT)

    draw_strokes(page, sketches.SKETCHES[name][0])

    verdict = result.locator(".studio-verdict")
    verdict.wait_for(timeout=RESULT_TIMEOUT)
    headline = verdict.locator(".headline").inner_text()
    assert verdict.get_attribute("data-top-class") == name, headline
    assert name in headline
    assert page.locator('[data-testid="stException"]').count() == 0


# Chosen from the held-out set before the new model was trained: the three shapes
# issue 10 names (trousers with a waistband, a dress outline, a sneaker outline).
# The studio shipped on 2026-12-04 reads this sneaker outline as Sandal, as the
# one before it did in 5 of its 6 held-out renderings (it passed here, drawn by
# the mouse, by a small margin); it reads drawn sneakers as a class better than
# that model (sets A / B / C: 52 / 100 / 70% against 36 / 97 / 53%). BENCHMARKS.md
# records this; the test fails the day a model answers Sneaker, to be restored.
SNEAKER_MISREAD = pytest.mark.xfail(
    strict=True, reason="issue 10: the shipped studio reads this outline as Sandal"
)
HELD_OUT = (
    "trouser_waistband",
    "dress_aline",
    pytest.param("sneaker_outline_right", marks=SNEAKER_MISREAD),
)


@pytest.mark.parametrize("template", HELD_OUT)
def test_held_out_outline_drawing_is_answered_with_its_class(page, app_url, template):
    label, strokes = sketch_set.template_strokes(template)
    open_page(page, app_url, "predict")
    result = page.locator(".st-key-draw_result")
    result.get_by_text("Draw something").wait_for(timeout=RESULT_TIMEOUT)

    draw_strokes(page, strokes)

    verdict = result.locator(".studio-verdict")
    verdict.wait_for(timeout=RESULT_TIMEOUT)
    headline = verdict.locator(".headline").inner_text()
    assert verdict.get_attribute("data-top-class") == label, headline
    assert page.locator('[data-testid="stException"]').count() == 0
