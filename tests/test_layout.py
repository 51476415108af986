"""ui/layout.py: the shared sidebar, and the chart code loaded ahead of the map."""

from __future__ import annotations

from pathlib import Path

from tests.apptest_pages import run_page
from ui import layout


def test_the_plotly_chunk_is_a_file_streamlit_serves():
    name = layout.plotly_chunk_name()
    assert name is not None, "this Streamlit has no PlotlyChart chunk any more"
    code = (layout.STATIC_JS / name).read_text(encoding="utf-8", errors="replace")
    assert "plotly" in code.lower()


def test_the_chunk_is_the_one_streamlits_main_script_names(tmp_path: Path):
    (tmp_path / "PlotlyChart.old1.js").write_text("// left over")
    (tmp_path / "PlotlyChart.new2.js").write_text("// plotly")
    (tmp_path / "index.main.js").write_text('import("./PlotlyChart.new2.js")')
    assert layout.plotly_chunk_name(tmp_path) == "PlotlyChart.new2.js"


def test_no_plotly_chunk_means_no_warm_up(tmp_path: Path):
    (tmp_path / "index.abc.js").write_text('import("./PlotlyChart.gone.js")')
    assert layout.plotly_chunk_name(tmp_path) is None


def test_every_page_carries_the_hidden_warm_up_script_once():
    at = run_page("pages/home.py")
    assert not at.exception
    scripts = [
        h.proto.body
        for h in at.sidebar.get("html")
        if "studioChartsWarm" in h.proto.body
    ]
    assert len(scripts) == 1
    assert layout.plotly_chunk_name() in scripts[0]
    assert "$" not in scripts[0]  # the template is filled in
