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
# The sneaker outline was a strict xfail from 2026-12-04 (read as Sandal); the
# studio shipped on 2026-12-07 (half taught by the 10-view teacher) answers
# Sneaker here, and in 3 of the template's 6 held-out renderings (the one before
# it in none): a narrow pass, recorded in BENCHMARKS.md.
HELD_OUT = ("trouser_waistband", "dress_aline", "sneaker_outline_right")


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
