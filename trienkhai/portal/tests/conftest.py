from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.utils import timezone
from PIL import Image

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.portal import services


def png_bytes(width: int = 640, height: int = 400, color=(200, 30, 30), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif(width: int = 2400, height: int = 1600) -> bytes:
    im = Image.new("RGB", (width, height), (10, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "GPS-leaking software"  # Software
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge size: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def news(tree, personas):
    """GIVEN a published article of the city with a photo, a draft with a photo, a scheduled one."""
    doc = document_register(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        title="Nghị quyết về bảo vệ nền tảng tư tưởng",
        acting_user=SYSTEM,
    )
    published = services.article_create(
        unit=tree.city,
        title="Thành ủy Bình Yên học tập Nghị quyết 35",
        lead="Hội nghị học tập nghị quyết ở Bình Yên.",
        body="Đoạn một.\n\nĐoạn hai.",
        author="Thu Hà",
        tags=["Nghị quyết 35", "Học tập"],
        units=[tree.ward.pk],
        documents=[doc.pk],
        acting_user=SYSTEM,
    )
    pub_photo = services.photo_add(
        article=published,
        upload=png_bytes(),
        caption="Quang cảnh hội nghị",
        alt="Hội trường",
        acting_user=SYSTEM,
    )
    services.article_publish(
        article=published, publish_at=timezone.now() - dt.timedelta(hours=1), acting_user=SYSTEM
    )
    related = services.article_create(
        unit=tree.sibling,
        title="Đông Sơn quán triệt Nghị quyết 35",
        lead="Tin cùng chủ đề.",
        tags=["Nghị quyết 35"],
        documents=[doc.pk],
        acting_user=SYSTEM,
    )
    services.article_publish(
        article=related, publish_at=timezone.now() - dt.timedelta(hours=2), acting_user=SYSTEM
    )
    unrelated = services.article_create(
        unit=tree.other, title="Tin của Phú Lâm", lead="Không liên quan.", tags=["Khác"], acting_user=SYSTEM
    )
    services.article_publish(
        article=unrelated, publish_at=timezone.now() - dt.timedelta(hours=3), acting_user=SYSTEM
    )
    draft = services.article_create(
        unit=tree.city,
        title="Bản nháp bí mật của Bình Yên",
        lead="Chưa duyệt.",
        tags=["Nội bộ"],
        acting_user=SYSTEM,
    )
    draft_photo = services.photo_add(
        article=draft, upload=png_bytes(color=(0, 0, 255)), caption="Ảnh nháp", acting_user=SYSTEM
    )
    scheduled = services.article_create(
        unit=tree.city,
        title="Tin hẹn giờ ngày mai",
        lead="Sẽ đăng sau.",
        tags=["Hẹn giờ"],
        acting_user=SYSTEM,
    )
    scheduled_photo = services.photo_add(
        article=scheduled, upload=png_bytes(color=(0, 255, 0)), acting_user=SYSTEM
    )
    services.article_publish(
        article=scheduled, publish_at=timezone.now() + dt.timedelta(days=1), acting_user=SYSTEM
    )
    return SimpleNamespace(
        doc=doc,
        published=published,
        pub_photo=pub_photo,
        related=related,
        unrelated=unrelated,
        draft=draft,
        draft_photo=draft_photo,
        scheduled=scheduled,
        scheduled_photo=scheduled_photo,
    )
