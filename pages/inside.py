"""Inside the CNN: feature maps of every conv layer, a Grad-CAM heatmap, and the
first layer's filters, for a test image or the visitor's own last input."""

from __future__ import annotations

import numpy as np
import streamlit as st

from fashion_cnn import explanations, models, statistics
from fashion_cnn.data import CLASS_NAMES, to_model_input
from ui import cache, components, plots, session

TEST_IMAGE = "A test image"
MY_INPUT = "My last drawing, upload or photo"
PER_CLASS = 1000  # test images of each class


@st.cache_data(show_spinner="Looking inside the network…", max_entries=32)
def _feature_maps(_model, model_key: str, image28: np.ndarray) -> list:
    return explanations.feature_maps(_model, to_model_input(image28[None]))


@st.cache_data(show_spinner="Computing the heatmap…", max_entries=64)
def _grad_cam(
    _model, model_key: str, image28: np.ndarray, class_index: int | None
) -> tuple[np.ndarray, int]:
    return explanations.grad_cam(_model, to_model_input(image28[None]), class_index)


def _columns(channels: int) -> int:
    """Grid width for a stack of feature maps: wider grids for more maps."""
    return 8 if channels <= 32 else 16 if channels <= 96 else 24


components.page_intro(
    "Inside the CNN",
    "A convolutional network looks at a picture through many small filters, layer "
    "after layer, each building on what the previous one found. Here you can see "
    "what every layer picks up and which pixels convinced the model.",
)
session.model_switch()
model, model_label = session.active_model()
model_key = models.weights_fingerprint(model)  # never reused by another model

# --- Choose the input ------------------------------------------------------------
# A link from the map (?test_image=N) opens on that test image.
linked = st.query_params.get("test_image")
if linked is not None:
    del st.query_params["test_image"]
    found = statistics.class_position(cache.load_dataset().y_test, linked)
    if found is not None:
        st.session_state["inside_source"] = TEST_IMAGE
        st.session_state["inside_class"], st.session_state["inside_index"] = found
last_input = st.session_state.get("last_input")
sources = [TEST_IMAGE, MY_INPUT] if last_input else [TEST_IMAGE]
source = st.radio("Explain", sources, key="inside_source", horizontal=True)
if not last_input:
    st.caption(
        "Draw, upload or photograph something on the Predict page to explain it."
    )

if source == MY_INPUT and last_input:
    image28 = np.asarray(last_input["image28"], dtype=np.uint8)
    caption = f"Your {last_input.get('source', 'input')}"
    true_label = None
else:
    dataset = cache.load_dataset()
    col_class, col_index = st.columns(2)
    garment = col_class.selectbox(
        "Garment",
        range(len(CLASS_NAMES)),
        format_func=CLASS_NAMES.__getitem__,
        key="inside_class",
    )
    number = col_index.number_input(
        "Example number",
        min_value=1,
        max_value=PER_CLASS,
        value=1,
        key="inside_index",
        help=f"Each garment has {PER_CLASS:,} test images.",
    )
    index = int(statistics.class_indices(dataset.y_test, garment)[int(number) - 1])
    image28 = dataset.x_test[index]
    caption = f"Test image #{index}"
    true_label = CLASS_NAMES[garment]

convs = explanations.conv_layers(model)
if not convs:
    st.info(
        f"{model_label.capitalize()} has no convolutional layers, so there are no "
        "feature maps to show. Turn off *Use my trained model* in the sidebar to "
        "look inside the shipped CNN, or train a CNN in the Training lab."
    )
    st.stop()

probabilities = models.predict_probabilities(model, to_model_input(image28[None]))[0]
predicted = int(probabilities.argmax())

# --- Grad-CAM ----------------------------------------------------------------------
st.subheader("Where the model looks")
st.markdown(
    "The heatmap marks the parts of the image that pushed the model towards a "
    "class: bright means strong evidence. For a class the model finds unlikely, "
    "the heatmap is dimmed in proportion (at 1% against a 90% answer it is "
    "almost dark).",
    help="This is Grad-CAM (gradient-weighted class activation mapping): it measures "
    "how much each region of the last convolutional layer raises the chosen class's "
    "score.",
)
class_choice = st.selectbox(
    "Explain the class",
    [None, *range(len(CLASS_NAMES))],
    format_func=lambda c: (
        f"The model's answer ({CLASS_NAMES[predicted]})"
        if c is None
        else CLASS_NAMES[c]
    ),
    key="gradcam_class",
    help="Pick another garment to see what in this image speaks for it.",
)
heatmap, explained = _grad_cam(model, model_key, image28, class_choice)
shown_heatmap = explanations.dim_by_probability(heatmap, probabilities, explained)
col_input, col_heat = st.columns(2)
with col_input:
    verdict = (
        f"Model says **{CLASS_NAMES[predicted]}** ({probabilities[predicted]:.0%})"
    )
    if true_label is not None:
        verdict += f"; it is a **{true_label}**"
    st.image(components.enlarge(image28, 224), caption=caption)
    st.markdown(verdict)
with col_heat:
    st.image(
        components.enlarge(
            explanations.overlay_heatmap(image28, shown_heatmap, 0.55), 224
        ),
        caption=f"Evidence for {CLASS_NAMES[explained]} "
        f"({probabilities[explained]:.0%})",
    )
    if float(heatmap.max()) == 0.0:
        st.caption(
            f"Nothing in this image speaks for {CLASS_NAMES[explained]}, so the "
            "heatmap is empty."
        )

# --- Feature maps ------------------------------------------------------------------
st.subheader("What each layer sees")
st.markdown(
    "Every small square is one feature map: the output of one filter slid over the "
    "whole image. Light pixels are where that filter found its pattern. Early layers "
    "find edges and blobs; later ones, smaller but more numerous, find garment parts.",
    help="A convolutional layer applies many small filters (3x3 or 5x5 weights) at "
    "every position; pooling layers in between halve the size of the maps.",
)
maps = _feature_maps(model, model_key, image28)
for name, stack in maps:
    height, width, channels = stack.shape
    scale = max(1, 96 // height)
    st.markdown(f"**{name}** · {channels} maps of {height}×{width} pixels")
    st.image(
        plots.grid_image(
            explanations.tile_channels(stack, columns=_columns(channels)), scale=scale
        ),
        width="stretch",
    )

# --- First layer's filters -----------------------------------------------------------
st.subheader("The first layer's filters")
filters = explanations.first_layer_filters(model)
size, _, count = filters.shape
st.markdown(
    f"These are the {count} tiny {size}×{size} pixel patterns the first layer looks "
    "for. Light squares are weights that reward bright pixels, dark ones weights that "
    "reward dark pixels: together they detect edges and spots."
)
st.image(
    plots.grid_image(explanations.tile_channels(filters, columns=8), scale=16),
    width=min(640, 8 * (size + 1) * 16),
)
