"""Sentences with worried words (difficulties, public worries) and numbered lessons
("Một là, … Hai là, …")."""

from __future__ import annotations

import re

from trienkhai.textmine.extract.common import Item, _Sentences

_CONCERN = re.compile(
    r"(khó khăn|vướng mắc|hạn chế|bất cập|bức xúc|lo ngại|băn khoăn|lo lắng|tồn tại|"
    r"thách thức|phức tạp|thủ đoạn|chống phá|xuyên tạc|tiêu cực|dịch bệnh|thiệt hại|ảnh hưởng|"
    r"Khó khăn|Vướng mắc|Hạn chế|Bất cập|Tồn tại)(?!\w)"
)


_LESSON_MARK = re.compile(
    r"(?m)^\s{0,3}(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười|Thứ nhất|Thứ hai|Thứ ba|Thứ tư|Thứ năm|"
    r"Thứ sáu|Thứ bảy|Thứ tám|Thứ chín|Thứ mười)\s{0,2}(?:là)?\s{0,2}[,:.]\s{0,2}"
)
_LESSON_ORDER = {
    "Một": 1,
    "Hai": 2,
    "Ba": 3,
    "Bốn": 4,
    "Năm": 5,
    "Sáu": 6,
    "Bảy": 7,
    "Tám": 8,
    "Chín": 9,
    "Mười": 10,
    "Thứ nhất": 1,
    "Thứ hai": 2,
    "Thứ ba": 3,
    "Thứ tư": 4,
    "Thứ năm": 5,
    "Thứ sáu": 6,
    "Thứ bảy": 7,
    "Thứ tám": 8,
    "Thứ chín": 9,
    "Thứ mười": 10,
}


def _find_concerns(text: str, sents: _Sentences) -> list[Item]:
    out: list[Item] = []
    last = -1
    for m in _CONCERN.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        sent, s, e = sents.get(m.start())
        if s == last:
            out[-1]["keywords"].append(m.group(1).lower()) if m.group(1).lower() not in out[-1][
                "keywords"
            ] else None
            continue
        last = s
        items = [p.strip(" .") for p in re.split(r";", sent) if p.strip(" .")]
        out.append(
            {
                "text": sent[:600],
                "keywords": [m.group(1).lower()],
                "items": items if len(items) > 1 else [],
                "span": [s, e],
            }
        )
    return [
        c
        for c in out
        if len(c["keywords"]) >= 2
        or c["keywords"][0]
        in ("khó khăn", "vướng mắc", "hạn chế", "bất cập", "bức xúc", "lo ngại", "băn khoăn", "lo lắng")
    ]


def _find_lessons(text: str) -> list[Item]:
    marks = list(_LESSON_MARK.finditer(text))
    out: list[Item] = []
    for k, m in enumerate(marks):
        n = _LESSON_ORDER[m.group(1)]
        if n == 1 and (k + 1 >= len(marks) or _LESSON_ORDER[marks[k + 1].group(1)] != 2):
            continue
        if n > 1 and not out:
            continue
        if n > 1 and out and out[-1]["order"] != n - 1:
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        out.append({"order": n, "text": text[m.end() : end].strip()[:800], "span": [m.start(), end]})
    return out
