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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    port: int, env: dict[str, str] | None = None, log_path: Path | None = None
) -> subprocess.Popen:
    """Start `streamlit run app.py` on 127.0.0.1:port and wait until it is healthy."""
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 - owned by the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=2
            ) as response:
                if response.read() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 300 s")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    """URL of a `streamlit run app.py` server shared by the session's browser tests."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    proc = start_streamlit(port, log_path=log)
    url = f"http://127.0.0.1:{port}"
    # Streamlit serves pages/ scripts bare until the router has run once per process
    # (see the README's known issues), so the first visit goes to the router.
    context = browser.new_context(viewport=DESKTOP)
    open_page(context.new_page(), url)
    context.close()
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized browser tab (its own session on the server)."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(page, timeout_ms: int = 180_000) -> None:
    """Wait until Streamlit has rendered and finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def open_page(page, base_url: str, url_path: str = "") -> None:
    """Go to one page of the app (its url_path, e.g. "predict") and wait for it."""
    page.goto(f"{base_url}/{url_path}", wait_until="domcontentloaded")
    wait_for_app(page)
