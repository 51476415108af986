"""Branding shared by every page: the sidebar blurb and a little CSS for phones."""

from __future__ import annotations

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
</style>
""").substitute(accent=ACCENT, muted=MUTED)


def sidebar() -> None:
    """Render the sidebar blurb and the shared CSS (call once per page run)."""
    st.html(CSS)
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(SIDEBAR_TEXT)
