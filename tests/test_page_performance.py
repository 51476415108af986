"""The Model performance page (AppTest, real shipped models and real data)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from fashion_cnn import models
from tests.apptest_pages import figure_by_key, run_page

PAGE = "pages/performance.py"


@pytest.fixture(scope="module")
def at(dataset):
    return run_page(PAGE)


def _array(value) -> np.ndarray:
    """Decode a figure array (plotly sends NumPy arrays as base64 typed arrays)."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(flat))).split(",")]
        return flat.reshape(shape)
    return np.asarray(value)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_page_shows_accuracy_scores_matrix_and_comparison(at):
    assert not at.exception
    assert at.title[0].value == "Model performance"
    card = models.load_card(models.DEFAULT_MODEL)
    assert at.selectbox(key="performance_model").value == models.DEFAULT_MODEL
    assert _metric(at, "Test accuracy") == f"{card['test_accuracy']:.2%}"
    assert _metric(at, "Parameters") == f"{card['parameters']:,}"

    figure = figure_by_key(at, "confusion_matrix")
    heatmap, cells = figure["data"]
    cell_data = _array(cells["customdata"])
    assert heatmap["type"] == "heatmap" and cell_data.shape == (100, 3)
    assert cell_data[:, 2].sum() == 10_000
    diagonal = cell_data[cell_data[:, 0] == cell_data[:, 1], 2].sum()
    assert diagonal / 10_000 == pytest.approx(card["test_accuracy"], abs=1e-4)

    scores, comparison = at.dataframe
    assert list(scores.value["class"]) == [row["class"] for row in card["per_class"]]
    assert sorted(comparison.value["name"]) == sorted(models.list_models())
    assert "Click a cell" in at.info[0].value


def test_normalising_shows_row_shares(at):
    before = figure_by_key(at, "confusion_matrix")["data"][0]["text"]
    at.toggle(key="cm_normalise").set_value(True).run()
    assert not at.exception
    after = figure_by_key(at, "confusion_matrix")["data"][0]["text"]
    assert after != before
    assert all(cell == "" or cell.endswith("%") for row in after for cell in row)
    at.toggle(key="cm_normalise").set_value(False).run()


def test_switching_the_model_changes_the_accuracy(at):
    names = models.list_models()
    assert len(names) >= 2, "the shipped baselines are missing from assets/models/"
    other = names[1]
    before = _metric(at, "Test accuracy")
    at.selectbox(key="performance_model").set_value(other).run()
    assert not at.exception
    card = models.load_card(other)
    after = _metric(at, "Test accuracy")
    assert after == f"{card['test_accuracy']:.2%}"
    assert after != before
    assert _metric(at, "Parameters") == f"{card['parameters']:,}"


def test_precision_and_recall_share_one_percent_format(at):
    """Every row reads "90.4%" alike (the table once mixed "90.42%" and "99.7%")."""
    table = next(df for df in at.dataframe if "precision" in df.value.columns)
    # The module's page is shared: an earlier test may have chosen another model.
    card = models.load_card(at.selectbox(key="performance_model").value)
    expected = [100 * row["precision"] for row in card["per_class"]]
    np.testing.assert_allclose(table.value["precision"].to_numpy(), expected)
    columns = json.loads(table.proto.columns)
    for name in ("precision", "recall"):
        assert columns[name]["type_config"]["format"] == "%.1f%%"
        assert columns[name]["type_config"]["max_value"] == 100
