"""Model performance: accuracy, per-class scores, a clickable confusion matrix,
training curves and a comparison of every shipped model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from fashion_cnn import metrics, models, performance, statistics
from fashion_cnn.data import CLASS_NAMES
from ui import cache, components, plots

MAX_SHOWN = 40  # images listed for one confusion-matrix cell
CHART_CONFIG = {"displayModeBar": False}


@st.cache_data(show_spinner="Scoring the test images of this class…", max_entries=16)
def _score_class(name: str, sha256: str, true_class: int) -> np.ndarray:
    """Return (k, 10) probabilities of one true class's test images, scored now."""
    dataset = cache.load_dataset()
    rows = statistics.class_indices(dataset.y_test, true_class)
    return models.predict_in_batches(cache.get_model(name), dataset.x_test[rows])


def scored_class(name: str, true_class: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the test indices of one true class and their (k, 10) probabilities.

    From the scores stored beside the model (``NAME.scores.npz``), so a click only
    filters them; scored on the spot only when that file is missing or stale.
    """
    rows = statistics.class_indices(cache.load_dataset().y_test, true_class)
    stored = cache.get_test_scores(name)
    if stored is not None:
        return rows, stored[rows]
    return rows, _score_class(name, cache.fingerprint(name), true_class)


def choose_model(cards: dict[str, models.ModelCard]) -> str:
    """Render the model picker; return the chosen model's name."""
    return st.selectbox(
        "Model",
        list(cards),
        format_func=lambda n: cards[n].get("title", n),
        key="performance_model",
        help="Every model was trained on the same 55,000 images and tested on the "
        "same 10,000 images that none of them saw while training.",
    )


def show_summary(card: models.ModelCard) -> None:
    """Render the model's summary and its test accuracy, size and training time."""
    st.caption(card.get("summary", ""))
    col_acc, col_params, col_time = st.columns(3)
    col_acc.metric(
        "Test accuracy",
        f"{float(card['test_accuracy']):.2%}",
        help="The share of the 10,000 test images whose most likely class is right.",
    )
    col_params.metric(
        "Parameters",
        f"{card.get('parameters', 0):,}",
        help="The number of adjustable numbers (weights) the model learned.",
    )
    epochs = card.get("epochs_run", card.get("epochs"))
    col_time.metric(
        "Training time",
        f"{card.get('train_seconds', 0) / 60:.1f} min",
        help=f"On {card.get('cpu', 'a CPU')}, {epochs}"
        " passes over the training images (epochs).",
    )


def show_confusion(matrix: np.ndarray) -> tuple[int, int] | None:
    """Render the clickable confusion matrix and the most frequent mix-ups.

    Return the clicked cell as (true class, predicted class), or None.
    """
    st.subheader("Where it gets confused")
    st.markdown(
        "Each row is what a garment really is, each column what the model said. The "
        "diagonal counts the right answers; everything else is a mix-up. "
        "**Click a cell** to see those test images."
    )
    normalise = st.toggle(
        "Show shares instead of counts",
        key="cm_normalise",
        help="Row-normalised: each row shows which share of that garment went to "
        "each answer, so every row adds up to 100%.",
    )
    event = st.plotly_chart(
        plots.confusion_figure(matrix, normalise=normalise),
        on_select="rerun",
        key="confusion_matrix",
        selection_mode=("points",),
        config=CHART_CONFIG,
    )
    confused = performance.most_confused(matrix)
    if confused:
        st.caption(
            "Most frequent mix-ups: "
            + "; ".join(f"{t} taken for {p} ({n})" for t, p, n in confused)
            + "."
        )
    return plots.selected_cell(event.selection if event else None)


def cell_captions(
    indices: np.ndarray,
    probabilities: np.ndarray,
    true_class: int,
    predicted_class: int,
) -> list[str]:
    """Return one caption per image of a cell: "#index: 97% Shirt · 2% Coat"."""
    return [
        f"#{i}: {p[predicted_class]:.0%} {CLASS_NAMES[predicted_class]}"
        + (
            ""
            if true_class == predicted_class
            else f" · {p[true_class]:.0%} {CLASS_NAMES[true_class]}"
        )
        for i, p in zip(indices.tolist(), probabilities, strict=True)
    ]


def show_cell(name: str, cell: tuple[int, int] | None) -> None:
    """Render the test images of the clicked confusion-matrix cell (or a hint)."""
    with st.container(key="cell_images"):
        if cell is None:
            st.info("Click a cell of the matrix to list its test images here.")
            return
        true_class, predicted_class = cell
        dataset = cache.load_dataset()
        rows, class_probabilities = scored_class(name, true_class)
        indices, probabilities = performance.cell_examples(
            rows, dataset.y_test[rows], class_probabilities, true_class, predicted_class
        )
        count = len(indices)
        what = (
            f"{CLASS_NAMES[true_class]} recognised correctly"
            if true_class == predicted_class
            else f"{CLASS_NAMES[true_class]} taken for {CLASS_NAMES[predicted_class]}"
        )
        st.markdown(f"**{what}: {count} test image{'s' if count != 1 else ''}**")
        if count == 0:
            st.caption("No test image falls in this cell.")
            return
        if count > MAX_SHOWN:
            st.caption(
                f"Showing the {MAX_SHOWN} the model was most sure about, of {count}."
            )
        shown = indices[:MAX_SHOWN]
        st.image(
            [components.enlarge(dataset.x_test[i], 84) for i in shown],
            caption=cell_captions(
                shown, probabilities[:MAX_SHOWN], true_class, predicted_class
            ),
            width=84,
        )


def show_scores(card: models.ModelCard, matrix: np.ndarray) -> None:
    """Render precision, recall, F1 and support per garment."""
    st.subheader("Scores per garment")
    scores = pd.DataFrame(card.get("per_class") or metrics.per_class_scores(matrix))
    scores[["precision", "recall"]] *= 100  # shown as "90.4%" alike in every row
    st.dataframe(
        scores,
        hide_index=True,
        key="per_class_scores",
        column_config={
            "class": st.column_config.TextColumn("Garment"),
            "precision": st.column_config.ProgressColumn(
                "Precision",
                help="When the model says this garment, how often is it right?",
                format="%.1f%%",
                min_value=0.0,
                max_value=100.0,
            ),
            "recall": st.column_config.ProgressColumn(
                "Recall",
                help="Of all the test images of this garment, how many did it find?",
                format="%.1f%%",
                min_value=0.0,
                max_value=100.0,
            ),
            "f1": st.column_config.NumberColumn(
                "F1",
                help="One score combining precision and recall (their harmonic mean).",
                format="%.3f",
            ),
            "support": st.column_config.NumberColumn(
                "Images", help="How many test images of this garment there are."
            ),
        },
    )


def show_history(card: models.ModelCard) -> None:
    """Render the training and validation curves of the model's card."""
    st.subheader("How it learned")
    history = card.get("history") or []
    if not history:
        st.info("This model's card has no training history.")
        return
    st.markdown(
        "One point per epoch (a pass over all training images). When the validation "
        "curve stops improving while the training curve keeps rising, the model has "
        "started to memorise instead of learn."
    )
    col_a, col_b = st.columns(2)
    col_a.plotly_chart(
        plots.history_figure(history, "accuracy"),
        key="history_accuracy",
        config=CHART_CONFIG,
    )
    col_b.plotly_chart(
        plots.history_figure(history, "loss"), key="history_loss", config=CHART_CONFIG
    )


def show_comparison(cards: dict[str, models.ModelCard]) -> None:
    """Render every shipped model's test accuracy as bars and as a table."""
    st.subheader("All models compared")
    rows = performance.comparison_rows(cards)
    st.markdown(
        "The fully connected network sees pixels, not shapes; the convolutional "
        "networks (CNNs) slide small filters over the image and reuse them everywhere."
    )
    st.plotly_chart(
        plots.comparison_figure(rows), key="comparison", config=CHART_CONFIG
    )
    table = pd.DataFrame(rows)
    table["test_accuracy"] = 100 * table["test_accuracy"]
    st.dataframe(
        table,
        hide_index=True,
        key="comparison_table",
        column_order=(
            "title",
            "kind",
            "test_accuracy",
            "gap",
            "parameters",
            "epochs",
            "train_minutes",
        ),
        column_config={
            "title": st.column_config.TextColumn("Model"),
            "kind": st.column_config.TextColumn(
                "Type",
                help="CNN: convolutional network. Fully connected: no convolutions.",
            ),
            "test_accuracy": st.column_config.NumberColumn(
                "Test accuracy", format="%.2f%%"
            ),
            "gap": st.column_config.NumberColumn(
                "vs Studio",
                help="Difference to the Studio CNN's test accuracy, in percentage "
                "points.",
                format="%+.2f",
            ),
            "parameters": st.column_config.NumberColumn(
                "Parameters", format="localized"
            ),
            "epochs": st.column_config.NumberColumn("Epochs"),
            "train_minutes": st.column_config.NumberColumn(
                "Training (min)", help="Minutes of training on a small CPU."
            ),
        },
    )
    lead = performance.cnn_lead(rows)
    if lead is not None:
        st.caption(
            f"The best CNN, {rows[0]['title']}, gets {lead:.1f} percentage "
            "points more test images right than the fully connected network."
        )
    elif len(rows) == 1:
        st.caption("More models will appear here once they are trained.")


components.page_intro(
    "Model performance",
    "How good is a model on 10,000 test images it never saw while learning? "
    "Pick a model to see how often it is right, which garments it mixes up, and "
    "how it compares with the other models we trained.",
)
names = cache.shipped_model_names()
if not names:
    st.info("No trained model is available yet. Please come back in a few minutes.")
    st.stop()
cards = {name: cache.get_card(name) for name in names}
name = choose_model(cards)
card = cards[name]
# Everything but the per-image list comes from the model card (instant); the
# test images of one class are scored, once per model, when a cell is clicked.
matrix = np.asarray(card["confusion_matrix"], dtype=np.int64)
show_summary(card)
cell = show_confusion(matrix)
show_cell(name, cell)
show_scores(card, matrix)
show_history(card)
show_comparison(cards)
