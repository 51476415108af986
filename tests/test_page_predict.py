"""AppTest for pages/predict.py with the real shipped model and real test images."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
from PIL import Image

from benchmarks import sketch_set
from fashion_cnn import models, preprocessing
from fashion_cnn.data import CLASS_NAMES
from tests.apptest_pages import html_text, run_page

PAGE = "pages/predict.py"
TROUSER = CLASS_NAMES.index("Trouser")


def png_bytes(image: np.ndarray, fmt: str = "PNG") -> bytes:
    """Encode a uint8 image (H, W) or (H, W, C) as PNG or JPEG bytes."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format=fmt)
    return buffer.getvalue()


def trousers_canvas() -> dict:
    """A canvas value like the component sends: the held-out sketch set's trousers
    with a waistband (benchmarks/sketch_set.py), white on black, brush 22."""
    _, strokes = sketch_set.template_strokes("trouser_waistband")
    data = base64.b64encode(png_bytes(sketch_set.render(strokes, 22))).decode()
    return {
        "drawing": {"raw": {"objects": []}, "data": f"data:image/png;base64,{data}"},
        "backgroundFit": None,
    }


def bar_classes(at, key: str) -> list[str]:
    """The class names of a block of probability bars, top to bottom."""
    return re.findall(r'data-class="([^"]+)"', html_text(at.get_by_key(key)))


def test_blank_canvas_asks_to_draw_instead_of_predicting():
    at = run_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Predict"
    assert at.slider(key="brush_width").value > 0
    result = at.get_by_key("draw_result")
    assert any("Draw something" in info.value for info in result.info)
    assert "studio-bars" not in html_text(result)  # no prediction for an empty canvas


def test_compare_all_models_lists_every_shipped_model_on_the_drawing(dataset):
    at = run_page(PAGE, {"draw_canvas": trousers_canvas(), "compare_models": True})
    assert not at.exception
    (frame,) = at.dataframe  # the only table on the page
    table = frame.value
    titles = {models.load_card(name)["title"]: name for name in models.list_models()}
    assert sorted(table["Model"]) == sorted(titles)
    main_answer = bar_classes(at, "draw_bars")[0]
    studio = table[table["Model"] == models.load_card("studio")["title"]].iloc[0]
    assert studio["Answer"] == main_answer
    assert set(table["Answer"]) <= set(CLASS_NAMES)
    assert ((table["Confidence"] > 0.1) & (table["Confidence"] <= 1.0)).all()
    assert list(table["Test accuracy"]) == sorted(table["Test accuracy"], reverse=True)


def test_drawing_trousers_shows_verdict_bars_and_model_input():
    at = run_page(PAGE, {"draw_canvas": trousers_canvas()})
    assert not at.exception
    result = at.get_by_key("draw_result")
    classes = bar_classes(at, "draw_bars")
    assert sorted(classes) == sorted(CLASS_NAMES)
    assert classes[0] == "Trouser"
    assert "Trouser" in html_text(result)
    assert any("What the model sees" in c.value for c in at.caption)
    assert len(result.expander[0].get("image")[0].value) >= 2  # the stages strip
    last = at.session_state["last_input"]
    assert last["source"] == "drawing"
    assert last["image28"].shape == (28, 28) and last["image28"].dtype == np.uint8


def test_uploads_get_one_card_each_and_bad_files_a_friendly_warning(
    dataset, studio_model
):
    index = int(np.flatnonzero(dataset.y_test == TROUSER)[0])
    good = png_bytes(dataset.x_test[index])
    expected = CLASS_NAMES[
        int(
            np.argmax(
                models.predict_probabilities(
                    studio_model, preprocessing.prepare_upload(good, "t.png").batch
                )
            )
        )
    ]
    at = run_page(PAGE, {"predict_tab": "Upload"})
    at.file_uploader(key="upload_files").set_value(
        [
            ("trousers.png", good, "image/png"),
            ("<b>evil</b>.png", b"this is not an image", "image/png"),
            ("again.png", good, "image/png"),
        ]
    )
    at.run()
    assert not at.exception
    first = at.get_by_key("upload_card_0")
    assert first.text[0].value == "trousers.png"  # plain text: no Markdown, no link
    assert expected in html_text(first)
    assert bar_classes(at, "upload_card_0_bars")[0] == expected
    assert bar_classes(at, "upload_card_2_bars")[0] == expected
    assert len(first.get("image")) >= 1  # the "what the model sees" strip
    bad_card = at.get_by_key("upload_card_1")  # the bad file's card holds a warning
    (warning,) = bad_card.warning
    assert bad_card.text[0].value == "<b>evil</b>.png"  # plain text, never HTML
    assert "not an image" in warning.value
    assert not bad_card.get("image")  # and no picture or prediction
    assert at.warning[0].value == warning.value
    assert at.session_state["last_input"]["source"] == "upload"


def test_camera_photo_gets_the_same_card(dataset):
    photo = np.stack([255 - dataset.x_test[0]] * 3, axis=-1)  # dark item on white
    at = run_page(PAGE, {"predict_tab": "Camera"})
    at.camera_input(key="camera_photo").upload(
        "photo.jpg", png_bytes(photo, "JPEG"), "image/jpeg"
    )
    at.run()
    assert not at.exception
    card = at.get_by_key("camera_card")
    assert sorted(bar_classes(at, "camera_card_bars")) == sorted(CLASS_NAMES)
    assert "studio-verdict" in html_text(card)
    assert at.session_state["last_input"]["source"] == "photo"


def test_random_example_shows_true_label_and_whether_the_model_was_right(dataset):
    at = run_page(PAGE, {"predict_tab": "Examples"})
    assert not at.exception
    seen = set()
    for _ in range(3):
        at.button(key="random_example").click()
        at.run()
        index = at.session_state["example_index"]
        seen.add(index)
        truth = CLASS_NAMES[int(dataset.y_test[index])]
        predicted = bar_classes(at, "example_card_bars")[0]
        verdicts = [e.value for e in (*at.success, *at.error)]
        assert len(verdicts) == 1 and f"True label: **{truth}**" in verdicts[0]
        assert ("got it right" in verdicts[0]) == (predicted == truth)
        last = at.session_state["last_input"]
        assert last["source"] == "example" and last["label"] == truth
        assert np.array_equal(last["image28"], dataset.x_test[index])
    assert len(seen) > 1  # the button really picks new images
