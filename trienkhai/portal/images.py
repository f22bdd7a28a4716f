"""Uploaded photos are decoded and re-encoded, never stored as sent.

Re-encoding to a plain JPEG drops EXIF/GPS and any payload smuggled after the
image data; checking the magic bytes first refuses SVG and HTML posing as
images (a browser would run their scripts); reading the declared size from
the header before decoding refuses decompression bombs cheaply.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FULL_SIDE = 1600
THUMB_SIDE = 480
JPEG_QUALITY = 82

# (magic prefix, offset) of the raster formats we accept.
_MAGIC = (
    (b"\xff\xd8\xff", 0),  # JPEG
    (b"\x89PNG\r\n\x1a\n", 0),
    (b"GIF87a", 0),
    (b"GIF89a", 0),
    (b"WEBP", 8),  # RIFF....WEBP
)
_ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "MPO"}


@dataclass(frozen=True)
class ProcessedImage:
    full: bytes
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int
    sha256: str


def _looks_like_raster(data: bytes) -> bool:
    return any(data[offset : offset + len(magic)] == magic for magic, offset in _MAGIC)


def _flatten(im: Image.Image) -> Image.Image:
    """RGB on white: transparent PNG/GIF areas must not turn black in a JPEG."""
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im, mask=im.getchannel("A"))
        return background
    return im.convert("RGB")


def _jpeg(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def too_large_message(width: int, height: int) -> str:
    return _(
        "Ảnh quá lớn: %(w)s × %(h)s điểm ảnh (%(mp).0f megapixel); chỉ nhận ảnh tới %(max)s megapixel."
    ) % {
        "w": width,
        "h": height,
        "mp": width * height / 1_000_000,
        "max": MAX_PIXELS // 1_000_000,
    }


def process_image(data: bytes) -> ProcessedImage:
    """Check, decode and re-encode one uploaded image (ValidationError in Vietnamese)."""
    if not data:
        raise ValidationError(_("Tệp ảnh rỗng."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp ảnh lớn quá %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not _looks_like_raster(data):
        raise ValidationError(
            _("Tệp không phải ảnh JPEG, PNG, GIF hoặc WebP. Ảnh SVG, trang HTML và tệp khác không được nhận.")
        )
    unreadable = _("Không đọc được ảnh: tệp hỏng hoặc không đúng định dạng.")
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past 2× its own limit raises) on huge images; our limit is lower
            # and is checked on the header below, before any pixel is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(io.BytesIO(data))
        if im.format not in _ACCEPTED_FORMATS:
            raise ValidationError(unreadable)
        width, height = im.size
        if width * height > MAX_PIXELS:
            raise ValidationError(too_large_message(width, height))
        if width < 1 or height < 1:
            raise ValidationError(unreadable)
        im.load()
        im = ImageOps.exif_transpose(im)  # honour the camera's orientation before EXIF is dropped
        im = _flatten(im)
        full = im.copy()
        full.thumbnail((FULL_SIDE, FULL_SIDE), Image.Resampling.LANCZOS)
        thumb = im.copy()
        thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        full_bytes, thumb_bytes = _jpeg(full), _jpeg(thumb)
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("Ảnh quá lớn; chỉ nhận ảnh tới %(max)s megapixel.") % {"max": MAX_PIXELS // 1_000_000}
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(unreadable) from exc
    return ProcessedImage(
        full=full_bytes,
        width=full.width,
        height=full.height,
        thumb=thumb_bytes,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        sha256=hashlib.sha256(full_bytes).hexdigest(),
    )
