from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from trienkhai.portal.images import MAX_PIXELS, process_image
from trienkhai.portal.tests.conftest import jpeg_with_exif, png_bytes, png_declaring


def test_reencodes_to_small_jpeg_without_metadata():
    """GIVEN a 2400×1600 JPEG with EXIF WHEN processed THEN ≤1600 px JPEG + 480 px thumb, no EXIF."""
    out = process_image(jpeg_with_exif())
    full = Image.open(io.BytesIO(out.full))
    thumb = Image.open(io.BytesIO(out.thumb))
    assert full.format == "JPEG" and (full.width, full.height) == (1600, 1067) == (out.width, out.height)
    assert max(thumb.size) == 480 and (out.thumb_width, out.thumb_height) == thumb.size
    assert not full.getexif() and b"SecretCam" not in out.full and b"SecretCam" not in out.thumb


def test_transparent_png_is_flattened_on_white():
    out = process_image(png_bytes(100, 50, (0, 0, 0, 0), mode="RGBA"))
    assert Image.open(io.BytesIO(out.full)).getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b"<svg><script>alert(1)</script></svg>",
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"GIF89a<script>alert(1)</script>",  # a GIF header in front of HTML: not decodable
        b"\x89PNG\r\n\x1a\nnot really",
        b"",
    ],
)
def test_refuses_things_posing_as_images(payload):
    with pytest.raises(ValidationError) as exc:
        process_image(payload)
    assert any(word in " ".join(exc.value.messages) for word in ("ảnh", "Ảnh"))


def test_refuses_50_megapixels_before_decoding():
    """A PNG whose header says 7100×7100 (50 MP) is refused from the header alone."""
    with pytest.raises(ValidationError) as exc:
        process_image(png_declaring(7100, 7100))
    message = " ".join(exc.value.messages)
    assert "7100 × 7100" in message and str(MAX_PIXELS // 1_000_000) in message


def test_refuses_absurd_declared_size():
    with pytest.raises(ValidationError):
        process_image(png_declaring(60000, 60000))
