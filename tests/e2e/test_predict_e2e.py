"""The Predict page in a real Chromium: draw with the mouse, upload a real PNG."""

from __future__ import annotations

from PIL import Image

from fashion_cnn.data import CLASS_NAMES
from tests.e2e.test_pages_e2e import IDLE, show
from ui import components

RESULT_TIMEOUT = 120_000


def draw_stroke(page, box: dict, points: list[tuple[float, float]]) -> None:
    """Drag the mouse through ``points`` given as fractions of the canvas box."""
    x0, y0 = box["x"], box["y"]
    page.mouse.move(x0 + points[0][0] * box["width"], y0 + points[0][1] * box["height"])
    page.mouse.down()
    for fx, fy in points[1:]:
        page.mouse.move(x0 + fx * box["width"], y0 + fy * box["height"], steps=12)
    page.mouse.up()


def test_drawing_two_long_strokes_is_recognised_as_trousers(page, app_url):
    show(page, app_url, "predict")
    result = page.locator(".st-key-draw_result")
    result.get_by_text("Draw something").wait_for(timeout=RESULT_TIMEOUT)

    canvas = page.locator(".st-key-draw_canvas canvas").last  # fabric's upper canvas
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 200
    draw_stroke(page, box, [(0.40, 0.12), (0.38, 0.5), (0.35, 0.9)])
    draw_stroke(page, box, [(0.60, 0.12), (0.62, 0.5), (0.65, 0.9)])

    verdict = result.locator(".studio-verdict")
    verdict.wait_for(timeout=RESULT_TIMEOUT)
    page.wait_for_function(IDLE, timeout=RESULT_TIMEOUT)
    assert verdict.get_attribute("data-top-class") == "Trouser"
    winner = result.locator(".studio-bars .row.winner")
    assert winner.get_attribute("data-class") == "Trouser"
    assert float(winner.get_attribute("data-probability")) > 0.5
    assert "Draw something" not in result.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0


# Counts presses of the canvas's own "send now" button and finished script runs.
COUNT_SENDS_JS = f"""() => {{
  window.__sends = 0;
  window.__runs = 0;
  document.addEventListener('click', (e) => {{
    const el = e.composedPath()[0];
    if (el.title === {components.CANVAS_SEND_TITLE!r}) window.__sends++;
  }}, true);
  new MutationObserver((records) => {{
    for (const r of records)
      if (r.target.getAttribute('data-test-script-state') === 'notRunning'
          && r.oldValue !== 'notRunning') window.__runs++;
  }}).observe(document, {{subtree: true, attributes: true, attributeOldValue: true,
                          attributeFilter: ['data-test-script-state']}});
}}"""


def test_each_stroke_is_sent_once_as_the_pen_lifts(page, app_url):
    """The page presses the canvas's send button after each stroke (no 200 ms wait)."""
    show(page, app_url, "predict")
    result = page.locator(".st-key-draw_result")
    result.get_by_text("Draw something").wait_for(timeout=RESULT_TIMEOUT)
    canvas = page.locator(".st-key-draw_canvas canvas").last
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.evaluate(COUNT_SENDS_JS)

    for stroke, points in enumerate(
        [
            [(0.4, 0.1), (0.38, 0.9)],
            [(0.6, 0.1), (0.62, 0.9)],
            [(0.3, 0.1), (0.7, 0.1)],
        ],
        start=1,
    ):
        before = result.inner_html()
        draw_stroke(page, box, points)
        page.wait_for_function(
            "(n) => window.__runs >= n", arg=stroke, timeout=RESULT_TIMEOUT
        )
        page.wait_for_function(IDLE, timeout=RESULT_TIMEOUT)
        assert page.evaluate("() => window.__sends") == stroke
        assert result.inner_html() != before  # the bars followed this stroke
    page.wait_for_timeout(500)  # the component's own delayed send would come now
    assert page.evaluate("() => [window.__sends, window.__runs]") == [3, 3]


def test_uploaded_test_image_is_recognised_as_its_true_class(
    page, app_url, dataset, tmp_path
):
    index = 0  # the first test image, an ankle boot
    path = tmp_path / "test-image.png"
    Image.fromarray(dataset.x_test[index]).resize((112, 112)).save(path)
    truth = CLASS_NAMES[int(dataset.y_test[index])]

    show(page, app_url, "predict?predict_tab=Upload")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(path)
    )
    verdict = page.locator(".st-key-upload_card_0 .studio-verdict")
    verdict.wait_for(timeout=RESULT_TIMEOUT)
    assert verdict.get_attribute("data-top-class") == truth
    assert "test-image.png" in page.locator(".st-key-upload_card_0").inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
