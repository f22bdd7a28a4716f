"""Uploaded files are checked by their bytes, not their names."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.textmine.normalize import clean_text

# A .docx or .xlsx whose entries unpack past this is refused before it is read.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    name: str
    extension: str
    content_type: str
    sha256: str


def _zip_guard(data: bytes, required: str | None) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED_BYTES or (
                len(data) and total / max(len(data), 1) > MAX_RATIO and total > 10_000_000
            ):
                raise ValidationError(_("Tệp nén bất thường (giải nén ra quá lớn): đã từ chối."))
            names = {i.filename for i in infos}
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise ValidationError(_("Tệp chứa đường dẫn không hợp lệ: đã từ chối."))
            if required not in names:
                raise ValidationError(_("Tệp không đúng định dạng như phần mở rộng của nó."))
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Tệp không đúng định dạng như phần mở rộng của nó.")) from exc


KINDS = {
    ".pdf": ("application/pdf", None),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
    ".jpg": ("image/jpeg", None),
    ".jpeg": ("image/jpeg", None),
    ".png": ("image/png", None),
}
MAGIC = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}


def check_upload(
    upload: IO[bytes], name: str, allowed: tuple[str, ...], max_bytes: int | None = None
) -> CheckedFile:
    """Read an upload and make sure it is what its extension claims, within limits."""
    max_bytes = max_bytes or settings.MAX_ATTACHMENT_BYTES
    name = clean_text(name or "").replace("/", "_").replace("\\", "_").strip(". ") or "tep"
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in allowed:
        raise ValidationError(_("Chỉ nhận tệp %(kinds)s.") % {"kinds": ", ".join(allowed)})
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("Tệp lớn quá %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if not data:
        raise ValidationError(_("Tệp rỗng."))
    content_type, required = KINDS[ext]
    if ext == ".pdf":
        if not data.startswith(MAGIC[ext]):
            raise ValidationError(_("Tệp không phải PDF dù có đuôi .pdf."))
    elif ext in MAGIC:
        if not data.startswith(MAGIC[ext]):
            raise ValidationError(_("Tệp không đúng định dạng như phần mở rộng của nó."))
    else:
        if not data.startswith(b"PK\x03\x04"):
            raise ValidationError(_("Tệp không đúng định dạng như phần mở rộng của nó."))
        _zip_guard(data, required)
    return CheckedFile(
        data=data,
        name=name[:255],
        extension=ext,
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
    )
