"""Process-wide settings for serving the app: a fast Keras model, one router.

Two costs used to follow every script run (every pen stroke on the canvas), both
measured on the 2-core development machine (see BENCHMARKS.md):

- Streamlit ends each run with ``keras.backend.clear_session()`` (its
  ``script_runner._clean_problem_modules``). In Keras 3 that resets Keras' global
  state for every thread (the Training lab trains in a background thread), clears
  TensorFlow's kernel cache, so the next prediction takes about 70 ms instead of
  10 ms, and runs a full garbage collection.
- A full garbage collection walks the ~360,000 objects that importing TensorFlow,
  Keras, Streamlit and Plotly creates: about 270 ms with the interpreter lock held,
  done twice per run (Streamlit's ``runner.postScriptGC`` and ``clear_session``).

``prepare_process`` is called once per process by ``app.py``. It freezes the objects
that exist after those imports (``gc.freeze``: they are never collected anyway), so
that a full collection only walks what the app created since, and it replaces
Streamlit's Keras reset with a no-op. The app never builds models in a script run
that should be forgotten: models live in ``st.cache_resource`` or in the visitor's
session, so there is no Keras state to clear.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import threading
import time

import keras  # noqa: F401 - imported before freezing: its objects are frozen too
import plotly.graph_objects  # noqa: F401 - the same for Plotly's validators
import streamlit as st
from streamlit.runtime.scriptrunner import script_runner

try:  # Streamlit internals: without them the app works as Streamlit ships it
    from streamlit.runtime import pages_manager
except ImportError:  # pragma: no cover - a future Streamlit
    pages_manager = None  # type: ignore[assignment]
PagesManager = getattr(pages_manager, "PagesManager", None)

_LOGGER = logging.getLogger(__name__)
_LOCK = threading.Lock()
_prepared = False
_FIRST_RUN_DONE = "_studio_first_run_done"  # session-state key
TRIM_SECONDS = 30.0  # how often freed heap memory is handed back to the system


def _trim_forever(libc, seconds: float) -> None:
    while True:
        time.sleep(seconds)
        libc.malloc_trim(0)


def start_heap_trimmer(seconds: float = TRIM_SECONDS) -> bool:
    """Hand memory that the app freed back to the system every ``seconds``.

    Streamlit runs every script run in a new thread, and glibc gives threads their
    own malloc arenas (up to 8 per core); memory TensorFlow freed in one of them
    stays reserved for it. ``MALLOC_ARENA_MAX=2`` at start-up avoids that (``make
    run`` sets it), but a host such as Community Cloud starts the process itself,
    and glibc reads the limit once, before the app runs. ``malloc_trim`` releases
    the free pages of every arena. Returns False where there is no glibc.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - AttributeError where there is none
    except (OSError, AttributeError):
        return False
    threading.Thread(
        target=_trim_forever, args=(libc, seconds), name="heap-trimmer", daemon=True
    ).start()
    return True


def keep_keras_state() -> None:
    """Replacement for Streamlit's post-run Keras reset: keep models and kernels."""


def prepare_process() -> None:
    """Start the heap trimmer, freeze the import-time heap and stop Streamlit's
    per-run Keras reset (once)."""
    global _prepared
    with _LOCK:
        if _prepared:
            return
        start_heap_trimmer()
        if hasattr(script_runner, "_clean_problem_modules"):
            script_runner._clean_problem_modules = keep_keras_state
        else:  # a future Streamlit renamed it: the app still works, only slower
            _LOGGER.warning("Streamlit's Keras reset not found; not disabled.")
        gc.collect()
        gc.freeze()
        _prepared = True


def keras_reset_disabled() -> bool:
    """Return True when Streamlit no longer resets Keras after each script run."""
    return getattr(script_runner, "_clean_problem_modules", None) is keep_keras_state


def route_through_app() -> None:
    """Rerun a session's first run through the router if Streamlit ran a page alone.

    A server with a ``pages/`` folder runs its files as bare "v1" pages (file
    names in the sidebar, no ``app.py``) until the router has called
    ``st.navigation`` once. A visitor whose very first request after a cold start
    is a deep link such as ``/predict`` used to get that bare page. Every page
    calls this first (``components.page_intro``): on a session's first run it
    switches Streamlit to the router and reruns, and the same URL then resolves
    through ``app.py``. Only the first run: a rerun would drop a button's click.
    """
    first_run = not st.session_state.get(_FIRST_RUN_DONE)
    st.session_state[_FIRST_RUN_DONE] = True
    if first_run and getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False  # type: ignore[union-attr]
        st.rerun()
