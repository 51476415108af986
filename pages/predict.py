"""Predict: draw, upload, photograph or pick a garment and see what the CNN thinks."""

from __future__ import annotations

import numpy as np
import streamlit as st

from fashion_cnn import metrics, preprocessing, statistics
from fashion_cnn.data import CLASS_NAMES
from ui import cache, components, session

CANVAS_SIZE = 280
SAVED_DRAWING = "saved_drawing"  # the canvas's strokes (fabric JSON), kept per visit
SAVED_PIXELS = "saved_drawing_pixels"  # and their (280, 280, 4) uint8 RGBA rendering
CANVAS_START = "canvas_start"  # what the canvas shows when it is (re)mounted


def drawing_to_restore() -> dict | None:
    """Return the strokes the canvas should start with: the visitor's last drawing
    when the canvas is mounted anew (they come back from another page), and the
    same value on every later run (a changed value would redraw the canvas)."""
    if "draw_canvas" not in st.session_state:  # not on screen in the last run
        st.session_state[CANVAS_START] = st.session_state.get(SAVED_DRAWING)
    return st.session_state.get(CANVAS_START)


def drawn_pixels(canvas) -> np.ndarray | None:
    """Return the canvas's (280, 280, 4) uint8 RGBA pixels, and remember them with
    its strokes. A canvas just remounted with the visitor's strokes sends no pixels
    until the next stroke: the remembered pixels of those strokes stand in."""
    strokes = (canvas.json_data or {}).get("objects") or []
    restored = canvas.image_data is None and strokes
    if restored:
        return st.session_state.get(SAVED_PIXELS)
    st.session_state[SAVED_DRAWING] = canvas.json_data
    st.session_state[SAVED_PIXELS] = canvas.image_data
    return canvas.image_data


def keep_drawing_on_brush_change() -> None:
    """The brush slider's callback: if the canvas redraws itself from its start
    value after the change, it redraws the visitor's latest strokes."""
    st.session_state[CANVAS_START] = st.session_state.get(SAVED_DRAWING)


def show_image_error(error: Exception, filename: str) -> None:
    """Say politely why a file could not be used (the file name as plain text)."""
    st.text(filename)
    st.warning(str(error), icon=":material/image_not_supported:")


@st.fragment
def draw_panel() -> None:
    """The drawing canvas and its live prediction (a stroke reruns only this)."""
    from streamlit_drawable_canvas import st_canvas

    canvas_col, result_col = st.columns([1, 1], gap="medium")
    with canvas_col:
        canvas_slot = st.container()  # the canvas goes above its brush slider
        brush = st.slider(
            "Brush width",
            min_value=6,
            max_value=40,
            value=22,
            key="brush_width",
            help="Any width works: the drawing is cropped and shrunk to 28 pixels, "
            "and very wide lines on a small drawing are thinned.",
            on_change=keep_drawing_on_brush_change,
        )
        with canvas_slot:
            st.space(40)  # room for the canvas toolbar, which floats above it
            canvas = st_canvas(
                key="draw_canvas",
                width=CANVAS_SIZE,
                height=CANVAS_SIZE,
                background_color="#000000",
                stroke_color="#FFFFFF",
                stroke_width=brush,
                drawing_mode="freedraw",
                initial_drawing=drawing_to_restore(),
                update_streamlit=True,
                return_image_data=True,
            )
            top3_slot = st.container(key="draw_top3")  # a phone's answer, filled below
        pixels = drawn_pixels(canvas)
        st.caption(
            "Draw one big garment filling the square. The toolbar above the "
            "canvas has undo, redo and a bin that clears everything."
        )
    error, prepared = None, None
    try:
        prepared = preprocessing.prepare_sketch(pixels)
    except preprocessing.ImageError as exc:
        error = str(exc)
    if prepared is not None:
        with canvas_col, st.container(horizontal=True, vertical_alignment="center"):
            st.image(components.enlarge(prepared.image28, 112), width=112)
            st.caption(
                "**What the model sees**: your drawing cropped and shrunk to "
                "28x28 pixels, light on black like the dataset."
            )
    with result_col, st.container(key="draw_result"):
        if error:
            st.warning(error, icon=":material/error:")
            return
        if prepared is None:
            st.info(
                "**Draw something** on the black square: the outline of a "
                "T-shirt, a pair of trousers, a dress or a sneaker. The model "
                "guesses live, after every stroke.",
                icon=":material/draw:",
            )
            return
        model, _ = session.active_model()
        probabilities = components.show_result(model, prepared, key="draw")
        top3_slot.markdown(components.top3_line(probabilities))
        with st.expander("How your drawing becomes the model's input"):
            components.show_stages(prepared.stages)
        if st.toggle(
            "Compare all models",
            key="compare_models",
            help="Ask every model we ship, from the fully connected network to the "
            "Studio CNN, what it makes of your drawing.",
        ):
            components.show_opinions(prepared, key="draw_opinions")
        st.page_link(
            "pages/explain.py",
            label="Which training images does it look like?",
            icon=":material/scatter_plot:",
            help="See your drawing placed on a map of the test images, with the "
            "training images the network finds closest.",
        )
        session.remember_input(
            prepared.image28, "drawing", metrics.top_class(probabilities)
        )


def upload_panel(model) -> None:
    """One card per uploaded file; unreadable files get a friendly warning."""
    files = st.file_uploader(
        "Choose one or more pictures of clothing",
        key="upload_files",
        accept_multiple_files=True,  # any type: the app says why a file won't do
        help="PNG, JPEG, WebP, GIF or BMP, up to 5 MB each. A single garment on a "
        "plain background works best.",
    )
    if not files:
        st.caption(
            "Tip: catalogue photos on a plain background work best. The app trims "
            "the background, shrinks the picture to 28x28 pixels and inverts it, "
            "the same way the dataset was made."
        )
        return
    for i, upload in enumerate(files):
        try:
            prepared = cache.prepare_upload(upload.getvalue(), upload.name)
        except preprocessing.ImageError as exc:
            with st.container(key=f"upload_card_{i}", border=True):
                show_image_error(exc, upload.name)
            continue
        probabilities = components.image_card(
            model, prepared, key=f"upload_card_{i}", title=upload.name
        )
        session.remember_input(
            prepared.image28, "upload", metrics.top_class(probabilities)
        )


def camera_panel(model) -> None:
    """Take a photo with the device's camera and classify it."""
    st.caption(
        "Lay one garment flat on a plain surface, or hold it against a wall, and "
        "fill most of the frame with it."
    )
    photo = st.camera_input("Take a photo of a garment", key="camera_photo")
    if photo is None:
        return
    try:
        prepared = cache.prepare_upload(photo.getvalue(), "camera.jpg")
    except preprocessing.ImageError as exc:
        show_image_error(exc, "Your photo")
        return
    probabilities = components.image_card(
        model, prepared, key="camera_card", title="Your photo"
    )
    session.remember_input(prepared.image28, "photo", metrics.top_class(probabilities))


def examples_panel(model) -> None:
    """A random image from the 10,000 test images the model never trained on."""
    dataset = cache.load_dataset()
    clicked = st.button(
        "Show me a random test image",
        key="random_example",
        icon=":material/shuffle:",
        help="The 10,000 test images were never used for training, so this is a "
        "fair check of the model.",
    )
    if clicked or "example_index" not in st.session_state:
        st.session_state["example_index"] = statistics.random_index(dataset.y_test)
    index = st.session_state["example_index"]
    true_name = CLASS_NAMES[int(dataset.y_test[index])]
    prepared = preprocessing.prepare_dataset_image(dataset.x_test[index])
    probabilities = components.image_card(
        model, prepared, key="example_card", title=f"Test image #{index}"
    )
    predicted = metrics.top_class(probabilities)
    if predicted == true_name:
        st.success(
            f"True label: **{true_name}**. The model got it right.",
            icon=":material/check_circle:",
        )
    else:
        st.error(
            f"True label: **{true_name}**. The model said {predicted}, so it got "
            "this one wrong.",
            icon=":material/cancel:",
        )
    if clicked:
        session.remember_input(prepared.image28, "example", true_name)


components.page_intro(
    "Predict",
    "Show the network a garment and watch how sure it is about each of the 10 "
    "classes. Draw one, upload a picture, take a photo or try a test image: the "
    "model always sees a tiny 28x28 grey version, shown next to its answer.",
)
session.model_switch()
model, model_label = session.active_model()
st.caption(f"Answering with {model_label}.")

TABS = ["Draw", "Upload", "Camera", "Examples"]
draw_tab, upload_tab, camera_tab, examples_tab = st.tabs(
    TABS, key="predict_tab", on_change="rerun", bind="query-params"
)
# The drawing always runs, so that a visitor who looks at another tab comes back to
# their drawing and its answer; the other tabs run only while open (the camera is
# switched on only when its tab is shown).
with draw_tab:
    # Outside the fragment: the script is sent once per page run, not per stroke.
    components.send_strokes_at_once("draw_canvas")
    draw_panel()
if upload_tab.open:
    with upload_tab:
        upload_panel(model)
if camera_tab.open:
    with camera_tab:
        camera_panel(model)
if examples_tab.open:
    with examples_tab:
        examples_panel(model)
