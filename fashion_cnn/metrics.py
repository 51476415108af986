"""Classification metrics computed from labels and probabilities (NumPy only)."""

from __future__ import annotations

import numpy as np

from fashion_cnn.data import CLASS_NAMES, NUM_CLASSES


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Return the (10, 10) int64 matrix: rows are true classes, columns predictions."""
    matrix = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, int), np.asarray(y_pred, int)), 1)
    return matrix


def per_class_scores(matrix: np.ndarray) -> list[dict[str, float | int | str]]:
    """Return precision, recall, F1 and support for each class of a confusion matrix."""
    matrix = np.asarray(matrix, dtype=np.float64)
    true_positive = np.diag(matrix)
    predicted = matrix.sum(axis=0)
    actual = matrix.sum(axis=1)
    precision = np.divide(
        true_positive, predicted, out=np.zeros(NUM_CLASSES), where=predicted > 0
    )
    recall = np.divide(
        true_positive, actual, out=np.zeros(NUM_CLASSES), where=actual > 0
    )
    total = precision + recall
    f1 = np.divide(
        2 * precision * recall, total, out=np.zeros(NUM_CLASSES), where=total > 0
    )
    return [
        {
            "class": CLASS_NAMES[c],
            "precision": round(float(precision[c]), 4),
            "recall": round(float(recall[c]), 4),
            "f1": round(float(f1[c]), 4),
            "support": int(actual[c]),
        }
        for c in range(NUM_CLASSES)
    ]


def top_class(probabilities: np.ndarray) -> str:
    """Return the name of the most probable class of one (10,) probability vector."""
    return CLASS_NAMES[int(np.argmax(probabilities))]


def top_classes(probabilities: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """Return the ``k`` most probable ``(class name, probability)`` pairs of one
    (10,) probability vector, most probable first."""
    order = np.argsort(-np.asarray(probabilities), kind="stable")[:k]
    return [(CLASS_NAMES[int(i)], float(probabilities[i])) for i in order]


def top_k_accuracy(y_true: np.ndarray, probabilities: np.ndarray, k: int) -> float:
    """Return the share of rows whose true class is among the ``k`` most probable."""
    probabilities = np.asarray(probabilities)
    if len(probabilities) == 0:
        return float("nan")
    top = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
    return float((top == np.asarray(y_true, int)[:, None]).any(axis=1).mean())


def summarize_predictions(y_true: np.ndarray, probabilities: np.ndarray) -> dict:
    """Return accuracy, the confusion matrix (as lists) and per-class scores."""
    y_pred = np.argmax(probabilities, axis=1)
    matrix = confusion_matrix(y_true, y_pred)
    return {
        "accuracy": round(float(np.mean(y_pred == np.asarray(y_true))), 5),
        "count": int(len(y_true)),
        "confusion_matrix": matrix.tolist(),
        "per_class": per_class_scores(matrix),
    }
