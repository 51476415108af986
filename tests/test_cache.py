"""ui/cache.py: cached uploads give the pipeline's result; bad files still fail."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from fashion_cnn import preprocessing
from ui import cache


def png_bytes(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_cached_upload_matches_the_pipeline(dataset):
    data = png_bytes(255 - np.kron(dataset.x_test[3], np.ones((4, 4), np.uint8)))
    expected = preprocessing.prepare_upload(data, "photo.png")
    for _ in range(2):  # computed, then served from the cache
        prepared = cache.prepare_upload(data, "photo.png")
        np.testing.assert_array_equal(prepared.image28, expected.image28)
        np.testing.assert_array_equal(prepared.batch, expected.batch)
        assert [c for c, _ in prepared.stages] == [c for c, _ in expected.stages]


def test_a_bad_file_raises_the_friendly_error_every_time():
    for _ in range(2):  # an error is never cached as a result
        with pytest.raises(preprocessing.ImageError):
            cache.prepare_upload(b"these bytes are not a picture", "broken.png")


def test_every_session_shares_one_read_only_copy_of_the_dataset(dataset):
    """No 55 MB copy per call (issue 11's memory), and nobody can change it."""
    first, again = cache.load_dataset(), cache.load_dataset()
    assert first is again
    np.testing.assert_array_equal(first.x_test, dataset.x_test)
    assert len(first.x_train) == 60_000
    with pytest.raises(ValueError, match="read-only"):
        first.x_test[0, 0, 0] = 1
