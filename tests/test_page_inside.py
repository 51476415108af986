"""The Inside-the-CNN page (AppTest, real shipped model and real data)."""

from __future__ import annotations

import pytest

from fashion_cnn import explanations
from fashion_cnn.data import CLASS_NAMES
from tests.apptest_pages import run_page

PAGE = "pages/inside.py"


@pytest.fixture(scope="module")
def at(dataset):
    return run_page(PAGE)


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def _heatmap_image(at):
    return next(
        image
        for image in at.get("image")
        if any(c.startswith("Evidence for") for c in image.captions)
    )


def test_the_page_shows_every_conv_layer_the_heatmap_and_filters(at, studio_model):
    assert not at.exception
    assert at.title[0].value == "Inside the CNN"
    text = "\n".join(_markdown(at))
    for layer in explanations.conv_layers(studio_model):
        height, width, channels = layer.output.shape[1:]
        assert f"**{layer.name}** · {channels} maps of {height}×{width} pixels" in text
    assert "Model says **" in text
    assert at.selectbox(key="gradcam_class").value is None
    assert _heatmap_image(at).captions[0].startswith("Evidence for")
    # input, heatmap, one grid per conv layer, the filters
    images = at.get("image")
    assert len(images) == 2 + len(explanations.conv_layers(studio_model)) + 1


def test_choosing_a_gradcam_class_changes_the_heatmap(at):
    before = _heatmap_image(at)
    predicted = before.captions[0].removeprefix("Evidence for ").split(" (")[0]
    other = next(c for c in range(10) if CLASS_NAMES[c] != predicted)
    at.selectbox(key="gradcam_class").set_value(other).run()
    assert not at.exception
    after = _heatmap_image(at)
    assert after.captions[0].startswith(f"Evidence for {CLASS_NAMES[other]} (")
    assert after.value != before.value


def test_choosing_another_test_image_changes_the_input(at):
    at.selectbox(key="gradcam_class").set_value(None).run()
    at.selectbox(key="inside_class").set_value(1).run()
    assert not at.exception
    assert any("it is a **Trouser**" in m for m in _markdown(at))


def test_the_visitors_last_input_can_be_explained(dataset):
    image = dataset.x_test[dataset.y_test == 8][0]
    state = {"last_input": {"image28": image, "source": "drawing", "label": "Bag"}}
    at = run_page(PAGE, state)
    at.radio(key="inside_source").set_value("My last drawing, upload or photo").run()
    assert not at.exception
    captions = [c for image in at.get("image") for c in image.captions]
    assert "Your drawing" in captions
    assert not any("it is a **" in m for m in _markdown(at))


def test_a_link_from_the_map_opens_on_that_test_image(dataset):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_pages import ROOT, TIMEOUT

    index = 4321
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["test_image"] = str(index)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert at.selectbox(key="inside_class").value == int(dataset.y_test[index])
    captions = [c for image in at.get("image") for c in image.captions]
    assert f"Test image #{index}" in captions
    assert "test_image" not in at.query_params
