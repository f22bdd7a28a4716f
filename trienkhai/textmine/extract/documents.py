"""Numbered documents cited ("Kế hoạch số 0091- KH/TU"), once per code, each with its issue
date when the text gives one: written with the code, stated as the day it was issued in the
code's sentence, or the place-and-date line of a document header.

A date written with the code follows it on the same line, or on the next when the line was
only broken (a title set on two lines: "… Chỉ thị 06-CT/TW" / "ngày 07-11-2006 của …"); a line
that starts "Ngày …" opens a sentence of its own and dates what that sentence tells, not the
code above it."""

from __future__ import annotations

import bisect
import re
from typing import Any

from trienkhai.textmine.codes import find_codes
from trienkhai.textmine.extract.common import _U, LO, UP, Item, _Sentences

_AFTER_CODE = re.compile(
    r"^[\s,(]{0,6}(?:(?:được\s{1,2})?ban hành\s{1,2}|(?:ký\s{1,2})?)(?:vào\s{1,2})?(?P<day>(?i:ngày))\s{0,2}:?\s{0,2}"
)
# "… của Bộ Chính trị (khóa XII) ngày …", "… do Ban Thường vụ Tỉnh ủy ban hành ngày …" (after
# "do" the verb must be there: "do đồng chí Bí thư chủ trì ngày …" is another day).
_AFTER_CODE_OF = re.compile(
    rf"^\s{{0,3}},?\s{{0,3}}(?:của(?:\s{{1,2}}(?!về\b)[{UP}{LO}]{{1,8}}){{1,9}}"
    rf"|do(?:\s{{1,2}}(?!về\b)[{UP}{LO}]{{1,8}}){{1,9}}?\s{{1,2}}(?:ký(?:\s{{1,2}}ban hành)?|ban hành))"
    rf"(?:\s{{0,2}}\((?i:khóa|khoá)\s{{1,2}}[IVXL]{{1,6}}\))?\s{{0,2}},?\s{{0,3}}(?:vào\s{{1,2}})?(?P<day>(?i:ngày))\s{{1,2}}"
)
# Issuing verbs between a stated day and the code; "ký" and "ra" only right before the code
# ("đã ký Kế hoạch …", "ra Chỉ thị …"): "ra quân", "diễn ra hội nghị" are other days.
_ISSUED_VERB = re.compile(r"(?<![\w])(?:ban hành|phát hành)(?![\w])")
_ISSUED_LAST = re.compile(r"(?<![\w])(?<!diễn )(?<!đề )(?<!đưa )(?:ký|ra)\s{1,2}$")
_DAY_LEAD = re.compile(r"(?i)(?<![\w])ngày\s{0,2}$")
_HEADER_PLACE = re.compile(rf"(?:^|[|\n])\s{{0,6}}{_U}[^\n|,;.]{{1,40}},\s{{0,3}}(?i:ngày)\s{{1,3}}$")
_HEADER_SO = re.compile(r"(?:^|[|\n])\s{0,6}(?:[*]\s{0,3})?(?i:số)(?:\s{0,2}hiệu)?\s{0,2}:?\s{0,3}$")


def _find_doc_refs(text: str, dates: list[Item], sents: _Sentences) -> list[Item]:
    codes = find_codes(text)
    if not codes:
        return []
    by_start = {d["span"][0]: d for d in dates}
    date_starts = sorted(by_start)
    header_dates = []
    for d in dates:
        s = d["span"][0]
        if d["kind"] == "words" and _HEADER_PLACE.search(text[max(0, s - 60) : s]):
            header_dates.append(d)
    refs: dict[str, Item] = {}
    for i, cm in enumerate(codes):
        doc = cm.doc
        date = None
        tail = text[cm.span[1] : cm.span[1] + 160]
        m = _AFTER_CODE.match(tail) or _AFTER_CODE_OF.match(tail)
        if m and "\n" in tail[: m.start("day")] and tail[m.start("day")] == "N":
            m = None  # a new line opened by "Ngày …": that sentence's own day
        if m:
            at = by_start.get(cm.span[1] + m.end())
            if at:
                date = at["date"]
        if date is None:
            date = _issue_date_in_sentence(text, cm, codes, i, date_starts, by_start, sents)
        if date is None and header_dates:
            fs = cm.full_span[0]
            if _HEADER_SO.search(
                text[max(0, fs - 12) : fs + 4]
                if text[fs : fs + 2].lower() == "số"
                else text[max(0, fs - 12) : fs]
            ) or _HEADER_SO.search(text[max(0, fs - 12) : cm.span[0]]):
                best = min(header_dates, key=lambda d: abs(d["span"][0] - cm.span[0]))
                if abs(best["span"][0] - cm.span[0]) < 400:
                    date = best["date"]
        key = doc.key
        if key in refs:
            if refs[key]["date"] is None and date:
                refs[key]["date"] = date
            continue
        refs[key] = {
            "code": doc.code,
            "number": doc.number,
            "type": doc.type,
            "issuer": doc.issuer,
            "kind": doc.kind,
            "system": doc.system,
            "date": date,
            "text": cm.text,
            "span": list(cm.span),
        }
    return list(refs.values())


def _issue_date_in_sentence(
    text: str,
    cm: Any,
    codes: list[Any],
    i: int,
    date_starts: list[int],
    by_start: dict[int, Item],
    sents: _Sentences,
) -> str | None:
    ss, _se = sents.bounds(cm.span[0])
    if i > 0 and codes[i - 1].span[1] > ss:
        return None  # only the first code of the sentence is the one issued
    j = bisect.bisect_left(date_starts, ss)
    if j >= len(date_starts) or date_starts[j] >= cm.span[0]:
        return None
    ds = date_starts[j]
    if not _DAY_LEAD.search(text[max(ss, ds - 12) : ds]):
        return None
    if cm.full_span[0] - by_start[ds]["span"][1] > 160:
        return None
    between = text[by_start[ds]["span"][1] : cm.full_span[0]]
    if not _ISSUED_VERB.search(between) and not _ISSUED_LAST.search(between):
        return None
    date: str = by_start[ds]["date"]
    return date
