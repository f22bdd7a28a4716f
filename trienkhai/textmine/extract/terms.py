"""Terms of office ("nhiệm kỳ 2020 - 2025"), congresses ("Đại hội XIII của Đảng") and
central plenums ("Hội nghị Trung ương 4 (khóa XII)")."""

from __future__ import annotations

import bisect
import re

from trienkhai.textmine.extract.common import Item

_TERM = re.compile(r"((?:1[6-9]|2[01])\d\d)\s{0,2}[-–—]\s{0,2}((?:1[6-9]|2[01])\d\d)(?![\d/\-])")
_TERM_KIND = re.compile(r"(?i)(nhiệm kỳ|nhiệm kì|giai đoạn|thời kỳ|kế hoạch 5 năm|khóa)\s{1,3}$")
_ROMAN = r"[IVXL]{1,6}"
_CONGRESS = re.compile(
    rf"Đại hội(?:\s{{1,3}}(?:đại biểu|Đảng|Đảng bộ|toàn quốc|[a-zđà-ỹ]{{1,6}}|[A-ZĐ][a-zà-ỹ]{{1,6}})){{0,5}}?"
    rf"\s{{1,3}}(?:lần thứ\s{{1,3}})?({_ROMAN})(?![\w])(?:\s{{0,2}}của Đảng)?"
)
_PLENUM = re.compile(
    rf"Trung ương\s{{1,3}}(\d{{1,2}})"
    rf"(?:\s{{1,3}}lần\s{{1,3}}(\d))?\s{{0,2}}\(\s{{0,2}}(?i:khóa)\s{{1,3}}({_ROMAN}(?:\s{{0,2}},\s{{0,2}}(?:(?i:khóa)\s{{1,3}})?{_ROMAN}){{0,4}})\s{{0,2}}\)"
)
_PLENUM_ORD = re.compile(
    rf"Hội nghị\s{{1,3}}(?:lần\s{{1,3}})?thứ\s{{1,3}}(\w{{1,5}}),?\s{{1,3}}Ban Chấp hành Trung ương"
    rf"(?:\s{{1,3}}Đảng)?\s{{0,2}},?\s{{0,2}}\(?(?i:khóa)\s{{1,3}}({_ROMAN})"
)
_PLENUM_LEAD = re.compile(r"(?:Nghị quyết\s{1,3})?(?:Hội nghị\s{1,3})?(?:Ban Chấp hành\s{1,3})?$")
_NQ_LEAD = re.compile(r"Nghị quyết\s{1,3}$")
_ORDINALS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
}


def _find_terms(text: str) -> list[Item]:
    out: list[Item] = []
    for m in _TERM.finditer(text):
        st = m.start()
        if st and (text[st - 1].isdigit() or text[st - 1] in "/.-"):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if not (a < b <= a + 60):
            continue
        k = _TERM_KIND.search(text[max(0, st - 20) : st])
        kind = k.group(1).lower() if k else ""
        slug = {
            "nhiệm kỳ": "nhiem_ky",
            "nhiệm kì": "nhiem_ky",
            "giai đoạn": "giai_doan",
            "thời kỳ": "thoi_ky",
            "kế hoạch 5 năm": "ke_hoach_5_nam",
            "khóa": "khoa",
        }.get(kind, "khoang")
        s0 = st - (len(k.group(0)) if k else 0)
        out.append({"start": a, "end": b, "text": text[s0 : m.end()], "kind": slug, "span": [s0, m.end()]})
    return out


def _roman(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def _find_congress(text: str) -> list[Item]:
    out: list[Item] = []
    taken: list[tuple[int, int]] = []
    if "Trung ương" in text:
        for m in _PLENUM.finditer(text):
            lead = _PLENUM_LEAD.search(text[max(0, m.start() - 40) : m.start()])
            st = m.start() - (len(lead.group(0)) if lead else 0)
            if st == m.start():
                continue  # "Trung ương 4" needs "Hội nghị" or "Nghị quyết" before it
            terms = re.findall(_ROMAN, m.group(3))
            out.append(
                {
                    "kind": "hoi_nghi_trung_uong",
                    "text": text[st : m.end()],
                    "plenum": int(m.group(1)),
                    "round": int(m.group(2)) if m.group(2) else None,
                    "terms": terms,
                    "term_numbers": [_roman(t) for t in terms],
                    "resolution": text.startswith("Nghị quyết", st),
                    "span": [st, m.end()],
                }
            )
            taken.append((st, m.end()))
        for m in _PLENUM_ORD.finditer(text):
            lead = _NQ_LEAD.search(text[max(0, m.start() - 16) : m.start()])
            st = m.start() - (len(lead.group(0)) if lead else 0)
            w = m.group(1).lower()
            n = int(w) if w.isdecimal() else _ORDINALS.get(w)  # not isdigit(): "²" is one, int() refuses it
            out.append(
                {
                    "kind": "hoi_nghi_trung_uong",
                    "text": text[st : m.end()],
                    "plenum": n,
                    "round": None,
                    "terms": [m.group(2)],
                    "term_numbers": [_roman(m.group(2))],
                    "resolution": bool(lead),
                    "span": [st, m.end()],
                }
            )
            taken.append((st, m.end()))
    if "Đại hội" in text:
        taken.sort()
        taken_starts = [a for a, _b in taken]
        for m in _CONGRESS.finditer(text):
            j = bisect.bisect_right(taken_starts, m.end() - 1) - 1
            if j >= 0 and taken[j][1] > m.start():
                continue
            lead = _NQ_LEAD.search(text[max(0, m.start() - 16) : m.start()])
            st = m.start() - (len(lead.group(0)) if lead else 0)
            t = text[st : m.end()]
            scope = (
                "toan_quoc"
                if (
                    "toàn quốc" in t
                    or "của Đảng" in t
                    or re.fullmatch(rf"(?:Nghị quyết\s+)?Đại hội\s+{_ROMAN}(?:\s+của Đảng)?", t)
                )
                else "dang_bo"
                if "Đảng bộ" in t
                else "khac"
            )
            out.append(
                {
                    "kind": "dai_hoi",
                    "text": t,
                    "congress": m.group(1),
                    "number": _roman(m.group(1)),
                    "scope": scope,
                    "resolution": bool(lead),
                    "span": [st, m.end()],
                }
            )
    out.sort(key=lambda c: c["span"][0])
    return out
