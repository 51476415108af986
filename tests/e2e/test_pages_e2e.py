"""Every page in a real Chromium: no exception, no sideways scroll on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    free_port,
    open_page,
    start_streamlit,
    stop_streamlit,
)

# url_path -> a title the page shows once it has rendered
PAGES = {
    "": "Fashion-MNIST CNN Studio",
    "predict": "Predict",
    "dataset": "Dataset explorer",
    "performance": "performance",
    "inside": "Inside",
    "train": "Train",
}
NAV_TITLES = [
    "Home",
    "Predict",
    "Explain by example",
    "Dataset explorer",
    "Model performance",
    "Inside the CNN",
    "Training lab",
]


@pytest.mark.parametrize("url_path", list(PAGES), ids=[p or "home" for p in PAGES])
def test_page_loads_without_exception_on_desktop(page, app_url, url_path):
    open_page(page, app_url, url_path)
    heading = page.get_by_role("heading", level=1).first.inner_text()
    assert PAGES[url_path].lower() in heading.lower()
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("url_path", list(PAGES), ids=[p or "home" for p in PAGES])
def test_page_fits_a_phone_without_sideways_scroll(browser, app_url, url_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        open_page(phone, app_url, url_path)
        assert phone.locator('[data-testid="stException"]').count() == 0
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"page is {widths[0]} px wide on a phone"
    finally:
        context.close()


# Every list of navigation links the page shows, from its first paint on.
RECORD_NAVS_JS = """
window.navsSeen = [];
new MutationObserver(() => {
    const links = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')];
    const texts = links.map((a) => a.innerText.trim().split('\\n').pop());
    const last = window.navsSeen[window.navsSeen.length - 1];
    if (texts.length && JSON.stringify(texts) !== JSON.stringify(last)) {
        window.navsSeen.push(texts);
    }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def test_a_deep_link_as_first_request_gets_the_routed_page(browser, tmp_path):
    """A cold server's first visitor arrives on /predict (say, from a shared link):
    the navigation never shows the bare file names of pages/, only the titles."""
    port = free_port()
    server = start_streamlit(port, log_path=tmp_path / "server.log")
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.add_init_script(RECORD_NAVS_JS)
        open_page(page, f"http://127.0.0.1:{port}", "predict")
        assert page.evaluate("window.navsSeen") == [NAV_TITLES]
        assert page.get_by_role("heading", level=1).first.inner_text() == "Predict"
        links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        # The router's page titles (after each icon), not the file names of pages/.
        assert [link.strip().splitlines()[-1] for link in links] == NAV_TITLES
        assert page.locator(".st-key-draw_canvas").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
        stop_streamlit(server)
