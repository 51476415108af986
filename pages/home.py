"""Home: the pitch, the 10 classes with a real example each, the model at a glance."""

from __future__ import annotations

import numpy as np
import streamlit as st

from fashion_cnn import statistics
from fashion_cnn.data import CLASS_NAMES
from ui import cache, components

# (page file, label, icon, what it offers)
TOUR = [
    (
        "pages/predict.py",
        "Predict",
        ":material/draw:",
        "Draw a garment, upload a picture or take a photo, and watch the network "
        "guess live.",
    ),
    (
        "pages/dataset.py",
        "Dataset explorer",
        ":material/grid_view:",
        "Browse the 70,000 images the network learned from, class by class.",
    ),
    (
        "pages/performance.py",
        "Model performance",
        ":material/insights:",
        "How often it is right, which garments it mixes up, and how it compares "
        "with simpler models.",
    ),
    (
        "pages/inside.py",
        "Inside the CNN",
        ":material/layers:",
        "See what each layer picks up and which pixels drove a decision.",
    ),
    (
        "pages/train.py",
        "Training lab",
        ":material/model_training:",
        "Train a small network yourself and watch it learn, epoch by epoch.",
    ),
]


def show_model_card() -> None:
    """The shipped model at a glance: test accuracy, parameters, training time."""
    try:
        card = cache.get_card()
    except (FileNotFoundError, ValueError):
        st.info(
            "The shipped model's card is not available yet: it is written when "
            "the model finishes training. Every page still works.",
            icon=":material/hourglass_top:",
        )
        return
    st.subheader(card.get("title", "Studio CNN"))
    st.markdown(components.escape_markdown(card.get("summary", "")))
    accuracy, parameters, minutes = st.columns(3)
    accuracy.metric(
        "Test accuracy",
        f"{card['test_accuracy']:.1%}",
        help="Share of the 10,000 test images, never seen during training, that "
        "the model labels correctly.",
        border=True,
    )
    parameters.metric(
        "Parameters",
        f"{card['parameters'] / 1000:,.0f}K",
        help="The numbers the network adjusted while learning (its weights). "
        f"Exactly {card['parameters']:,}.",
        border=True,
    )
    seconds = float(card["train_seconds"])
    minutes.metric(
        "Training time",
        f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s",
        help=f"{card.get('epochs', '?')} passes over the training images on "
        f"{card.get('cpu', 'a CPU')}.",
        border=True,
    )


components.page_intro(
    "Fashion-MNIST CNN Studio",
    "A **convolutional neural network** (CNN) is the kind of model behind photo "
    "search and self-driving cars: it learns to recognise things in pictures by "
    "itself, from examples. This studio lets you poke at a small one that has "
    "learned to tell 10 kinds of clothing apart from tiny 28x28 pixel images. "
    "Draw a shoe and see what it thinks, look at the images it learned from, "
    "find out where it goes wrong, look inside its layers, or train your own.",
)
st.page_link(
    "pages/predict.py",
    label="Try it now: draw something",
    icon=":material/arrow_forward:",
    help="Opens the Predict page with a canvas to draw on.",
)

st.header("The 10 classes", anchor=False)
st.markdown(
    "Every image in the [Fashion-MNIST](https://github.com/zalandoresearch/"
    "fashion-mnist) dataset is one of these. They are real Zalando catalogue "
    "photos, shrunk to 28x28 grey pixels, light garment on black."
)
dataset = cache.load_dataset()
examples = statistics.first_example_per_class(dataset.x_test, dataset.y_test)
CLASS_IDS = np.arange(len(CLASS_NAMES))  # one example per class, in class order
# a seed whose random drawings show each kind of drawing, posed sleeves included
EXAMPLE_SEED = 8
st.image(
    [components.enlarge(image, 96) for image in examples],
    caption=list(CLASS_NAMES),
    width=96,
)
st.markdown(
    "The model learned only from these pictures. So that it also understands "
    "what you draw, **we also showed it outline versions of the same images**: "
    "each garment's outline traced, simplified and redrawn with a shaky pen, "
    "sometimes left open, sometimes filled in, often with long sleeves held out "
    "from the body, a neckline or trouser legs apart, and the details people "
    "add (a hem band, a zip, pockets, buttons, laces), as people draw them:"
)
st.image(
    [
        components.enlarge(image, 96)
        for image in cache.example_drawings(examples, CLASS_IDS, EXAMPLE_SEED)
    ],
    caption=list(CLASS_NAMES),
    width=96,
)
st.markdown(
    "It also had a teacher: an earlier model of ours that saw only the photos. "
    "For each training image it learned both the right label and how sure that "
    "model was, which tells it, for instance, that a shirt can look a lot like a "
    "T-shirt."
)

st.header("The model at a glance", anchor=False)
show_model_card()

st.header("Explore", anchor=False)
with st.container(horizontal=True, gap="small"):
    for path, label, icon, blurb in TOUR:
        with st.container(border=True, width=340, height="stretch"):
            st.page_link(path, label=label, icon=icon)
            st.caption(blurb)
