"""Fashion-MNIST CNN Studio: the router. Every page lives in pages/."""

from __future__ import annotations

import streamlit as st

from ui import serving

serving.prepare_process()  # once per process: no Keras reset, a frozen heap

st.set_page_config(
    page_title="Fashion-MNIST CNN Studio",
    page_icon=":material/checkroom:",
    layout="wide",
)

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/predict.py", title="Predict", icon=":material/draw:"),
    st.Page(
        "pages/explain.py", title="Explain by example", icon=":material/scatter_plot:"
    ),
    st.Page("pages/dataset.py", title="Dataset explorer", icon=":material/grid_view:"),
    st.Page(
        "pages/performance.py", title="Model performance", icon=":material/insights:"
    ),
    st.Page("pages/inside.py", title="Inside the CNN", icon=":material/layers:"),
    st.Page("pages/train.py", title="Training lab", icon=":material/model_training:"),
]

# .streamlit/config.toml hides the bare pages/ list of a cold first run; the
# router's navigation (its titles and icons) is shown.
st.set_option("client.showSidebarNavigation", True)
st.navigation(PAGES).run()
