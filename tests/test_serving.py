"""ui/serving.py: a script run no longer resets Keras, and the import heap is frozen."""

from __future__ import annotations

import gc

import keras
import numpy as np
from streamlit.testing.v1 import AppTest

from fashion_cnn import models
from tests.apptest_pages import ROOT, TIMEOUT
from ui import serving


def test_a_script_run_keeps_keras_state_and_the_model_answers_the_same(studio_model):
    x = np.zeros((1, 28, 28, 1), np.float32)
    x[0, 4:24, 10:18] = 1.0
    before = models.predict_probabilities(studio_model, x)
    # Keras' public uid counter: keras.backend.clear_session() starts it again at 1.
    keras.backend.get_uid("studio_probe")
    counted = keras.backend.get_uid("studio_probe")

    # The router itself (AppTest.switch_page would run a page without app.py).
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()

    assert not at.exception
    assert serving.keras_reset_disabled()
    # Streamlit's own reset (keras.backend.clear_session) would have restarted it.
    assert keras.backend.get_uid("studio_probe") == counted + 1 >= 3
    np.testing.assert_allclose(
        models.predict_probabilities(studio_model, x), before, atol=1e-6
    )


def test_prepare_process_freezes_the_import_heap_once():
    serving.prepare_process()
    frozen = gc.get_freeze_count()
    assert frozen > 50_000  # TensorFlow, Keras, Streamlit and Plotly objects
    serving.prepare_process()  # a second call changes nothing
    assert gc.get_freeze_count() == frozen
