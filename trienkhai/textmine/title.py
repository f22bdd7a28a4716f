"""The title of a report: its own title line, not the first line of the page.

A party document opens with a header block (the issuing committee, the national
motto, "Số: 12-BC/ĐU", the place and date), then the document kind in capitals
("BÁO CÁO") and its subject on the next line(s). A web page opens with a print
date ("Thứ Năm, 18/4/2024") and a site name before the headline. :func:`guess_title`
skips all of that and returns "Báo cáo kết quả …" or the headline.
"""

from __future__ import annotations

import re

from trienkhai.textmine.normalize import clean_text, fold

__all__ = ["guess_title"]

MAX_TITLE = 200
_HEAD_LINES = 60  # a title stands in the first lines; never read a whole report for it
_HEAD_CHARS = 12_000
# A letterhead may show a headline-looking line before the kind heading; not many.
_AFTER_HEADLINE = 6

# The kinds of party and state documents, by their folded form (no diacritics, lower case).
_KINDS = {
    fold(k): k
    for k in (
        "Báo cáo",
        "Báo cáo tóm tắt",
        "Báo cáo chính trị",
        "Kế hoạch",
        "Nghị quyết",
        "Chương trình",
        "Chương trình hành động",
        "Hướng dẫn",
        "Kết luận",
        "Chỉ thị",
        "Quy định",
        "Quyết định",
        "Thông báo",
        "Thông tri",
        "Công văn",
        "Tờ trình",
        "Đề án",
        "Đề cương",
        "Biên bản",
        "Diễn văn",
        "Thư",
        "Thư ngỏ",
        "Lời kêu gọi",
        "Tham luận",
    )
}
# Folded; matched anywhere in a line (a scraped letterhead cuts "CỘNG" / "HÒA XÃ HỘI …").
_MOTTOS = (
    "xa hoi chu nghia viet nam",
    "doc lap - tu do",
    "tu do - hanh phuc",
    "tu do hanh phuc",
    "dang cong san viet nam",
)
_WEEKDAY = re.compile(r"(?i)^(?:thứ\s{0,2}(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s{0,2}nhật)(?![\w])")
# A line of nothing but dates, times and their words: "13:53 14/04/2023", "08/11/2024 - 10:23",
# "[Đăng ngày: 17/06/2019]", "Ngày đăng: 08/07/2024 11:38", "(GMT+7)".
_DATE_ONLY = re.compile(
    r"(?i)^[\s\[\](),.:|\-–—/+\d]*(?:(?:ngày(?: đăng| cập nhật)?|cập nhật|đăng ngày|đăng lúc|lúc|"
    r"tháng|năm|giờ|gmt|am|pm|h)[\s\[\](),.:|\-–—/+'\d]*)*$"
)
_NUMBER_LINE = re.compile(r"(?i)^(?:số|so)\s{0,2}[:.]?\s{0,2}\S{0,3}\d")
_PLACE_DATE = re.compile(
    r"(?i)^[^,\d]{2,40},\s{0,2}ngày\s{0,3}[\d.…_ ]{0,6}\s{0,2}tháng\s{0,3}[\d.…_ ]{0,6}\s{0,2}năm\s{0,3}[\d.…_ ]{0,6}\.?$"
)
_MASTHEAD = re.compile(
    r"(?i)^(?:trang thông tin|cổng thông tin|báo điện tử|tạp chí điện tử|lượt xem|kính gửi|nơi nhận)"
)
_SEPARATOR = re.compile(r"^[\s*\-–—_=~.•·]*$")
# Organisation names that open an issuer block: "ĐẢNG ỦY PHƯỜNG BA HÀNG", "Ban Tuyên giáo
# Trung ương", "Văn phòng UBND tỉnh" (folded starts).
_ISSUER_HEADS = (
    "dang bo",
    "dang uy",
    "chi bo",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "ban ",
    "uy ban",
    "ubnd",
    "hdnd",
    "ubmttq",
    "hoi dong",
    "mat tran",
    "so ",
    "bo ",
    "van phong",
    "cong an",
    "doan ",
    "hoi ",
    "trung tam",
    "truong ",
    "hoc vien",
    "vien ",
)
_NOT_ISSUER = ("hoi nghi", "hoi thao", "hoi thi", "hoi dien", "hoi cho", "ban hanh", "so ket", "bo sung")
# Lower-case words inside an organisation's name ("Ban Tuyên giáo Trung ương", "Ủy ban
# nhân dân phường"): any other lower-case word makes the line a sentence or a headline.
_NAME_LOWER = frozenset(
    "giáo vận chức tra kiểm hành chấp thường vụ trị dân nhân quốc tổ xã hội chỉ đạo phòng "
    "ủy uỷ ban tỉnh huyện quận thị trấn phường thành phố khu đảng cơ quan các và khối "
    "trung ương tâm chính văn hóa thông tin truyền mặt trận thanh niên phụ nữ nông cựu chiến binh "
    "liên đoàn lao động sự an ninh".split()
)
_BODY_START = re.compile(
    r"(?i)^(?:căn cứ|thực hiện|kính gửi|nơi nhận|i\.|1\.|[-–—+•]\s|phần thứ|phần [ivx]+|chương [ivx\d]+)"
)
_GOES_ON_WORDS = frozenset(
    "của và với về các cho tại theo đến từ trong ở những số thuộc trên cùng nhằm".split()
)


def _line_of(raw: str) -> str:
    return clean_text(raw).strip(" |\t*")


def _is_issuer(line: str) -> bool:
    """A line that is an organisation's name and nothing more."""
    folded = fold(line)
    if (
        not folded.startswith(_ISSUER_HEADS)
        or folded.startswith(_NOT_ISSUER)
        or len(line) > 80
        or re.search(r"[,.:;!?\"“”]", line)
    ):
        return False
    words = line.split()
    return len(words) <= 10 and all(w[0].isupper() or w[0].isdigit() or w in _NAME_LOWER for w in words)


def _skip(line: str) -> bool:
    """Header-block and page furniture lines: never a title."""
    if _SEPARATOR.match(line) or _WEEKDAY.match(line) or _DATE_ONLY.match(line):
        return True
    folded = fold(line)
    if any(m in folded for m in _MOTTOS) or _NUMBER_LINE.match(line) or _PLACE_DATE.match(line):
        return True
    return bool(_MASTHEAD.match(line)) or _is_issuer(line)


def _kind_at(line: str) -> str | None:
    """The document kind a heading line names ("BÁO CÁO", "Báo cáo:", "K Ế HOẠCH")."""
    folded = fold(line).strip(" .:")
    if folded in _KINDS:
        return _KINDS[folded]
    if len(folded) > 30:
        return None
    squeezed = folded.replace(" ", "")  # letters spaced out for show
    return next((label for k, label in _KINDS.items() if k.replace(" ", "") == squeezed), None)


def _join_subject(kind: str, subject: str) -> str:
    if subject.isupper():
        # all in capitals: lower-casing would also lower the names in it ("BỘ CHÍNH TRỊ")
        return f"{kind.upper()} {subject}"
    words = subject.split(" ")
    first = words[0]
    common = len(first) > 1 and not first.isupper() and (len(words) < 2 or not words[1][:1].isupper())
    if common or fold(first) in ("ve", "viec"):
        subject = first[:1].lower() + subject[1:]
    return f"{kind} {subject}"


def _shorten(title: str) -> str:
    title = title.strip()
    if len(title) <= MAX_TITLE:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE - 1)
    return title[: cut if cut > MAX_TITLE // 2 else MAX_TITLE - 1].rstrip(" ,;:-–") + "…"


def guess_title(text: str) -> str:
    """The title of a report or article, or "" when nothing looks like one.

    The document-kind heading with its subject ("BÁO CÁO" + "Kết quả học tập, quán
    triệt…" → "Báo cáo kết quả học tập, quán triệt…"), or else the first line that is
    not the header block (weekday and date lines, the national motto, "ĐẢNG CỘNG SẢN VIỆT
    NAM", the issuer's name, "Số: …", "Phổ Yên, ngày 5 tháng 3 năm 2024").
    """
    head = text[:_HEAD_CHARS].replace("\\r\\n", "\n").replace("\\n", "\n")
    lines = [ln for ln in (_line_of(raw) for raw in head.splitlines()[: _HEAD_LINES * 3]) if ln]
    headline, headline_at = "", 0
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if headline and (i > headline_at + _AFTER_HEADLINE or len(line) > 120):
            break  # past a letterhead: the body has begun, the headline is the title
        kind = _kind_at(line)
        if kind is not None:
            subject = _subject(lines[i + 1 : i + 6])
            if subject:
                return _shorten(_join_subject(kind, " ".join(subject)))
            if not headline:
                return kind  # "BÁO CÁO" straight before "I. …": the kind says more than the body
        elif not headline and len(line) > 15 and not _skip(line):
            headline, headline_at = line, i
    return _shorten(headline)


def _subject(lines: list[str]) -> list[str]:
    """The subject lines after a kind heading, up to the body."""
    subject: list[str] = []
    for line in lines:
        if _skip(line) or _BODY_START.match(line) or _kind_at(line):
            break
        if subject:
            prev = subject[-1]
            if prev.endswith((".", "!", "?")):
                break
            caps_run = prev.isupper() and line.isupper()
            goes_on = line[0].islower() or prev.endswith(",") or prev.split()[-1] in _GOES_ON_WORDS
            # a subject written over short lines ("… triển khai thực hiện" / "Nghị quyết số
            # 45-NQ/TW …"); a long line, a sentence or a change of case is the body
            short = (
                len(line) <= 100 and not line.endswith((".", ":", ";")) and prev.isupper() == line.isupper()
            )
            if not (caps_run or goes_on or short):
                break
        subject.append(line)
        if sum(map(len, subject)) > MAX_TITLE:
            break
    return subject
