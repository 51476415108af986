"""Confusion-matrix cells and the model comparison behind the performance page."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_cnn import metrics, performance
from fashion_cnn.data import CLASS_NAMES


def _predictions(seed: int = 0, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 10, n)
    logits = rng.normal(size=(n, 10))
    logits[np.arange(n), y_true] += 1.5  # mostly right, with plenty of mix-ups
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y_true, probabilities.astype(np.float32)


def test_cell_indices_are_exactly_the_confusion_matrix_cell():
    y_true, probabilities = _predictions()
    matrix = metrics.confusion_matrix(y_true, probabilities.argmax(axis=1))
    seen = set()
    for t in range(10):
        for p in range(10):
            indices = performance.cell_indices(y_true, probabilities, t, p)
            assert len(indices) == matrix[t, p]
            assert (y_true[indices] == t).all()
            assert (probabilities[indices].argmax(axis=1) == p).all()
            seen.update(indices.tolist())
    assert seen == set(range(len(y_true)))


def test_cell_indices_list_the_most_confident_first():
    y_true, probabilities = _predictions(1)
    indices = performance.cell_indices(y_true, probabilities, 3, 5)
    confidence = probabilities[indices, 5]
    assert len(indices) > 3
    assert (np.diff(confidence) <= 0).all()


def _card(name: str, accuracy: float, parameters: int = 1000) -> dict:
    return {
        "name": name,
        "title": name.upper(),
        "config": {"recipe": name},
        "test_accuracy": accuracy,
        "parameters": parameters,
        "train_seconds": 90,
        "history": [{"epoch": 1}, {"epoch": 2}],
    }


def test_comparison_rows_rank_models_and_measure_the_gap_to_studio():
    cards = {
        "ann": _card("ann", 0.88),
        "studio": _card("studio", 0.94),
        "cnn_2conv": _card("cnn_2conv", 0.91),
    }
    rows = performance.comparison_rows(cards)
    assert [row["name"] for row in rows] == ["studio", "cnn_2conv", "ann"]
    assert [row["kind"] for row in rows] == ["CNN", "CNN", "Fully connected"]
    assert [row["gap"] for row in rows] == pytest.approx([0.0, -3.0, -6.0])
    assert rows[0]["epochs"] == 2 and rows[0]["train_minutes"] == 1.5


def test_comparison_without_studio_has_no_gap():
    rows = performance.comparison_rows({"cnn_3conv": _card("cnn_3conv", 0.9)})
    assert rows[0]["gap"] is None


def test_most_confused_lists_the_largest_mistakes():
    matrix = np.zeros((10, 10), int)
    np.fill_diagonal(matrix, 900)
    matrix[6, 0] = 120
    matrix[4, 2] = 80
    matrix[2, 4] = 60
    assert performance.most_confused(matrix, 2) == [
        ("Shirt", "T-shirt/top", 120),
        ("Coat", "Pullover", 80),
    ]


def test_a_lab_trained_fully_connected_network_is_not_called_a_cnn():
    """The lab lists the visitor's model as "your model": its kind comes from the
    card's recipe, not from that name."""
    cards = {
        "your model": {"config": {"recipe": "ann"}, "test_accuracy": 0.85},
        "studio": {"config": {"recipe": "studio"}, "test_accuracy": 0.94},
    }
    kinds = {row["name"]: row["kind"] for row in performance.comparison_rows(cards)}
    assert kinds == {"your model": "Fully connected", "studio": "CNN"}


def test_cell_examples_map_a_class_subset_back_to_test_positions():
    y_true, probabilities = _predictions(2)
    rows = np.flatnonzero(y_true == 4)
    indices, chosen = performance.cell_examples(
        rows, y_true[rows], probabilities[rows], 4, 2
    )
    expected = sorted(
        (
            i
            for i in range(len(y_true))
            if y_true[i] == 4 and probabilities[i].argmax() == 2
        ),
        key=lambda i: -probabilities[i, 2],
    )
    assert indices.dtype == np.int64 and len(indices) > 1
    assert indices.tolist() == expected
    assert chosen.shape == (len(expected), 10)
    assert np.array_equal(chosen, probabilities[expected])
    none, empty = performance.cell_examples(
        rows, y_true[rows], probabilities[rows], 3, 3
    )
    assert none.tolist() == [] and empty.shape == (0, 10)


def test_cnn_lead_is_the_gap_of_the_best_cnn_to_the_fully_connected_network():
    cards = {
        "ann": _card("ann", 0.88),
        "studio": _card("studio", 0.94),
        "cnn_2conv": _card("cnn_2conv", 0.91),
    }
    assert performance.cnn_lead(performance.comparison_rows(cards)) == pytest.approx(
        6.0
    )
    without_dense = {k: v for k, v in cards.items() if k != "ann"}
    assert performance.cnn_lead(performance.comparison_rows(without_dense)) is None
    dense_best = {"ann": _card("ann", 0.95), "cnn_2conv": _card("cnn_2conv", 0.91)}
    assert performance.cnn_lead(performance.comparison_rows(dense_best)) is None
    assert performance.cnn_lead([]) is None


def test_opinion_rows_give_each_models_top_class_best_model_first():
    rng = np.random.default_rng(4)
    probabilities = {name: rng.dirichlet(np.ones(10)) for name in ("ann", "studio")}
    cards = {
        "ann": {"title": "Dense", "config": {"recipe": "ann"}, "test_accuracy": 0.89},
        "studio": {"title": "Studio", "config": {"recipe": "studio"},
                   "test_accuracy": 0.93},
    }  # fmt: skip
    rows = performance.opinion_rows(probabilities, cards)
    assert [row["name"] for row in rows] == ["studio", "ann"]
    for row in rows:
        probs = probabilities[row["name"]]
        best = max(range(10), key=lambda c, probs=probs: probs[c])
        assert row["answer"] == CLASS_NAMES[best]
        assert row["confidence"] == pytest.approx(probs[best])
    assert [row["kind"] for row in rows] == ["CNN", "Fully connected"]
