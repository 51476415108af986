"""Dataset explorer: the images the network learned from, class by class."""

from __future__ import annotations

import numpy as np
import streamlit as st

from fashion_cnn import statistics
from fashion_cnn.data import CLASS_NAMES, NUM_CLASSES
from ui import cache, components, plots

ALL_CLASSES = "All classes"
PER_PAGE = 32
SPLITS = {"train": "Training set", "test": "Test set"}


def split_arrays(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (images (N, 28, 28) uint8, labels (N,) uint8) of "train" or "test"."""
    dataset = cache.load_dataset()
    if split == "test":
        return dataset.x_test, dataset.y_test
    return dataset.x_train, dataset.y_train


@st.cache_data(show_spinner="Averaging the images of each class…")
def class_statistics(split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per-class (means, stds, counts) of a split, cached per split name
    (see ``statistics.class_statistics``)."""
    return statistics.class_statistics(*split_arrays(split))


def reset_page() -> None:
    st.session_state["dataset_page"] = 1


components.page_intro(
    "Dataset explorer",
    "Everything the network knows, it learned from these pictures: 60,000 training "
    "and 10,000 test images of Zalando products, 28x28 grey pixels each. Browse "
    "them, see what a typical garment of each class looks like, and zoom into "
    "single pixels, the numbers the network actually reads. While it trained, we "
    "also showed it outline versions of the same images, so that it can read "
    "drawings too (switch on *Show as drawings* to see them).",
)

split_col, class_col = st.columns(2)
with split_col:
    split = st.radio(
        "Images",
        list(SPLITS),
        format_func=SPLITS.get,
        key="dataset_split",
        horizontal=True,
        on_change=reset_page,
        help="The network learns from the training set. The test set is kept "
        "apart to check it on images it has never seen.",
    )
with class_col:
    class_choice = st.selectbox(
        "Class",
        [ALL_CLASSES, *CLASS_NAMES],
        key="dataset_class",
        on_change=reset_page,
    )
class_id = None if class_choice == ALL_CLASSES else CLASS_NAMES.index(class_choice)
images, labels = split_arrays(split)

st.subheader("Samples", anchor=False)
order_col, page_col = st.columns(2)
with order_col:
    seed = st.number_input(
        "Shuffle seed",
        min_value=0,
        max_value=1_000_000,
        value=0,
        step=1,
        key="dataset_seed",
        on_change=reset_page,
        help="The images are shown in a random order. The same seed always gives "
        "the same order; change it to see other images.",
    )
indices = statistics.shuffled_indices(labels, class_id, int(seed))
pages = max(1, -(-len(indices) // PER_PAGE))
with page_col:
    page = st.number_input(
        f"Page (of {pages:,})",
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key="dataset_page",
    )
shown = indices[(page - 1) * PER_PAGE : page * PER_PAGE]
as_drawings = st.toggle(
    "Show as drawings",
    value=False,
    key="dataset_drawings",
    help="The outline versions of these images that the network also trained on, "
    "so that it can read what visitors draw (a new random version each seed).",
)
grid = (
    cache.example_drawings(images[shown], labels[shown], int(seed))
    if as_drawings
    else images[shown]
)
st.image(
    [components.enlarge(image, 84) for image in grid],
    caption=[f"{CLASS_NAMES[labels[i]]} · #{i}" for i in shown],
    width=84,
)

st.subheader("One image, pixel by pixel", anchor=False)
st.markdown(
    "To the network an image is just a grid of 784 numbers from 0 (black) to "
    "255 (white). Pick one of the images above to see its numbers."
)
pick = st.selectbox(
    "Image",
    [int(i) for i in shown],
    format_func=lambda i: f"#{i}: {CLASS_NAMES[labels[i]]}",
    key="dataset_pick",
)
show_numbers = st.toggle(
    "Write the numbers in the cells",
    value=False,
    key="dataset_numbers",
    help="Best on a wide screen; otherwise hover over (or tap) a cell.",
)
big_col, heat_col = st.columns([1, 2])
with big_col:
    st.image(
        components.enlarge(images[pick], 224),
        caption=f"#{pick}: {CLASS_NAMES[labels[pick]]}, enlarged",
    )
with heat_col:
    st.plotly_chart(
        plots.pixel_figure(images[pick], show_numbers),
        key="dataset_pixels",
        config={"displayModeBar": False},
    )

means, stds, counts = class_statistics(split)
st.subheader("The average garment of each class", anchor=False)
st.markdown(
    "Averaging every image of a class shows its typical shape; the **pixel "
    "spread** shows where images of that class differ most from each other."
)
shown_classes = range(NUM_CLASSES) if class_id is None else [class_id]
mean_col, std_col = st.columns(2)
with mean_col:
    st.markdown("**Mean image**")
    st.image(
        [components.enlarge(statistics.to_uint8(means[c]), 72) for c in shown_classes],
        caption=[CLASS_NAMES[c] for c in shown_classes],
        width=72,
    )
with std_col:
    st.markdown(
        "**Pixel spread**",
        help="The standard deviation of each pixel over the class: bright where "
        "images disagree (sleeves, heels, handles), dark where they all agree.",
    )
    st.image(
        [components.enlarge(statistics.to_uint8(stds[c]), 72) for c in shown_classes],
        caption=[CLASS_NAMES[c] for c in shown_classes],
        width=72,
    )

st.subheader("How many images of each class", anchor=False)
st.markdown(
    f"The {SPLITS[split].lower()} is perfectly balanced: {counts.min():,} images of "
    "every class, so the network has no favourite to fall back on."
    if counts.min() == counts.max()
    else f"The {SPLITS[split].lower()} holds {counts.sum():,} images."
)
st.plotly_chart(
    plots.count_figure(counts, class_id),
    key="dataset_counts",
    config=components.CHART_CONFIG,
)
