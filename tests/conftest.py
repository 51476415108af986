"""Shared fixtures: the real dataset and the real shipped models.

Tests that need the dataset fail (never skip) when it is missing: under CI=true the
CI script has installed it, and locally the message says how to get it.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

from fashion_cnn import data, models  # noqa: E402


@pytest.fixture(scope="session")
def dataset() -> data.Dataset:
    """The real 60k/10k Fashion-MNIST arrays."""
    try:
        return data.load_dataset()
    except data.DatasetError as exc:
        pytest.fail(f"the Fashion-MNIST dataset is required: {exc}")


@pytest.fixture(scope="session")
def studio_model():
    """The shipped default model from assets/models/ (loaded once)."""
    path = models.model_path(models.DEFAULT_MODEL)
    if not path.is_file():
        pytest.fail(f"the shipped model is missing: {path}")
    return models.load(path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a browser (directly or through a fixture) as e2e."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (one for the whole session:
    the sync API allows a single running Playwright per thread)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
