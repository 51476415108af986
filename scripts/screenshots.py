"""Render every page of the app in Chromium at desktop and phone width into docs/.

Usage: ``python scripts/screenshots.py [--out docs/screenshots] [--only home,predict]``

Starts its own ``streamlit run app.py`` on a free loopback port, drives Debian's
Chromium (``/usr/bin/chromium``, or ``CHROMIUM_PATH``) with Playwright, writes
``NAME-desktop.png`` and ``NAME-phone.png`` per page, and stops the server. The
Predict page is shown with a pair of trousers drawn on its canvas; the Explain page
with a bag drawn on Predict and placed on its map.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make the project importable

from benchmarks import sketch_set  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE_JS,
    LOAD_TIMEOUT,
    draw_strokes,
    free_port,
    start_streamlit,
    stop_streamlit,
    wait_for_app,
)

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
# screenshot name -> url path (with query) of the page
SHOTS = {
    "home": "",
    "predict": "predict",
    "predict-examples": "predict?predict_tab=Examples",
    "explain": "predict",  # a bag is drawn first, then the page link is followed
    "dataset": "dataset",
    "performance": "performance",
    "inside": "inside",
    "train": "train",
}
MAX_HEIGHT = 7000  # px: very long pages are cut here


def wait_idle(page) -> None:
    """Wait until the script run has finished and the page has settled."""
    wait_for_app(page)
    page.wait_for_timeout(1500)  # let charts and images finish painting
    page.wait_for_function(IDLE_JS, timeout=LOAD_TIMEOUT)


# The held-out sketch set's trousers with a waistband, in canvas pixels.
TROUSERS = sketch_set.template_strokes("trouser_waistband")[1]


BAG = sketch_set.template_strokes("bag_handle_box")[1]


def draw_bag_and_explain(page) -> None:
    """Draw a bag on Predict, then follow its link to the Explain by example page."""
    draw_strokes(page, BAG)
    link = page.get_by_role("link", name="Which training images does it look like?")
    link.click()
    page.locator(".st-key-map_neighbours").wait_for(timeout=LOAD_TIMEOUT)


def draw_trousers(page) -> None:
    """Draw a pair of trousers on the Predict canvas and wait for the prediction."""
    draw_strokes(page, TROUSERS)
    page.locator(".st-key-draw_result .studio-verdict").wait_for(timeout=LOAD_TIMEOUT)
    page.evaluate("() => window.scrollTo(0, 0)")


def content_height(page) -> int:
    """Height in px of everything on the page, including Streamlit's scroll area."""
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll(
                '[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
              .map(e => e.scrollHeight))"""
    )


def capture(browser, base_url: str, name: str, url_path: str, out: Path) -> None:
    """Write ``out/NAME-desktop.png`` and ``out/NAME-phone.png``."""
    for size_name, (width, height) in VIEWPORTS.items():
        phone = size_name == "phone"
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(300_000)
        page = context.new_page()
        page.goto(f"{base_url}/{url_path}", wait_until="domcontentloaded")
        wait_idle(page)
        if name == "predict":
            draw_trousers(page)
            wait_idle(page)
        if name == "explain":
            draw_bag_and_explain(page)
            wait_idle(page)
        full = min(MAX_HEIGHT, max(height, content_height(page)))
        page.set_viewport_size({"width": width, "height": full})
        wait_idle(page)
        path = out / f"{name}-{size_name}.png"
        page.screenshot(path=str(path), full_page=True)
        errors = page.locator('[data-testid="stException"]').count()
        print(f"{path} ({width}x{full}){'  EXCEPTION ON PAGE' if errors else ''}")
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated shot names")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(SHOTS)
    unknown = set(names) - set(SHOTS)
    if unknown:
        parser.error(f"unknown shots {sorted(unknown)}; choose from {list(SHOTS)}")
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_streamlit(
        port, env={"TF_CPP_MIN_LOG_LEVEL": "2"}, log_path=args.out / "server.log"
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
            )
            base_url = f"http://127.0.0.1:{port}"
            for name in names:
                capture(browser, base_url, name, SHOTS[name], args.out)
            browser.close()
    finally:
        stop_streamlit(server)
    (args.out / "server.log").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
