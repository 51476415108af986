"""AppTest for ui/session.py: which model answers, and the remembered last input."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from fashion_cnn import models

TIMEOUT = 600


def model_script():
    import streamlit as st

    from ui import session

    session.model_switch()
    model, label = session.active_model()
    st.markdown(f"model={model.name}; label={label}")


def input_script():
    import numpy as np
    import streamlit as st

    from ui import session

    for source, value in st.session_state.get("inputs", []):
        session.remember_input(np.full((28, 28), value, np.uint8), source, str(value))
    last = st.session_state.get("last_input")
    if last:
        st.markdown(f"{last['source']}:{last['label']}:{int(last['image28'][0, 0])}")


def test_shipped_model_answers_and_no_switch_without_a_lab_model():
    at = AppTest.from_function(model_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert not at.sidebar.toggle
    assert "label=the shipped Studio CNN" in at.markdown[0].value


def test_switch_appears_with_a_lab_model_and_picks_it():
    lab = models.build_cnn_bn_small()
    at = AppTest.from_function(model_script, default_timeout=TIMEOUT)
    at.session_state["lab_model"] = {"model": lab, "card": {}, "name": "tiny"}
    at.run()
    toggle = at.sidebar.toggle(key="use_lab_model")
    assert toggle.label == "Use my trained model" and toggle.value is False
    assert "shipped Studio CNN" in at.markdown[0].value

    toggle.set_value(True)
    at.run()
    assert not at.exception
    assert at.markdown[0].value == f"model={lab.name}; label=your model “tiny”"


def test_last_input_follows_what_the_visitor_did_most_recently():
    at = AppTest.from_function(input_script, default_timeout=TIMEOUT)
    at.session_state["inputs"] = [("upload", 1), ("upload", 2)]
    at.run()
    assert at.markdown[0].value == "upload:2:2"

    at.session_state["inputs"] = [("upload", 1), ("upload", 2), ("drawing", 9)]
    at.run()  # the two uploads are not new: the drawing is the latest input
    assert at.markdown[0].value == "drawing:9:9"
    last = at.session_state["last_input"]
    assert last["image28"].dtype == np.uint8 and last["image28"].shape == (28, 28)
