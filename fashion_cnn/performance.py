"""Helpers for the model performance page: confusion-matrix cells and model comparison.

NumPy only; inputs are labels, (N, 10) probabilities and model-card dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from fashion_cnn.data import CLASS_NAMES

FULLY_CONNECTED = "Fully connected"
CONVOLUTIONAL = "CNN"


def cell_indices(
    y_true: np.ndarray, probabilities: np.ndarray, true_class: int, predicted_class: int
) -> np.ndarray:
    """Return the test indices whose label is ``true_class`` and top prediction is
    ``predicted_class``, most confident first: (k,) int64.

    ``y_true`` is (N,) int, ``probabilities`` (N, 10) float. ``k`` equals the
    confusion-matrix entry [true_class, predicted_class].
    """
    y_true = np.asarray(y_true)
    probabilities = np.asarray(probabilities)
    y_pred = probabilities.argmax(axis=1)
    (indices,) = np.nonzero((y_true == true_class) & (y_pred == predicted_class))
    order = np.argsort(-probabilities[indices, predicted_class], kind="stable")
    return indices[order].astype(np.int64)


def cell_examples(
    rows: np.ndarray,
    y_rows: np.ndarray,
    probabilities: np.ndarray,
    true_class: int,
    predicted_class: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the test images of one confusion-matrix cell, most confident first.

    ``rows`` is (n,) int, positions in the test set of a scored subset (e.g. every
    image of ``true_class``); ``y_rows`` (n,) int their labels in [0, 9] and
    ``probabilities`` (n, 10) float in [0, 1] their predictions. Returns (indices,
    probabilities): (k,) int64 positions in the test set and their (k, 10) rows of
    ``probabilities``, as ordered by ``cell_indices``.
    """
    local = cell_indices(y_rows, probabilities, true_class, predicted_class)
    return np.asarray(rows)[local].astype(np.int64), np.asarray(probabilities)[local]


def model_kind(card: Mapping[str, Any]) -> str:
    """Return "Fully connected" for a model without convolutions, else "CNN"."""
    recipe = (card.get("config") or {}).get("recipe") or card.get("name", "")
    return FULLY_CONNECTED if recipe == "ann" else CONVOLUTIONAL


def comparison_rows(
    cards: Mapping[str, Mapping[str, Any]], reference: str = "studio"
) -> list[dict]:
    """Return one summary row per model card, best test accuracy first.

    Each row has: name (the key in ``cards``), title, kind ("Fully connected" or
    "CNN", from the card's recipe, whatever the key), test_accuracy (in [0, 1]), gap
    (test accuracy minus the reference model's, in percentage points; None when the
    reference is absent), parameters, epochs, train_seconds, train_minutes,
    train_images and per_class (the card's per-class scores).
    """
    reference_accuracy = cards.get(reference, {}).get("test_accuracy")
    rows = []
    for name, card in cards.items():
        test_accuracy = float(card.get("test_accuracy", float("nan")))
        gap = (
            None
            if reference_accuracy is None
            else round(100 * (test_accuracy - float(reference_accuracy)), 2)
        )
        rows.append(
            {
                "name": name,
                "title": card.get("title", name),
                "kind": model_kind(card),
                "test_accuracy": test_accuracy,
                "gap": gap,
                "parameters": int(card.get("parameters", 0)),
                "epochs": len(card.get("history", [])) or card.get("epochs"),
                "train_seconds": float(card.get("train_seconds", 0)),
                "train_minutes": round(float(card.get("train_seconds", 0)) / 60, 1),
                "train_images": int(card.get("train_images", 0)),
                "per_class": card.get("per_class", []),
            }
        )
    return sorted(rows, key=lambda row: -row["test_accuracy"])


def cnn_lead(rows: list[dict]) -> float | None:
    """Return how many percentage points the best model beats the fully connected one.

    ``rows`` come from ``comparison_rows`` (best first). Returns 100 x (test accuracy
    of the best row minus that of the best fully connected row), a float, when the
    best row is a CNN and a fully connected row exists; otherwise None.
    """
    dense = [row for row in rows if row["kind"] == FULLY_CONNECTED]
    if not rows or not dense or rows[0]["kind"] != CONVOLUTIONAL:
        return None
    return 100 * (rows[0]["test_accuracy"] - dense[0]["test_accuracy"])


def most_confused(matrix: np.ndarray, count: int = 3) -> list[tuple[str, str, int]]:
    """Return the ``count`` largest off-diagonal cells as (true, predicted, images)."""
    matrix = np.array(matrix, dtype=np.int64)
    np.fill_diagonal(matrix, 0)
    flat = np.argsort(-matrix, axis=None, kind="stable")[:count]
    pairs = [np.unravel_index(i, matrix.shape) for i in flat]
    return [
        (CLASS_NAMES[t], CLASS_NAMES[p], int(matrix[t, p]))
        for t, p in pairs
        if matrix[t, p] > 0
    ]


def opinion_rows(
    probabilities: Mapping[str, np.ndarray], cards: Mapping[str, Mapping]
) -> list[dict]:
    """Return every model's answer to one input, best test accuracy first.

    ``probabilities`` maps a model's name to its (10,) probabilities for the input;
    ``cards`` maps the same names to model cards. Each row: name, title, kind ("CNN"
    or "Fully connected"), answer (the top class), confidence (its probability, in
    [0, 1]) and test_accuracy (in [0, 1]).
    """
    rows = []
    for name, probs in probabilities.items():
        card = cards.get(name, {})
        top = int(np.argmax(probs))
        rows.append(
            {
                "name": name,
                "title": card.get("title", name),
                "kind": model_kind(card),
                "answer": CLASS_NAMES[top],
                "confidence": float(probs[top]),
                "test_accuracy": float(card.get("test_accuracy", float("nan"))),
            }
        )
    return sorted(rows, key=lambda row: -row["test_accuracy"])
