"""Plotly figures for the pages (dataset, performance, inside the CNN, training lab).

Every function takes arrays or card dicts and returns a figure (or a plain value);
nothing here renders. Figures use the dark theme's transparent background and keep
their margins small so that they fit a 390 px phone screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from fashion_cnn.data import CLASS_NAMES, NUM_CLASSES
from ui.layout import ACCENT, MUTED

CNN_COLOR = "#4C9BE8"
DENSE_COLOR = "#B07CE8"
CELL_TRACE = "cells"  # name of the clickable scatter layer of the confusion matrix
MARGIN = {"l": 8, "r": 8, "t": 36, "b": 8}
# Dark to light blue: readable on the dark theme, the diagonal stands out.
CONFUSION_SCALE = [[0.0, "#1A2030"], [0.35, "#24528A"], [1.0, "#8CC8FF"]]
# Titles of the training lab's live curves.
CURVE_TITLES = {"accuracy": "Accuracy (%)", "loss": "Loss (lower is better)"}


def confusion_figure(matrix: np.ndarray, normalise: bool = False) -> go.Figure:
    """Return a clickable confusion matrix: rows true classes, columns predictions.

    ``matrix`` is (10, 10) counts. With ``normalise`` the colours and numbers are row
    shares (each true class sums to 100%). Plotly heatmaps cannot be selected by a
    click, so a transparent square marker sits on every cell (trace ``cells``);
    its ``customdata`` is [true class, predicted class, count].
    """
    counts = np.asarray(matrix, dtype=np.int64)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    values = shares if normalise else counts
    labels = list(CLASS_NAMES)  # the same names as everywhere else in the app
    text = (
        [[f"{v:.0%}" if v >= 0.005 else "" for v in row] for row in shares]
        if normalise
        else [[str(v) if v else "" for v in row] for row in counts]
    )
    # Colour on a square-root scale so that small mistakes stay visible next to
    # the large diagonal.
    figure = go.Figure(
        go.Heatmap(
            z=np.sqrt(values / max(values.max(), 1e-12)),
            x=labels,
            y=labels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            colorscale=CONFUSION_SCALE,
            showscale=False,
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
    )
    true_idx, pred_idx = np.meshgrid(range(10), range(10), indexing="ij")
    figure.add_trace(
        go.Scatter(
            name=CELL_TRACE,
            x=[labels[p] for p in pred_idx.ravel()],
            y=[labels[t] for t in true_idx.ravel()],
            mode="markers",
            marker={"symbol": "square", "size": 26, "color": "rgba(255,255,255,0.01)"},
            selected={"marker": {"color": "rgba(255,122,89,0.55)"}},
            unselected={"marker": {"opacity": 1}},
            # Plain lists: NumPy arrays would reach the browser as typed arrays and
            # come back from a click as {"0": ..., "1": ...} objects.
            customdata=[
                [int(t), int(p), int(counts[t, p])]
                for t, p in zip(true_idx.ravel(), pred_idx.ravel(), strict=True)
            ],
            hovertemplate=(
                "True: %{y}<br>Predicted: %{x}<br>%{customdata[2]} images"
                "<extra></extra>"
            ),
            showlegend=False,
        )
    )
    figure.update_layout(
        height=460,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        xaxis={"title": "Predicted class", "side": "top", "tickangle": -45},
        yaxis={"title": "True class", "autorange": "reversed"},
        clickmode="event+select",
        dragmode=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    figure.update_xaxes(fixedrange=True, showgrid=False, type="category")
    figure.update_yaxes(fixedrange=True, showgrid=False, type="category")
    return figure


def selected_cell(selection: Mapping | None) -> tuple[int, int] | None:
    """Return (true class, predicted class) of a clicked confusion-matrix cell.

    ``selection`` is ``event.selection`` from ``st.plotly_chart(on_select=...)``
    (or None); returns None when no cell is selected.
    """
    points = (selection or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, Mapping):  # a typed array serialised as an object
            data = [data.get(str(i), data.get(i)) for i in range(len(data))]
        try:
            true_class, predicted_class = int(data[0]), int(data[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= true_class < len(CLASS_NAMES) and 0 <= predicted_class < len(
            CLASS_NAMES
        ):
            return true_class, predicted_class
    return None


def history_figure(history: Sequence[Mapping], metric: str = "accuracy") -> go.Figure:
    """Return training and validation curves of one metric per epoch from a card.

    ``history`` rows have epoch, ``metric`` and ``val_<metric>``; accuracy is shown
    in percent.
    """
    epochs = [row["epoch"] for row in history]
    scale = 100 if metric == "accuracy" else 1
    figure = go.Figure()
    for key, name, color in (
        (metric, "training images", MUTED),
        (f"val_{metric}", "validation images", ACCENT),
    ):
        values = [row.get(key) for row in history]
        if all(v is None for v in values):
            continue
        figure.add_trace(
            go.Scatter(
                x=epochs,
                y=[None if v is None else scale * v for v in values],
                mode="lines+markers",
                name=name,
                line={"color": color},
            )
        )
    figure.update_layout(
        height=300,
        margin=MARGIN,
        title={"text": "Accuracy (%)" if metric == "accuracy" else metric.title()},
        xaxis={"title": "epoch", "dtick": max(1, len(epochs) // 10)},
        legend={"orientation": "h", "y": -0.25},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def comparison_figure(rows: Sequence[Mapping], highlight: str = "studio") -> go.Figure:
    """Return horizontal bars of test accuracy (%) for each model row, best on top.

    ``rows`` come from ``performance.comparison_rows``; CNNs and the fully connected
    model get different colours and ``highlight`` is drawn in the accent colour.
    """
    rows = sorted(rows, key=lambda row: row["test_accuracy"])
    colors = [
        ACCENT
        if row["name"] == highlight
        else DENSE_COLOR
        if row["kind"] == "Fully connected"
        else CNN_COLOR
        for row in rows
    ]
    accuracies = [100 * row["test_accuracy"] for row in rows]
    figure = go.Figure(
        go.Bar(
            x=accuracies,
            y=[row["title"] for row in rows],
            orientation="h",
            marker={"color": colors},
            text=[f"{a:.1f}%" for a in accuracies],
            textposition="inside",
            customdata=[[row["title"], row["kind"]] for row in rows],
            hovertemplate="%{customdata[0]} (%{customdata[1]})<br>"
            "test accuracy %{x:.2f}%<extra></extra>",
        )
    )
    figure.update_layout(
        height=80 + 38 * len(rows),
        margin=MARGIN,
        title={"text": "Test accuracy (%)"},
        xaxis={"range": [0, 100]},  # a cut axis would exaggerate the gaps
        yaxis={"automargin": True},
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
    )
    return figure


def curve_figure(
    curve: Sequence[Mapping], history: Sequence[Mapping], metric: str
) -> go.Figure:
    """Return the training lab's live curve of ``metric`` ("loss" or "accuracy").

    ``curve`` rows have ``epoch`` (fractional) and ``metric``: the running training
    value within epochs. ``history`` rows have ``epoch`` and, once validated,
    ``val_<metric>``. Returns two line traces, "training" and "validation"; accuracy
    is shown in percent.
    """
    scale = 100 if metric == "accuracy" else 1
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            name="training",
            x=[point["epoch"] for point in curve],
            y=[scale * point[metric] for point in curve],
            mode="lines",
            line={"color": MUTED},
        )
    )
    validated = [row for row in history if f"val_{metric}" in row]
    figure.add_trace(
        go.Scatter(
            name="validation",
            x=[row["epoch"] for row in validated],
            y=[scale * row[f"val_{metric}"] for row in validated],
            mode="lines+markers",
            line={"color": ACCENT},
        )
    )
    figure.update_layout(
        height=280,
        margin=MARGIN,
        title={"text": CURVE_TITLES[metric]},
        xaxis={"title": "epoch", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.3},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def f1_figure(
    rows: Sequence[Mapping], highlight: str = "your model", reference: str = "studio"
) -> go.Figure:
    """Return grouped bars of per-class F1 (%): ``highlight`` beside ``reference``.

    ``rows`` come from ``performance.comparison_rows``; only the rows named
    ``highlight`` (accent colour) and ``reference`` (CNN colour) that have per-class
    scores get a bar trace, with the 10 class names on the x axis.
    """
    figure = go.Figure()
    colors = {highlight: ACCENT, reference: CNN_COLOR}
    for row in rows:
        if row["name"] not in colors or not row["per_class"]:
            continue
        figure.add_trace(
            go.Bar(
                name=row["title"],
                x=[item["class"] for item in row["per_class"]],
                y=[100 * item["f1"] for item in row["per_class"]],
                marker={"color": colors[row["name"]]},
            )
        )
    figure.update_layout(
        barmode="group",
        height=320,
        margin=MARGIN,
        title={"text": "F1 score per class (%)"},
        legend={"orientation": "h", "y": -0.45},
        xaxis={"tickangle": -45},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def count_figure(counts: np.ndarray, class_id: int | None) -> go.Figure:
    """Return horizontal bars of images per class, ``class_id`` highlighted.

    ``counts`` is (10,) int; ``class_id`` None highlights every class. One bar
    trace, x = counts, y = the class names top to bottom, x axis titled "images".
    """
    colors = [ACCENT if class_id in (None, c) else MUTED for c in range(NUM_CLASSES)]
    figure = go.Figure(
        go.Bar(
            x=counts.tolist(),
            y=list(CLASS_NAMES),
            orientation="h",
            marker_color=colors,
            text=[f"{n:,}" for n in counts],
            textposition="inside",
            insidetextanchor="end",
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        height=320,
        margin={"l": 0, "r": 8, "t": 8, "b": 8},
        xaxis={"fixedrange": True, "title": "images"},
        yaxis={"autorange": "reversed", "fixedrange": True, "ticksuffix": " "},
        showlegend=False,
    )
    return figure


def pixel_figure(image: np.ndarray, show_numbers: bool) -> go.Figure:
    """Return a heatmap of a (28, 28) image's pixel values, 0 (black) to 255 (white).

    ``image`` is (H, W) uint8 in [0, 255]; with ``show_numbers`` every cell is
    labelled with its value. One heatmap trace whose ``z`` is the image as ints.
    """
    figure = go.Figure(
        go.Heatmap(
            z=image.astype(int).tolist(),
            colorscale="gray",
            zmin=0,
            zmax=255,
            text=image.astype(int).tolist() if show_numbers else None,
            texttemplate="%{text}" if show_numbers else None,
            textfont={"size": 7},
            hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>",
            colorbar={"thickness": 10, "len": 0.8},
        )
    )
    figure.update_layout(
        height=440,
        margin={"l": 0, "r": 0, "t": 8, "b": 8},
        xaxis={"constrain": "domain", "fixedrange": True, "showgrid": False},
        yaxis={
            "autorange": "reversed",
            "scaleanchor": "x",
            "constrain": "domain",
            "fixedrange": True,
            "showgrid": False,
        },
    )
    return figure


def grid_image(grid: np.ndarray, scale: int = 4) -> np.ndarray:
    """Turn a tiled (H, W) grid in [0, 1] with NaN gaps into an (sH, sW, 3) uint8 image.

    Values become grey levels, gaps a dark slate blue, and every pixel a crisp
    ``scale`` x ``scale`` square so that small maps stay visible.
    """
    grid = np.asarray(grid, dtype=np.float32)
    grey = np.round(255 * np.nan_to_num(grid, nan=0.0)).astype(np.uint8)
    rgb = np.repeat(grey[..., None], 3, axis=-1)
    rgb[np.isnan(grid)] = (38, 45, 60)
    return np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)


# One colour per class on the map (Plotly's qualitative palette, readable on dark).
CLASS_COLORS = (
    "#636EFA",
    "#EF553B",
    "#00CC96",
    "#AB63FA",
    "#FFA15A",
    "#19D3F3",
    "#FF6692",
    "#B6E880",
    "#FF97FF",
    "#FECB52",
)
MISTAKES_TRACE = "Mistakes"
INPUT_TRACE = "Your input"


def map_figure(
    positions: np.ndarray,
    labels: np.ndarray,
    probabilities: np.ndarray,
    marker: np.ndarray | None = None,
    marker_name: str = INPUT_TRACE,
) -> go.Figure:
    """Return the WebGL map of the test images, one legend entry per class.

    ``positions`` (N, 2) float map coordinates, ``labels`` (N,) int true classes,
    ``probabilities`` (N, 10) float the model's answers. Wrong answers get a white
    cross in the trace ``Mistakes``; ``marker`` (2,) places the visitor's input as
    a large star. Every point's ``customdata`` is [test index]; hovering shows its
    true class and the model's answer.
    """
    positions = np.asarray(positions, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    predicted = np.asarray(probabilities).argmax(axis=1)
    confidence = np.asarray(probabilities).max(axis=1)
    indices = np.arange(len(labels))
    answers = np.array(
        [
            f"{CLASS_NAMES[p]} {c:.0%}"
            for p, c in zip(predicted, confidence, strict=True)
        ]
    )
    hover = (
        "Test image #%{customdata[0]}<br>Really: %{meta}<br>"
        "Model said: %{text}<extra></extra>"
    )
    figure = go.Figure()
    for class_id, name in enumerate(CLASS_NAMES):
        rows = indices[labels == class_id]
        figure.add_trace(
            go.Scattergl(
                x=positions[rows, 0],
                y=positions[rows, 1],
                mode="markers",
                name=name,
                marker={"size": 4, "color": CLASS_COLORS[class_id], "opacity": 0.75},
                customdata=rows[:, None],
                text=answers[rows],
                meta=name,
                hovertemplate=hover,
            )
        )
    wrong = indices[predicted != labels]
    figure.add_trace(
        go.Scattergl(
            x=positions[wrong, 0],
            y=positions[wrong, 1],
            mode="markers",
            name=f"{MISTAKES_TRACE} ({len(wrong)})",
            marker={
                "size": 6,
                "symbol": "x-thin-open",
                "color": "white",
                "opacity": 0.8,
            },
            customdata=wrong[:, None],
            text=[
                f"{answers[i]}, really {CLASS_NAMES[labels[i]]}" for i in wrong.tolist()
            ],
            hovertemplate="Test image #%{customdata[0]}<br>Mistake: model said "
            "%{text}<extra></extra>",
        )
    )
    if marker is not None:
        figure.add_trace(
            go.Scatter(
                x=[float(marker[0])],
                y=[float(marker[1])],
                mode="markers",
                name=marker_name,
                marker={
                    "size": 26,
                    "symbol": "star",
                    "color": "#FFFFFF",
                    "line": {"color": ACCENT, "width": 3},
                },
                customdata=[[-1]],
                hovertemplate=f"{marker_name}<extra></extra>",
            )
        )
    figure.update_layout(
        margin=MARGIN,
        height=560,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"itemsizing": "constant", "orientation": "h", "y": -0.02},
        dragmode="pan",
        hovermode="closest",
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x")
    return figure


def selected_test_image(selection: Mapping | None) -> int | None:
    """Return the test index of a clicked map point, or None (the input's star and
    an empty selection give None)."""
    for point in (selection or {}).get("points") or []:
        data = point.get("customdata")
        if isinstance(data, Mapping):  # a typed array serialised as an object
            data = [data.get("0", data.get(0))]
        try:
            index = int(data[0])
        except (TypeError, ValueError, IndexError):
            continue
        if index >= 0:
            return index
    return None
