"""The one guard that keeps opinion reports aggregate: no data identifying a private person.

Every free-text field of a report (the overview, each topic's summary, each pressing
issue's description and proposed solution) passes :func:`check_no_personal_data` inside
``services.report_submit``, which the form, the API, the report importer (intake) and the
demo all call. It refuses:

- phone numbers, e-mail addresses and ID-card-like numbers (CMND 9 digits, CCCD 12);
- "ông/bà/anh/chị + a capitalised word" ("bà Lan ở tổ 5 …");
- a full personal name found by the project's person recogniser
  (``textmine.extract``), also with no honorific at all ("Nguyễn Văn Tám phản ánh …"),
  unless the name is written with a position title ("Tổng Bí thư Tô Lâm",
  "đồng chí …, Bí thư Đảng ủy phường"): an office holder named in office is public,
  not a private person (decisions/0060).

Each refusal names the field and the kind of detail, never the detail itself: a refused
attempt is written to the audit trail with its message (decisions/0009), and a name or a
phone number must not be kept there either.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.textmine.extract import extract
from trienkhai.textmine.normalize import clean_text

# "(0208) 3 855 123", "0912.345.678", "+84 912 345 678": 0 or +84, then 8 to 10 more digits.
_PHONE = re.compile(r"(?<![\d.,])(?:\+84|\(?0)(?:[ .\-)]{0,2}\d){8,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# CMND has 9 digits, CCCD 12; a bare run of either length is treated as an ID number.
_ID = re.compile(r"(?<![\d.,])(?:\d{12}|\d{9})(?![\d.,])")
_HONORIFIC = re.compile(r"(?<!\w)(ông|bà|anh|chị)\s+(\w+)", re.IGNORECASE)
# Place names that begin like an honorific ("Bà Rịa", "phố Bà Triệu").
_PLACES = {"bà rịa", "bà triệu", "bà đen", "bà chiểu", "bà điểm", "ông ích", "bà huyện"}


def _private_person(text: str) -> bool:
    """A personal name written without a position title (the recogniser's own judgement of
    what is a name: places, units and things named after people are not persons)."""
    return any(not p["titles"] for p in extract(text).persons)


def personal_data_found(text: str) -> str | None:
    """What kind of identifying detail ``text`` carries, or None."""
    text = clean_text(text or "", multiline=True)
    if not text:
        return None
    if _EMAIL.search(text):
        return _("địa chỉ thư điện tử")
    if _PHONE.search(text):
        return _("số điện thoại")
    if _ID.search(text):
        return _("số giống số chứng minh nhân dân, căn cước")
    for m in _HONORIFIC.finditer(text):
        word = m.group(2)
        if word[:1].isupper() and f"{m.group(1)} {word}".lower() not in _PLACES:
            return _("tên người (“%(h)s …”)") % {"h": m.group(1)}
    if _private_person(text):
        return _("họ tên của một người")
    return None


def check_no_personal_data(text: str, field: str, label: str) -> None:
    """Refuse ``text`` (the field ``label``, reported under the form field ``field``)."""
    what = personal_data_found(text)
    if what:
        raise ValidationError(
            {
                field: _(
                    "%(label)s có %(what)s. Báo cáo dư luận chỉ ghi tình hình chung, không ghi thông tin "
                    "nhận dạng cá nhân; hãy viết lại ở dạng tổng hợp."
                )
                % {"label": label, "what": what}
            }
        )
