"""End-to-end fixtures: a real `streamlit run` server and Debian's Chromium.

One server serves every browser test of the session (loopback only, free port).
Playwright drives /usr/bin/chromium; `playwright install` is never needed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    port: int,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    cwd: Path = ROOT,
    timeout: float = 300,
) -> subprocess.Popen:
    """Start ``streamlit run app.py`` in ``cwd`` on 127.0.0.1:port; wait until healthy.

    The one server starter of the project: browser tests, fault tests, benchmarks
    and the screenshot script all use it. ``env`` is added to this environment.
    """
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 - owned by the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py"]
        + ["--server.port", str(port), "--server.address", "127.0.0.1"]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_streamlit(proc)
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")


def stop_streamlit(proc: subprocess.Popen) -> None:
    """Terminate the server ``proc`` (kill it after 15 s)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a `streamlit run app.py` server shared by the session's browser tests."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    proc = start_streamlit(port, log_path=log)
    yield f"http://127.0.0.1:{port}"
    stop_streamlit(proc)


@pytest.fixture
def page(browser):
    """A fresh desktop-sized browser tab (its own session on the server)."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


# The app has finished its script run, is connected and shows no placeholder.
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""
LOAD_TIMEOUT = 300_000  # ms: a cold page may load the model or score the test set


def wait_for_app(page, timeout_ms: int = LOAD_TIMEOUT) -> None:
    """Wait until Streamlit has rendered a page heading and finished its run."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)
    page.get_by_role("heading", level=1).first.wait_for(timeout=timeout_ms)
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)


def open_page(page, base_url: str, url_path: str = "") -> None:
    """Go to one page of the app (its url_path, e.g. "predict") and wait for it."""
    page.goto(
        f"{base_url}/{url_path}", wait_until="domcontentloaded", timeout=LOAD_TIMEOUT
    )
    wait_for_app(page)


CANVAS = ".st-key-draw_canvas canvas.upper-canvas"  # fabric's drawing layer
CANVAS_PX = 280  # the Predict canvas is 280 x 280 pixels
STEP_PX = 6  # mouse positions every few pixels, like a real drag


# What a stroke changes: the "what the model sees" image beside the canvas (its
# media URL follows its pixels) and the answer's text.
DRAWING_SIGNATURE_JS = """() => {
    const canvas = document.querySelector('.st-key-draw_canvas');
    const column = canvas && canvas.closest('[data-testid="stColumn"]');
    const images = column ? [...column.querySelectorAll('img')].map(i => i.src) : [];
    const result = document.querySelector('.st-key-draw_result');
    return images.join('|') + '#' + (result ? result.innerText : '');
}"""


def draw_strokes(page, strokes) -> None:
    """Drag the mouse along each stroke on the Predict canvas and wait for its answer.

    ``strokes`` is a sequence of strokes, each a sequence of (x, y) points in
    canvas pixels (0 to ``CANVAS_PX``). The page sends each stroke as the pen
    lifts; after each one, wait until the drawing panel shows a new model input or
    answer, and the run is over (a condition, not a pause).
    """
    canvas = page.locator(CANVAS).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = box["width"] / CANVAS_PX
    for stroke in strokes:
        before = page.evaluate(DRAWING_SIGNATURE_JS)
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / STEP_PX))
            page.mouse.move(box["x"] + x1 * scale, box["y"] + y1 * scale, steps=steps)
        page.mouse.up()
        page.wait_for_function(
            f"(before) => ({DRAWING_SIGNATURE_JS})() !== before",
            arg=before,
            timeout=LOAD_TIMEOUT,
        )
        page.wait_for_function(IDLE_JS, timeout=LOAD_TIMEOUT)
