"""Explain by example: a map of the 10,000 test images as the network sees them,
the visitor's last input placed on it, and the training images nearest to it."""

from __future__ import annotations

import numpy as np
import streamlit as st

from fashion_cnn import embedding, metrics, models
from fashion_cnn.data import CLASS_NAMES
from ui import cache, components, plots, session

NEIGHBOUR_HEIGHT = 84  # px: each nearest training image


@st.cache_data(show_spinner=False, max_entries=64)
def _placement(
    image28: np.ndarray, model_sha256: str
) -> tuple[embedding.Placement, np.ndarray]:
    """Return where the default model places a (28, 28) uint8 image, and its (10,)
    probabilities."""
    model = cache.get_model()
    placement = embedding.place(image28, model, cache.get_map())
    probabilities = models.predict_probabilities(
        model, image28[None, :, :, None].astype(np.float32) / 255.0
    )[0]
    return placement, probabilities


@st.cache_data(show_spinner="Scoring the test images…", max_entries=2)
def _scored_now(model_sha256: str) -> np.ndarray:
    """Return (10000, 10) test probabilities when no stored scores fit the model."""
    return models.predict_in_batches(cache.get_model(), cache.load_dataset().x_test)


def test_probabilities() -> np.ndarray:
    """Return the default model's (10000, 10) float32 test probabilities."""
    stored = cache.get_test_scores()
    return stored if stored is not None else _scored_now(cache.fingerprint())


def show_neighbours(placement: embedding.Placement, answer: str) -> None:
    """Render the input's nearest training images with labels and distances."""
    dataset = cache.load_dataset()
    labels = [CLASS_NAMES[int(dataset.y_train[i])] for i in placement.train_indices]
    same = sum(label == answer for label in labels)
    st.markdown(
        f"**The network finds your input closest to these {len(labels)} training "
        f"images** ({same} of them {answer}):"
    )
    with st.container(key="map_neighbours"):
        st.image(
            [
                components.enlarge(dataset.x_train[i], NEIGHBOUR_HEIGHT)
                for i in placement.train_indices
            ],
            caption=[
                f"{label} · {distance:.1f}"
                for label, distance in zip(labels, placement.distances, strict=True)
            ],
            width=NEIGHBOUR_HEIGHT,
        )
    st.caption(
        "The number under each image is its distance from your input in the "
        "network's own terms (smaller is closer), measured on the 32 numbers per "
        "image that keep 96% of the variation of the network's last layer."
    )


def show_input(last_input: dict) -> tuple[np.ndarray | None, str]:
    """Render the visitor's last input and its neighbours; return its map position
    and the legend name of its marker."""
    image28 = np.asarray(last_input["image28"], dtype=np.uint8)
    source = str(last_input.get("source", "input"))
    placement, probabilities = _placement(image28, cache.fingerprint())
    answer = metrics.top_class(probabilities)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.image(components.enlarge(image28, 112), width=112)
        st.markdown(
            f"**Your {source}**, marked with a star on the map. The Studio CNN "
            f"says **{answer}** ({float(probabilities.max()):.0%})."
        )
    show_neighbours(placement, answer)
    return placement.position, f"Your {source}"


def show_test_image(index: int, probabilities: np.ndarray) -> None:
    """Render one clicked test image with its probabilities and a link inside."""
    dataset = cache.load_dataset()
    truth = CLASS_NAMES[int(dataset.y_test[index])]
    answer = metrics.top_class(probabilities)
    with st.container(key="map_clicked", border=True):
        st.markdown(
            f"**Test image #{index}**: really {truth}; the model says {answer}"
            + (" (right)." if answer == truth else " (wrong).")
        )
        image_col, bars_col = st.columns([1, 2])
        image_col.image(components.enlarge(dataset.x_test[index], 112), width=112)
        with bars_col:
            components.show_probabilities(probabilities, key="map_clicked_bars")
        st.page_link(
            "pages/inside.py",
            label="Look inside the network for this image",
            icon=":material/layers:",
            query_params={"test_image": str(index)},
        )


components.page_intro(
    "Explain by example",
    "To the network, every picture becomes a list of numbers: what its last layer "
    "sees. Pictures with similar numbers look alike *to the network*. Here the "
    "10,000 test images are laid out so that those neighbours sit close together, "
    "and your own drawing or photo is placed among them.",
)
try:
    example_map = cache.get_map()
except embedding.StaleMapError as exc:
    st.warning(
        "The map is not available for the current model, so it is not shown "
        f"(a map made for another model would mislead). Details: {exc}.",
        icon=":material/map:",
    )
    st.stop()

dataset = cache.load_dataset()
probabilities = test_probabilities()
map_col, side_col = st.columns([3, 2], gap="medium")

with side_col:
    last_input = st.session_state.get(session.LAST_INPUT)
    position, marker_name = None, plots.INPUT_TRACE
    if last_input:
        position, marker_name = show_input(last_input)
    else:
        st.info(
            "**Draw a garment or upload a photo** on the Predict page: it will appear "
            "here as a star, with the training images the network finds closest.",
            icon=":material/draw:",
        )
        st.page_link("pages/predict.py", label="Go to Predict", icon=":material/draw:")

with map_col:
    event = st.plotly_chart(
        plots.map_figure(
            example_map.positions,
            dataset.y_test,
            probabilities,
            marker=position,
            marker_name=marker_name,
        ),
        on_select="rerun",
        selection_mode=("points",),
        key="map_chart",
        config={"displayModeBar": False, "scrollZoom": True},
    )
    st.caption(
        "Each dot is a test image, coloured by what it really is; a white cross "
        "marks one the model gets wrong. Click a class in the legend to hide it, "
        "hover a dot for its answer, click one to see it. **What the map does not "
        "say**: the distance between two clusters, their sizes and the axes mean "
        "nothing (t-SNE keeps neighbours together and nothing else). Your input is "
        "placed among the 10 test images nearest to it in the network's numbers, "
        "where most of them lie."
    )

with side_col:
    clicked = plots.selected_test_image(event.selection if event else None)
    if clicked is not None and 0 <= clicked < len(probabilities):
        show_test_image(clicked, probabilities[clicked])
    else:
        st.caption("Click a dot on the map to see that test image here.")
