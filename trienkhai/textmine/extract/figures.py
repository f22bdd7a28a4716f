"""Figures: percentages ("97,55%", "từ 80-90%") with who and what they are of, and counts
("26.472 lượt quần chúng", "12 nhóm Zalo", "43/45 đảng viên": 43 of a roll of 45)."""

from __future__ import annotations

import re

from trienkhai.textmine.extract.common import _L, Item, _Sentences

_NUMBER = r"\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{1,12}(?:[.,]\d{1,6})?"
_PCT_MARK = re.compile(r"%|(?<![\w])[pP]hần trăm(?![\w])")
_PCT_BACK = re.compile(
    rf"(?:(?<![\d.,/])({_NUMBER})\s?%?\s{{0,3}}(?:-|–|—|đến|tới)\s{{0,3}})?(?<![\d.,])({_NUMBER})\s?$"
)


_COUNT_NOUNS = (
    "lượt người",
    "lượt quần chúng",
    "lượt cán bộ",
    "lượt đảng viên",
    "lượt",
    "người",
    "đại biểu",
    "đồng chí",
    "đảng viên",
    "cán bộ",
    "hội viên",
    "đoàn viên",
    "học viên",
    "quần chúng",
    "hồ sơ",
    "ý kiến",
    "kiến nghị",
    "điểm cầu",
    "hội nghị",
    "buổi",
    "lớp",
    "cuộc",
    "tin bài",
    "tin, bài",
    "tin",
    "bài viết",
    "bài",
    "chi bộ",
    "đảng bộ",
    "tổ chức cơ sở đảng",
    "tổ chức",
    "hộ",
    "văn bản",
    "tài liệu",
    "cuốn",
    "bản",
    "phóng sự",
    "chuyên đề",
    "báo cáo viên",
    "cộng tác viên",
    "tuyên truyền viên",
    "cơ sở",
    "đơn vị",
    "xã",
    "phường",
    "thôn",
    "tổ dân phố",
    "khu dân cư",
    "trường hợp",
    "vụ",
    "tập thể",
    "cá nhân",
    "doanh nghiệp",
    "hội thi",
    "nhóm",
    "pano",
    "áp phích",
    "băng rôn",
    "khẩu hiệu",
    "tờ rơi",
    "video",
    "clip",
    "chương trình",
    "mô hình",
    "phiếu",
    "câu hỏi",
    "thành viên",
    "công trình",
    "tác phẩm",
)
_COUNT = re.compile(
    r"(\d{1,3}(?:\.\d{3}){1,5}|\d{1,9})(?![\d.,/%]\d)\s{1,2}("
    + "|".join(re.escape(n) for n in sorted(_COUNT_NOUNS, key=len, reverse=True))
    + rf")(?!{_L[:-1]}\w])((?:\s{{1,2}}{_L}{{1,7}}){{0,2}})"
)
# "43/45" before a count: the numerator, not part of a date ("ngày 5/6") or of a longer number
_FRACTION_BACK = re.compile(
    r"(?<![\d/.,])(?<![nN]gày )(?<![tT]háng )(\d{1,3}(?:\.\d{3}){1,3}|\d{1,7})\s?/\s?$"
)


def _num(s: str) -> float:
    s = s.strip()
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    return float(s)


def _clean_value(v: float) -> float | int:
    return int(v) if v == int(v) and abs(v) < 1e15 else round(v, 4)


def _find_percents(text: str, sents: _Sentences) -> list[Item]:
    if "%" not in text and "hần trăm" not in text:
        return []
    out: list[Item] = []
    seen: set[int] = set()
    for m in _PCT_MARK.finditer(text):
        p = m.start()
        window = text[max(0, p - 40) : p]
        base = p - len(window)
        b = _PCT_BACK.search(window)
        if not b:
            continue
        try:
            v2 = _num(b.group(2))
            v1 = _num(b.group(1)) if b.group(1) else None
        except ValueError:
            continue
        if (
            v1 is not None
            and v1 <= v2 <= 1000
            and not (v1 >= 1600 and v2 >= 1600)
            and base + b.start(1) not in seen
        ):
            seen.add(base + b.start(1))
            out.append(_pct_item(text, sents, v1, base + b.start(1), m.end()))
        if base + b.start(2) not in seen:
            seen.add(base + b.start(2))
            out.append(_pct_item(text, sents, v2, base + b.start(2), m.end()))
    return out


_WHO_STOP = re.compile(
    r"(?<![\w])(?:đã|được|đạt|có|tham gia|hoàn thành|thực hiện|xây dựng|tổ chức|là|trên|so với)(?![\w])"
)


def _pct_item(text: str, sents: _Sentences, value: float, s: int, e: int) -> Item:
    sent, ss, se = sents.get(s)
    after = text[e:se].lstrip(" )")
    before = text[ss:s]
    who, what = "", ""
    if re.match(
        r"^(?:các|những|cấp|tổ chức|chi bộ|đảng bộ|cán bộ|đảng viên|hộ|xã|người|số|trẻ|học sinh|đơn vị|cơ quan|\w+)",
        after,
    ):
        m = _WHO_STOP.search(after)
        clause = re.split(r"[;:]", after, maxsplit=1)[0]
        if m and m.start() < len(clause):
            who = clause[: m.start()].strip(" ,")
            what = clause[m.start() :].strip(" ,.")
        else:
            who = clause.strip(" ,.")
    if not who:
        clause = re.split(r"[;:(]", before)[-1]
        who = clause.strip(" ,")
    return {
        "value": _clean_value(value),
        "text": sent[:300],
        "who": who[:160],
        "what": what[:160],
        "span": [s, e],
    }


def _find_counts(text: str) -> list[Item]:
    """ "26.472 lượt quần chúng", "12 nhóm Zalo"; a part of a whole, "43/45 đảng viên", is one
    count of 43 with ``of`` 45 (members present out of the roll), not a count of 45."""
    out: list[Item] = []
    for m in _COUNT.finditer(text):
        start, value, of = m.start(), int(m.group(1).replace(".", "")), None
        if start and text[start - 1] in "/ ":
            f = _FRACTION_BACK.search(text, max(0, start - 16), start)
            if f and int(f.group(1).replace(".", "")) <= value:
                start, value, of = f.start(), int(f.group(1).replace(".", "")), value
            elif text[start - 1] == "/":
                continue
        elif start and text[start - 1] in "0123456789.,%":
            continue
        noun = (m.group(2) + m.group(3)).strip()
        item: Item = {
            "value": value,
            "noun": noun,
            "text": text[start : m.end()].strip(),
            "span": [start, m.end()],
        }
        if of is not None:
            item["of"] = of
        out.append(item)
    return out
