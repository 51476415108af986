"""Branding shared by every page: the sidebar blurb and a little CSS for phones."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from string import Template

import streamlit as st

APP_TITLE = "Fashion-MNIST CNN Studio"
ACCENT = "#FF7A59"  # the theme's primaryColor (.streamlit/config.toml): the winner
MUTED = "#5B6478"  # everything else: other classes, training curves
SIDEBAR_TEXT = (
    "A small convolutional network that recognises 10 kinds of clothing in "
    "28x28 pixel images. Built with Keras and Streamlit on the "
    "[Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist) dataset."
)

# Long words (file names) wrap instead of pushing a phone's page sideways; the
# verdict box and the probability bars of the Predict page.
CSS = Template("""
<style>
[data-testid="stMainBlockContainer"] { overflow-wrap: anywhere; }
.studio-verdict { border-radius: 0.6rem; padding: 0.7rem 1rem; margin-bottom: 0.5rem;
  border: 1px solid rgba(255, 255, 255, 0.15); }
.studio-verdict .headline { font-size: 2rem; font-weight: 700; line-height: 1.15; }
.studio-verdict .confidence { font-size: 1.05rem; opacity: 0.9; }
.studio-verdict .detail { font-size: 0.9rem; opacity: 0.8; margin-top: 0.3rem; }
.studio-verdict.confident { background: rgba(46, 160, 67, 0.16);
  border-color: rgba(46, 160, 67, 0.55); }
.studio-verdict.unsure { background: rgba(255, 176, 32, 0.14);
  border-color: rgba(255, 176, 32, 0.55); }
.studio-verdict.not_clothing { background: rgba(140, 150, 170, 0.16);
  border-color: rgba(140, 150, 170, 0.55); }
.studio-bars { display: grid; grid-template-columns: max-content 1fr 3.4rem;
  gap: 0.4rem 0.6rem; align-items: center; font-size: 0.95rem; margin: 0.4rem 0; }
.studio-bars .row { display: contents; }
.studio-bars .track { height: 0.95rem; border-radius: 0.3rem; overflow: hidden;
  background: rgba(255, 255, 255, 0.06); }
.studio-bars .fill { display: block; height: 100%; min-width: 2px;
  border-radius: 0.3rem; background: $muted; }
.studio-bars .winner .fill { background: $accent; }
.studio-bars .winner .name, .studio-bars .winner .value { font-weight: 700; }
.studio-bars .value { text-align: right; font-variant-numeric: tabular-nums; }
/* The drawing canvas's toolbar (undo, redo, bin) is always shown, in the room left
   above the canvas: never hidden until hovered, never over the drawing area. */
.dc-toolbar, .dc-root:hover > .dc-toolbar { opacity: 1 !important;
  top: -2.9rem !important; transition: none !important; pointer-events: none; }
.dc-toolbar-card { pointer-events: auto; }
/* The compact answer under the canvas is for phones, where the full answer is
   far below; side by side on a wide screen it would say the same thing twice. */
@media (min-width: 640px) { .st-key-draw_top3 { display: none; } }
.st-key-draw_top3 p { font-size: 1.05rem; margin: 0; }
/* The chart warm-up (warm_chart_library) is a script, not content. */
.st-key-warm_charts { display: none; }
</style>
""").substitute(accent=ACCENT, muted=MUTED)


# Streamlit loads its Plotly chart code (4.7 MB of JavaScript) the first time a page
# shows a Plotly chart, which on a slow 2-core machine adds a second to that page
# (the map). Every page asks the browser to load it when idle, once per tab, so the
# first chart a visitor opens draws without that wait: only in an idle moment, after
# QUIET_SECONDS with no click, key or drawing (it is one long task: 1.1 s on the
# 2-core EPYC, a few hundred ms on a laptop). ``$chunk`` is the file name in
# Streamlit's static folder, resolved beside Streamlit's own main script (so a
# base URL path works).
WARM_CHARTS_JS = Template("""
<script>
(() => {
  if (window.studioChartsWarm || !window.requestIdleCallback) return;
  window.studioChartsWarm = true;
  const main = document.querySelector('script[type="module"][src*="static/js/"]');
  if (!main) return;
  const url = new URL("$chunk", main.src).href, QUIET_MS = $quiet_ms;
  let pressed = false, last = performance.now();  // never while a visitor draws
  const seen = (down) => () => {
    pressed = down ?? pressed;
    last = performance.now();
  };
  addEventListener("pointerdown", seen(true), true);
  for (const name of ["pointerup", "pointercancel"]) {
    addEventListener(name, seen(false), true);
  }
  for (const name of ["keydown", "wheel"]) addEventListener(name, seen(), true);
  const later = () => setTimeout(() => requestIdleCallback(warm), 1000);
  const warm = (deadline) => {
    const quiet = !pressed && performance.now() - last > QUIET_MS;
    if (quiet && deadline.timeRemaining() >= 40) import(url).catch(() => {});
    else later();
  };
  later();
})();
</script>
""")
QUIET_SECONDS = 2.0
STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
CHUNK_NAME = re.compile(r"PlotlyChart\.[\w-]+\.js")


@functools.cache
def plotly_chunk_name(folder: Path = STATIC_JS) -> str | None:
    """Return the file name of the Plotly chart code that Streamlit's main script
    loads, e.g. ``PlotlyChart.D9Z0_fxz.js``, or None if it names none here."""
    for main in sorted(folder.glob("index.*.js")):
        for name in CHUNK_NAME.findall(
            main.read_text(encoding="utf-8", errors="ignore")
        ):
            if (folder / name).is_file():
                return name
    return None


def warm_chart_library() -> None:
    """Let the browser load the Plotly chart code when idle, once per tab (a hidden
    script in the sidebar; on a page that already shows a chart it costs nothing)."""
    chunk = plotly_chunk_name()
    if chunk is None:  # another Streamlit build: the first chart just loads it
        return
    with st.container(key="warm_charts"):
        st.html(
            WARM_CHARTS_JS.substitute(chunk=chunk, quiet_ms=int(QUIET_SECONDS * 1000)),
            unsafe_allow_javascript=True,
        )


def sidebar() -> None:
    """Render the sidebar blurb and the shared CSS (call once per page run)."""
    st.html(CSS)
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(SIDEBAR_TEXT)
        warm_chart_library()
