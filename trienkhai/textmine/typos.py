"""Probable typos in names of bodies and documents, for the reviewer to check.

A known multi-word name (a body's head, "Ban Chỉ đạo", "Ban Thường vụ"; a document's kind,
"Nghị quyết", "Kế hoạch") written before a number is a probable typo when

- it is glued to the number: "Chỉ đạo35", "Nghị quyết35" (a name and its number are always
  apart: "Ban Chỉ đạo 35", "Nghị quyết 35"), or
- it matches the known name only once diacritics are set aside: "Bản Chỉ đạo 35" for
  "Ban Chỉ đạo 35".

Unit names against the tree (a name matching a unit only without diacritics or one edit off,
"Phổ Yen" for "Phổ Yên") are found by ``extract.unit_matching._match_units``. No lists of
misspellings: only the known names, and the two rules above.
"""

from __future__ import annotations

import re
from typing import Any

from trienkhai.textmine.codes import KIND_LABELS
from trienkhai.textmine.normalize import fold

__all__ = ["KNOWN_NAMES", "find_typos"]

KNOWN_NAMES: tuple[str, ...] = (
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Chỉ đạo",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ủy ban Kiểm tra",
    "Ủy ban nhân dân",
    *(v for v in KIND_LABELS.values() if " " in v),
)
_BY_FOLD: dict[tuple[str, ...], str] = {tuple(fold(n).split()): n for n in KNOWN_NAMES}
_LAST_WORDS = frozenset(k[-1] for k in _BY_FOLD)
_LONGEST = max(len(k) for k in _BY_FOLD)
_SHORTEST = min(len(k) for k in _BY_FOLD)
# a word, then a number that is its own token (not a date "12/3", a code "35-NQ" is fine)
# numbers first (a cheap scan); the word before each is looked at by hand
_NUMBER = re.compile(r"\d{1,4}(?![\d/])")
_WORD = re.compile(r"[^\W\d_]+")


def find_typos(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in _NUMBER.finditer(text):
        i = m.start()
        if i and text[i - 1].isdigit():
            continue
        glued = i > 0 and text[i - 1].isalpha()
        end1 = i if glued else i - 1
        if end1 <= 0 or (not glued and text[end1] != " ") or not text[end1 - 1].isalpha():
            continue
        # the words ending at the number: the longest known name they fold to
        base = max(0, end1 - 60)
        back = text[base:end1]
        words = list(_WORD.finditer(back))
        if not words or words[-1].end() != len(back) or fold(words[-1].group(0)) not in _LAST_WORDS:
            continue
        for n in range(min(_LONGEST, len(words)), _SHORTEST - 1, -1):
            chosen = words[-n:]
            between = back[chosen[0].start() : chosen[-1].end()]
            if not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", between):
                continue
            known = _BY_FOLD.get(tuple(fold(between).split()))
            if known is None:
                continue
            slipped = between.casefold() != known.casefold()
            if not (glued or slipped):
                break
            s = base + chosen[0].start()
            e = m.end()
            out.append(
                {
                    "text": text[s:e],
                    "span": [s, e],
                    "suggestion": f"{known} {m.group(0)}",
                    "why": "glued" if glued and not slipped else "diacritics" if not glued else "both",
                }
            )
            break
    return out
