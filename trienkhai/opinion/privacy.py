"""The guard that keeps opinion reports aggregate: no data identifying a private person.

Deliberately simple patterns with few false positives; each refusal names what was
found, in Vietnamese, so the reporter can rewrite the sentence as an aggregate
("một số hộ dân ở tổ dân phố 3 băn khoăn …") instead of a person.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.textmine.normalize import clean_text

_PHONE = re.compile(r"(?<![\d.,])(?:\+84|0)(?:[ .\-]?\d){8,10}(?![\d])")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# CMND has 9 digits, CCCD 12; a bare run of either length is treated as an ID number.
_ID = re.compile(r"(?<![\d.,])(?:\d{12}|\d{9})(?![\d.,])")
_HONORIFIC = re.compile(r"(?<!\w)(ông|bà|anh|chị)\s+(\w+)", re.IGNORECASE)
# Place names that begin like an honorific ("Bà Rịa", "phố Bà Triệu").
_PLACES = {"bà rịa", "bà triệu", "bà đen", "bà chiểu", "bà điểm", "ông ích", "bà huyện"}


def personal_data_found(text: str) -> str | None:
    """What kind of identifying detail ``text`` carries, or None."""
    text = clean_text(text or "", multiline=True)
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
    return None


def check_no_personal_data(text: str, field: str, label: str) -> None:
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
