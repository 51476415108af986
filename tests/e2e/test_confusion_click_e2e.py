"""Click a confusion-matrix cell in Chromium: exactly that cell's test images appear."""

from __future__ import annotations

import re

import numpy as np

from fashion_cnn import models
from fashion_cnn.data import CLASS_NAMES, to_model_input

MAX_SHOWN = 40  # the page lists at most this many images of one cell
READY = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""
CELL_CENTRE = """([t, p]) => {
    const gd = document.querySelector('.st-key-confusion_matrix .js-plotly-plot')
        || document.querySelector('.js-plotly-plot');
    const box = gd.getBoundingClientRect();
    const layout = gd._fullLayout;
    return [box.left + layout.xaxis._offset + layout.xaxis.l2p(p),
            box.top + layout.yaxis._offset + layout.yaxis.l2p(t)];
}"""


def _wait_until_idle(page, timeout_ms: int = 600_000) -> None:
    """Wait for the script run and every lazily loaded element to finish."""
    page.wait_for_function(READY, timeout=timeout_ms)


def _click_cell(page, true_class: int, predicted_class: int) -> None:
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_CENTRE, [true_class, predicted_class])
    page.mouse.move(x, y)
    page.locator(".js-plotly-plot .hoverlayer .hovertext").first.wait_for()
    page.mouse.click(x, y)
    heading = f"{CLASS_NAMES[true_class]} " + (
        "recognised correctly"
        if true_class == predicted_class
        else f"taken for {CLASS_NAMES[predicted_class]}"
    )
    page.locator(".st-key-cell_images").get_by_text(heading).wait_for(timeout=600_000)
    _wait_until_idle(page)


def _shown(page) -> list[tuple[int, str]]:
    """Return (test index, caption) of every image listed under the matrix."""
    captions = page.locator(
        ".st-key-cell_images [data-testid='stImageCaption']"
    ).all_inner_texts()
    return [(int(re.match(r"#(\d+):", text).group(1)), text) for text in captions]


def test_clicking_a_cell_lists_exactly_its_images(page, app_url, dataset, studio_model):
    page.set_default_timeout(600_000)
    page.goto(f"{app_url}/performance", wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot", timeout=600_000)
    _wait_until_idle(page)
    matrix = np.asarray(models.load_card(models.DEFAULT_MODEL)["confusion_matrix"])
    off_diagonal = matrix - np.diag(np.diag(matrix))
    mix_up = np.unravel_index(off_diagonal.argmax(), matrix.shape)

    # The largest mix-up (a short list) and a diagonal cell (a capped list).
    for true_class, predicted_class in ((int(mix_up[0]), int(mix_up[1])), (1, 1)):
        _click_cell(page, true_class, predicted_class)
        count = int(matrix[true_class, predicted_class])
        cell_text = page.locator(".st-key-cell_images").inner_text()
        assert f": {count} test image" in cell_text
        shown = _shown(page)
        assert len(shown) == min(count, MAX_SHOWN)
        if count > MAX_SHOWN:
            assert f"of {count}" in cell_text
        indices = [index for index, _ in shown]
        assert len(set(indices)) == len(indices)
        assert (dataset.y_test[indices] == true_class).all()
        probabilities = models.predict_probabilities(
            studio_model, to_model_input(dataset.x_test[indices])
        )
        assert (probabilities.argmax(axis=1) == predicted_class).all()
        confidence = probabilities[:, predicted_class]
        # Most confident first; the order comes from the stored float16 scores,
        # whose step near 1 is 2**-11 (about 5e-4).
        assert (np.diff(confidence) <= 1e-3).all()
        name = re.escape(CLASS_NAMES[predicted_class])
        for (_, caption), p in zip(shown, confidence, strict=True):
            # The caption rounds the stored float16 score, which may round the
            # other way from the live probability at a half percent.
            found = re.search(rf"(\d+)% {name}", caption)
            assert found, caption
            assert abs(int(found.group(1)) - 100 * p) <= 0.5 + 0.06, (caption, p)
    assert page.locator('[data-testid="stException"]').count() == 0
