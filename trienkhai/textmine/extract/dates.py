"""Calendar dates: "11/8/2022", "ngày 09 tháng 8 năm 2021", "2022-08-11", and the first day
of a range written before a full date ("từ ngày 12 đến ngày 15 tháng 10 năm 2020")."""

from __future__ import annotations

import re
from collections.abc import Callable

from trienkhai.textmine.extract.common import Item

_NUM_DATE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2((?:1[6-9]|2[01])\d\d)(?!\d|[/.]\d)")
_ISO_DATE = re.compile(r"((?:1[6-9]|2[01])\d\d)-(\d\d)-(\d\d)(?![\d\-/])")
_WORD_DATE = re.compile(
    r"(\d{1,2})\s{1,3}[tT]háng\s{1,3}(\d{1,2})(?:\s{0,2},?\s{0,2}(?i:năm)\s{1,3}|\s{0,2}[/,]\s{0,2}|\s{1,3})"
    r"((?:1[6-9]|2[01])\d\d)(?!\d)"
)
_DM_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})\s{1,3}(?i:năm)\s{1,3}((?:1[6-9]|2[01])\d\d)(?!\d)")
# Range starts written before a full date: "từ ngày 12 đến ngày 15 tháng 10 năm 2020",
# "từ 12/10 đến 15/10/2020".
_RANGE_DAY = re.compile(
    r"(?i)(?:từ|ngày|các ngày)\s{1,3}(?:ngày\s{1,3})?(\d{1,2})\s{0,2}(?:đến(?:\s{1,3}hết)?|tới|và|,|-|–)\s{0,3}(?:ngày\s{1,3})?$"
)
_RANGE_DM = re.compile(
    r"(?i)(?<![\d/])(\d{1,2})/(\d{1,2})\s{0,2}(?:đến(?:\s{1,3}hết)?|tới|-|–)\s{0,3}(?:ngày\s{1,3})?$"
)


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1600 <= y <= 2199):
        return False
    if m in (4, 6, 9, 11) and d > 30:
        return False
    if m == 2 and d > (29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28):
        return False
    return True


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


_DIGIT_SLASH_DOT = "0123456789/."


def _find_dates(text: str) -> list[Item]:
    found: dict[int, Item] = {}

    def add(y: int | str, mo: int | str, d: int | str, s: int, e: int, kind: str) -> bool:
        y, mo, d = int(y), int(mo), int(d)
        if _valid(y, mo, d) and s not in found:
            found[s] = {"date": _iso(y, mo, d), "text": text[s:e], "span": [s, e], "kind": kind}
            return True
        return False

    for m in _NUM_DATE.finditer(text):
        st = m.start()
        if st and text[st - 1] in _DIGIT_SLASH_DOT:
            continue
        if add(m.group(4), m.group(3), m.group(1), m.start(), m.end(), "numeric"):
            _range_back(text, m.start(), int(m.group(4)), int(m.group(3)), found, add)
    if "-" in text:
        for m in _ISO_DATE.finditer(text):
            if m.start() and text[m.start() - 1] in _DIGIT_SLASH_DOT + "-":
                continue
            add(m.group(1), m.group(2), m.group(3), m.start(), m.end(), "iso")
    for m in _WORD_DATE.finditer(text):
        if m.start() and text[m.start() - 1].isdigit():
            continue
        if add(m.group(3), m.group(2), m.group(1), m.start(), m.end(), "words"):
            _range_back(text, m.start(), int(m.group(3)), int(m.group(2)), found, add)
    for m in _DM_YEAR.finditer(text):
        if m.start() and text[m.start() - 1] in _DIGIT_SLASH_DOT + "-":
            continue
        add(m.group(3), m.group(2), m.group(1), m.start(), m.end(), "words")
    return [found[k] for k in sorted(found)]


def _range_back(
    text: str, start: int, year: int | str, month: int | str, found: dict[int, Item], add: Callable[..., bool]
) -> None:
    window = text[max(0, start - 40) : start]
    base = start - len(window)
    m = _RANGE_DAY.search(window)
    if m:
        add(year, month, m.group(1), base + m.start(1), base + m.end(1), "range")
        return
    m = _RANGE_DM.search(window)
    if m:
        add(year, m.group(2), m.group(1), base + m.start(1), base + m.end(2), "range")
