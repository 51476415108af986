"""fashion_cnn.metrics against hand-computed values."""

from __future__ import annotations

import numpy as np

from fashion_cnn import metrics


def test_confusion_matrix_counts_rows_as_truth() -> None:
    matrix = metrics.confusion_matrix(np.array([0, 0, 1, 9]), np.array([0, 1, 1, 0]))
    assert matrix.shape == (10, 10)
    assert matrix[0, 0] == 1 and matrix[0, 1] == 1 and matrix[1, 1] == 1
    assert matrix[9, 0] == 1 and matrix.sum() == 4


def test_per_class_scores_match_hand_computation() -> None:
    y_true = np.array([0, 0, 0, 1, 1, 2])
    y_pred = np.array([0, 0, 1, 1, 2, 2])
    scores = metrics.per_class_scores(metrics.confusion_matrix(y_true, y_pred))
    # class 0: tp 2, predicted 2, actual 3 -> precision 1, recall 2/3, f1 0.8
    assert scores[0]["precision"] == 1.0
    assert abs(scores[0]["recall"] - 2 / 3) < 1e-4
    assert abs(scores[0]["f1"] - 0.8) < 1e-4
    # class 1: tp 1, predicted 2, actual 2 -> 0.5 everywhere
    assert scores[1]["precision"] == scores[1]["recall"] == scores[1]["f1"] == 0.5
    # absent classes score 0 without dividing by zero
    assert scores[5] == {
        "class": "Sandal",
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 0,
    }


def test_summary_accuracy_is_share_of_argmax_hits() -> None:
    probabilities = np.eye(10, dtype=np.float32)[[3, 3, 4, 5]]
    summary = metrics.summarize_predictions(np.array([3, 2, 4, 5]), probabilities)
    assert summary["accuracy"] == 0.75 and summary["count"] == 4
    assert summary["confusion_matrix"][2][3] == 1


def test_top_class_and_top_k_accuracy_against_a_plain_loop():
    rng = np.random.default_rng(3)
    probabilities = rng.dirichlet(np.ones(10), size=200)
    labels = rng.integers(0, 10, size=200)
    assert metrics.top_class(np.eye(10)[7]) == "Sneaker"
    for k in (1, 2, 3):
        hits = 0
        for row, label in zip(probabilities, labels, strict=True):
            ranked = sorted(range(10), key=lambda c, row=row: -row[c])
            hits += label in ranked[:k]
        assert metrics.top_k_accuracy(labels, probabilities, k) == hits / 200
