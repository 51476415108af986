"""Per-visitor state shared between pages: which model answers, and the last input.

Session-state keys (stable, read by other pages and by tests):

- ``lab_model``: ``{"model": keras.Model, "card": dict, "name": str}``, set by the
  Training lab when a visitor has trained a model of their own.
- ``use_lab_model``: the sidebar toggle "Use my trained model" (``model_switch``).
- ``last_input``: ``{"image28": (28, 28) uint8, "source": str, "label": str}``, the
  last drawing, upload, photo or example seen on the Predict page.
"""

from __future__ import annotations

import hashlib

import keras
import numpy as np
import streamlit as st

from ui import cache

LAB_MODEL = "lab_model"
USE_LAB_MODEL = "use_lab_model"
LAST_INPUT = "last_input"
SOURCES = ("drawing", "upload", "photo", "example")
SHIPPED_LABEL = "the shipped Studio CNN"


def lab_model() -> dict | None:
    """Return the visitor's trained model entry, or None when there is none."""
    entry = st.session_state.get(LAB_MODEL)
    return entry if entry and entry.get("model") is not None else None


def active_model() -> tuple[keras.Model, str]:
    """Return ``(model, label)``: the visitor's model if chosen, else the shipped one.

    The visitor's model is used when a lab model exists and the sidebar toggle
    ``use_lab_model`` is on; the label is a short phrase for captions.
    """
    entry = lab_model()
    if entry is not None and st.session_state.get(USE_LAB_MODEL):
        name = str(entry.get("name", "my model")).removeprefix("Your ")
        return entry["model"], f"your model “{name}”"
    return cache.get_model(), SHIPPED_LABEL


def model_switch() -> None:
    """Show the sidebar toggle "Use my trained model", only when a lab model exists."""
    entry = lab_model()
    if entry is None:
        return
    card = entry.get("card") or {}
    accuracy = card.get("test_accuracy")
    detail = f" (test accuracy {accuracy:.1%})" if accuracy is not None else ""
    st.sidebar.toggle(
        "Use my trained model",
        key=USE_LAB_MODEL,
        persist_state="session",
        help="Answer with the model you trained in the Training lab"
        f"{detail} instead of the shipped Studio CNN.",
    )


def remember_input(image28: np.ndarray, source: str, label: str) -> None:
    """Store a (28, 28) uint8 image as ``last_input`` if it is new for ``source``.

    Every tab of the Predict page runs on every rerun; remembering only inputs
    that changed keeps ``last_input`` on what the visitor did most recently.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    image28 = np.asarray(image28, dtype=np.uint8)
    token = hashlib.sha1(image28.tobytes()).hexdigest()
    seen = st.session_state.setdefault("_last_input_tokens", set())
    if (source, token) in seen:
        return
    seen.add((source, token))
    st.session_state[LAST_INPUT] = {
        "image28": image28.copy(),
        "source": source,
        "label": label,
    }
