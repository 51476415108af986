"""Helpers for AppTest page tests: run one page of app.py, read plotly figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds; a cold start loads TensorFlow, the data and the model


def run_page(page: str, state: dict[str, Any] | None = None) -> AppTest:
    """Run ``app.py`` switched to ``page`` (e.g. "pages/predict.py") and return it.

    ``state`` is written into ``st.session_state`` before the first run.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    return at


def figures(node) -> list[dict]:
    """Return the plotly figures (as dicts) rendered under ``node``, in order."""
    return [json.loads(chart.proto.spec) for chart in node.get("plotly_chart")]


def figure_by_key(at: AppTest, key: str) -> dict:
    """Return the plotly figure of the chart created with ``key=key``."""
    return json.loads(at.get_by_key(key).proto.spec)


def html_text(node) -> str:
    """Return all ``st.html`` bodies under ``node`` joined by newlines."""
    return "\n".join(element.value for element in node.get("html"))
