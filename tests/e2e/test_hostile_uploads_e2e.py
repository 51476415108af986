"""Hostile uploads get a friendly message in a real browser, never a traceback."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.e2e.conftest import IDLE_JS, open_page

RESULT_TIMEOUT = 120_000


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def hostile_files() -> list[dict]:
    """Three files for Playwright's set_input_files: name, mimeType, buffer."""
    text = b"This is a shopping list, not a picture.\n" * 10
    photo = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 40, 40)).save(photo, "JPEG", quality=90)
    truncated = photo.getvalue()[: len(photo.getvalue()) // 2]
    side = 20_000
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (1 + side // 8) * 64, 9)  # never reached
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )
    return [
        {"name": "<b>notes</b>.png", "mimeType": "image/png", "buffer": text},
        {"name": "half.jpg", "mimeType": "image/jpeg", "buffer": truncated},
        {"name": "huge.png", "mimeType": "image/png", "buffer": bomb},
    ]


def test_hostile_uploads_show_friendly_messages(page, app_url):
    open_page(page, app_url, "predict?predict_tab=Upload")
    page.wait_for_function(IDLE_JS, timeout=180_000)
    files = hostile_files()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)

    expected = ["not an image", "damaged", "too"]
    for i, words in enumerate(expected):
        card = page.locator(f".st-key-upload_card_{i}")
        card.wait_for(timeout=RESULT_TIMEOUT)
        warning = card.locator('[data-testid="stAlert"]')
        warning.wait_for(timeout=RESULT_TIMEOUT)
        text = warning.inner_text()
        assert words in text.lower(), text
        if i == 0:  # the file name is shown as plain text, never as HTML
            assert "<b>notes</b>.png" in card.inner_text()
            assert card.locator("b", has_text="notes").count() == 0
    page.wait_for_function(IDLE_JS, timeout=RESULT_TIMEOUT)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator('[data-testid="stApp"]').inner_text()
