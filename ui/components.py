"""Display widgets shared by the pages: verdict, probability bars, image card, intro.

Compute helpers return arrays or figures; ``show_*`` functions render them.
Text that a visitor controls (file names) is escaped before it reaches Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np
import streamlit as st
from PIL import Image

from fashion_cnn import metrics, models, performance, uncertainty
from fashion_cnn.data import CLASS_NAMES
from ui import cache, layout, serving

WINNER_COLOR = layout.ACCENT
OTHER_COLOR = layout.MUTED
STAGE_HEIGHT = 112  # px: every image of the "what the model sees" strip
CHART_CONFIG = {"staticPlot": True, "displayModeBar": False}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def escape_markdown(text: str) -> str:
    """Return ``text`` safe to embed in ``st.markdown``: no HTML, no formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def page_intro(title: str, intro: str) -> None:
    """Open a page: shared sidebar and CSS, the title and one or two plain sentences.

    A page run without the router (a cold deep link) is rerun through ``app.py``.
    """
    serving.route_through_app()
    layout.sidebar()
    st.title(title)
    st.markdown(intro)


def enlarge(image: np.ndarray, height: int = STAGE_HEIGHT) -> np.ndarray:
    """Return a uint8 image (H, W) or (H, W, 3) scaled to ``height`` pixels tall.

    Small images (like the 28x28 input) are scaled with nearest neighbour so every
    pixel stays a crisp square; large photos are shrunk with antialiasing.
    """
    image = np.asarray(image)
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    h, w = image.shape[:2]
    if h == 0 or w == 0:
        return np.zeros((height, height), np.uint8)
    width = max(1, round(w * height / h))
    width = min(width, 4 * height)  # a 1x4000 strip stays a readable thumbnail
    resample = Image.Resampling.NEAREST if h < height else Image.Resampling.LANCZOS
    return np.asarray(Image.fromarray(image).resize((width, height), resample))


def probability_bars_html(probabilities: np.ndarray) -> str:
    """Return HTML for the 10 class probabilities as bars, the most likely on top.

    ``probabilities`` is a (10,) array in [0, 1] in ``CLASS_NAMES`` order. Each row
    carries ``data-class`` and ``data-probability``; the block's ``aria-label``
    reads the ranking aloud. Plain HTML (styled by ``layout.CSS``) draws in the
    browser in well under a millisecond, where a Plotly chart took tens of ms per
    pen stroke.
    """
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1)
    order = np.argsort(probabilities, kind="stable")[::-1]
    rows, spoken = [], []
    for rank, i in enumerate(order):
        name, value = html.escape(CLASS_NAMES[i]), float(probabilities[i])
        rows.append(
            f'<div class="row{" winner" if rank == 0 else ""}" data-class="{name}" '
            f'data-probability="{value:.6f}"><span class="name">{name}</span>'
            f'<span class="track"><span class="fill" style="width:{value:.2%}">'
            f'</span></span><span class="value">{value:.1%}</span></div>'
        )
        spoken.append(f"{name} {value:.0%}")
    label = "Probability of each class: " + ", ".join(spoken)
    return (
        f'<div class="studio-bars" role="img" aria-label="{label}">'
        f"{''.join(rows)}</div>"
    )


def show_probabilities(probabilities: np.ndarray, key: str) -> None:
    """Render the probability bars in ``st.container(key=key)`` (unique on a page)."""
    with st.container(key=key):
        st.html(probability_bars_html(probabilities))


# streamlit-drawable-canvas 0.13's own toolbar button that sends the drawing now.
CANVAS_SEND_TITLE = "Update the app with this drawing"
_SEND_AT_ONCE_JS = """<script>
(() => {
  const key = "%(key)s", flag = "__studioSendAtOnce_" + key;
  if (window[flag]) return;
  window[flag] = true;
  const host = () => document.querySelector(".st-key-" + key);
  const find = (root, selector) => {
    if (!root) return null;
    const found = root.querySelector(selector);
    if (found) return found;
    for (const el of root.querySelectorAll("*")) {
      const inner = el.shadowRoot && find(el.shadowRoot, selector);
      if (inner) return inner;
    }
    return null;
  };
  let drawing = false;
  document.addEventListener("pointerdown", (event) => {
    const path = event.composedPath();
    drawing = path.includes(host()) && path.some(
      (el) => el.classList && el.classList.contains("upper-canvas"));
  }, true);
  window.addEventListener("pointerup", () => {
    if (!drawing) return;
    drawing = false;
    // After the canvas has finished the stroke (its handlers run first).
    setTimeout(() => {
      const button = find(host(), 'button[title="%(title)s"]');
      if (button) button.click();
    }, 0);
  });
})();
</script>"""


def send_strokes_at_once(canvas_key: str) -> None:
    """Make the drawable canvas ``canvas_key`` send each finished stroke at once.

    streamlit-drawable-canvas 0.13 waits 200 ms after a stroke before it sends the
    drawing (a debounce in its bundle), which alone took two thirds of the 300 ms
    stroke-to-bars budget. When a stroke on the canvas ends, this presses the
    canvas's own toolbar button ``CANVAS_SEND_TITLE``, which sends at once and
    cancels the pending send. If a later version renames the button, strokes are
    still sent, 200 ms later, as before.
    """
    script = _SEND_AT_ONCE_JS % {"key": canvas_key, "title": CANVAS_SEND_TITLE}
    st.html(script, unsafe_allow_javascript=True)


def show_verdict(verdict, probabilities: np.ndarray) -> None:
    """Render the verdict headline in large type with the top class's confidence.

    ``verdict`` is a ``fashion_cnn.uncertainty.Verdict``: kind, headline, detail, top.
    """
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1)
    best = int(np.argmax(probabilities))
    if verdict.kind == "confident":
        confidence = f"{probabilities[best]:.0%} confident"
    else:
        confidence = f"Best guess: {CLASS_NAMES[best]} ({probabilities[best]:.0%})"
    kind = verdict.kind if verdict.kind in ("confident", "unsure") else "not_clothing"
    st.html(
        f'<div class="studio-verdict {kind}" '
        f'data-top-class="{html.escape(CLASS_NAMES[best])}">'
        f'<div class="headline">{html.escape(verdict.headline)}</div>'
        f'<div class="confidence">{html.escape(confidence)}</div>'
        f'<div class="detail">{html.escape(verdict.detail)}</div></div>'
    )


def show_stages(stages: Sequence[tuple[str, np.ndarray]]) -> None:
    """Render the "what the model sees" strip: one captioned image per stage.

    ``stages`` is a sequence of (caption, uint8 (H, W) or (H, W, 3) image); the
    images wrap onto several rows on a narrow screen.
    """
    if not stages:
        return
    st.image(
        [enlarge(image) for _, image in stages],
        caption=[caption for caption, _ in stages],
    )


def assess(probabilities: np.ndarray, image28: np.ndarray) -> uncertainty.Verdict:
    """Return the honest verdict for (10,) probabilities of a (28, 28) uint8 input.

    Uses the calibration made for the shipped default model's current file; while
    there is none (or it belongs to a replaced model), the fixed fallback rule.
    """
    return uncertainty.assess(probabilities, image28, cache.get_calibration())


def show_result(model, prepared, key: str) -> np.ndarray:
    """Predict one prepared image, render verdict and bars; return (10,) probabilities.

    ``prepared`` is a ``fashion_cnn.preprocessing.Prepared``; the model is called
    directly (``model(x, training=False)``), never through ``model.predict``.
    """
    probabilities = models.predict_probabilities(model, prepared.batch)[0]
    verdict = assess(probabilities, prepared.image28)
    show_verdict(verdict, probabilities)
    show_probabilities(probabilities, key=f"{key}_bars")
    return probabilities


def top3_line(probabilities: np.ndarray) -> str:
    """Return e.g. "**Sneaker 81%** · Sandal 12% · Ankle boot 4%" (Markdown)."""
    (first, p), *rest = metrics.top_classes(probabilities, 3)
    others = " · ".join(f"{name} {q:.0%}" for name, q in rest)
    return f"**{first} {p:.0%}** · {others}"


def image_card(model, prepared, key: str, title: str = "") -> np.ndarray:
    """Render one input as a bordered card; return its (10,) probabilities.

    Left: the title (as plain text), the stages strip and the 28x28 model input.
    Right: the verdict and the 10 probability bars. ``key`` names the container
    (``st.container(key=key)``) and must be unique on the page.
    """
    with st.container(key=key, border=True):
        if title:  # plain text: a file name is never Markdown or a link
            st.text(title)
        left, right = st.columns([1, 1], gap="medium")
        with left:
            st.caption(
                "What the model sees: each step turns your picture into a small "
                "grey image like the ones it was trained on.",
                help="Fashion-MNIST images are 28x28 pixels, light garments on "
                "black. The model only ever sees the last image of this strip.",
            )
            show_stages(prepared.stages)
        with right:
            probabilities = show_result(model, prepared, key=key)
    return probabilities


def show_opinions(prepared, key: str) -> None:
    """Render every shipped model's answer to one prepared input, side by side.

    Each model is called once on ``prepared.batch`` (``models.predict_probabilities``);
    the table comes from ``performance.opinion_rows``.
    """
    names = cache.shipped_model_names()
    probabilities = {
        name: models.predict_probabilities(cache.get_model(name), prepared.batch)[0]
        for name in names
    }
    rows = performance.opinion_rows(
        probabilities, {name: cache.get_card(name) for name in names}
    )
    st.dataframe(
        [
            {
                "Model": row["title"],
                "Answer": row["answer"],
                "Confidence": row["confidence"],
                "Test accuracy": row["test_accuracy"],
            }
            for row in rows
        ],
        key=key,
        hide_index=True,
        column_config={
            "Model": st.column_config.TextColumn(width="medium"),
            "Confidence": st.column_config.ProgressColumn(
                "Confidence",
                help="How sure this model is of its answer.",
                format="percent",
                min_value=0.0,
                max_value=1.0,
            ),
            "Test accuracy": st.column_config.NumberColumn(
                help="Right answers on the 10,000 test images.", format="percent"
            ),
        },
    )
    st.caption(
        "The same 28x28 input through every model we ship. Only the Studio CNN "
        "also learned from drawings: the others saw only the dataset's photos, so "
        "they often take an outline for a bag or a sandal. The fully connected "
        "network reads each pixel on its own, the CNNs look for shapes."
    )
