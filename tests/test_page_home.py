"""AppTest for pages/home.py: pitch, the 10 classes, the model card, the tour."""

from __future__ import annotations

from fashion_cnn import models
from fashion_cnn.data import CLASS_NAMES
from tests.apptest_pages import run_page


def test_home_shows_classes_model_card_and_links_to_every_page():
    at = run_page("pages/home.py")
    assert not at.exception
    assert at.title[0].value == "Fashion-MNIST CNN Studio"
    assert "convolutional neural network" in at.markdown[0].value

    class_strips = [img for img in at.get("image") if len(img.captions) == 10]
    assert [cap for cap in class_strips[0].captions] == list(CLASS_NAMES)

    card = models.load_card(models.DEFAULT_MODEL)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Test accuracy"] == f"{card['test_accuracy']:.1%}"
    assert metrics["Parameters"] == f"{card['parameters'] / 1000:,.0f}K"
    assert "Training time" in metrics

    labels = {link.value for link in at.get("page_link")}
    assert {
        "Predict",
        "Dataset explorer",
        "Model performance",
        "Inside the CNN",
        "Training lab",
    } <= labels
