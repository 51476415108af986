"""Every page in a real Chromium: no exception, no sideways scroll on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE

# url_path -> a title the page shows once it has rendered
PAGES = {
    "": "Fashion-MNIST CNN Studio",
    "predict": "Predict",
    "dataset": "Dataset explorer",
    "performance": "performance",
    "inside": "Inside",
    "train": "Train",
}
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""


LOAD_TIMEOUT = 300_000  # ms: a cold page may score the whole test set first


def show(page, base_url: str, url_path: str) -> None:
    """Open a page and wait until its script has finished (not merely started)."""
    page.goto(
        f"{base_url}/{url_path}", wait_until="domcontentloaded", timeout=LOAD_TIMEOUT
    )
    page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT)
    page.wait_for_function(IDLE, timeout=LOAD_TIMEOUT)
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)


@pytest.mark.parametrize("url_path", list(PAGES), ids=[p or "home" for p in PAGES])
def test_page_loads_without_exception_on_desktop(page, app_url, url_path):
    show(page, app_url, url_path)
    heading = page.get_by_role("heading", level=1).first.inner_text()
    assert PAGES[url_path].lower() in heading.lower()
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("url_path", list(PAGES), ids=[p or "home" for p in PAGES])
def test_page_fits_a_phone_without_sideways_scroll(browser, app_url, url_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        show(phone, app_url, url_path)
        assert phone.locator('[data-testid="stException"]').count() == 0
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"page is {widths[0]} px wide on a phone"
    finally:
        context.close()
