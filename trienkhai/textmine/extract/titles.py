"""Position titles written before a name ("Bí thư Thành ủy Phổ Yên Bùi Văn Lương") or after
it ("…, Ủy viên Ban Thường vụ, Trưởng ban Tuyên giáo Tỉnh ủy")."""

from __future__ import annotations

import re

from trienkhai.textmine.extract.common import _L, _U, LO
from trienkhai.textmine.extract.units import _ORG_RE
from trienkhai.textmine.lexicon import HONORIFICS, POSITION_HEADS, RANKS

_RANK_RE = "|".join(re.escape(r) for r in sorted(RANKS, key=len, reverse=True))
_HON_RE = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
_POS_ALT = "|".join(re.escape(p) for p in sorted(POSITION_HEADS, key=len, reverse=True))
_POS_HEAD = re.compile(
    rf"(?<![\w])(?:(?:nguyên|Nguyên|Quyền|quyền)\s){{0,2}}(?:Phó\s)?(?:{_POS_ALT})(?![\w])"
)
_POS_START = re.compile(
    rf"^(?:(?:nguyên|Nguyên|Quyền|quyền|các|các nguyên)\s){{0,2}}(?:Phó\s)?(?:{_POS_ALT})(?![\w])"
)
_LEFT_RANKS = re.compile(rf"(?:(?:{_RANK_RE})\.?\s?,?\s{{0,2}})+$")
_TERMINATORS = re.compile(
    r"(?<![\w])(?:tại|chủ trì|đồng chủ trì|phát biểu|cho biết|trình bày|(?<!Ban )dự(?! án| thảo| toán| nguồn| bị| báo)|"
    r"tham dự|đã|đang|sẽ|vừa|quán triệt|trao đổi|nhấn mạnh|khẳng định|báo cáo|thông tin|ghi nhận|"
    r"đề nghị|yêu cầu|(?<!Ban )(?<!Ban Chỉ )chỉ đạo|cùng|với|và(?= [{lo}])|làm|lên|tới|về|thăm|trao|tặng|kiểm tra|khai mạc|"
    r"bế mạc|kết luận|giới thiệu|chúc mừng|tiếp|gặp|cho rằng|nêu|nói|chia sẻ|cũng|là|được|bày tỏ|"
    r"nhận định|phát động|ký|nhận|đánh giá|điều hành|trả lời|giải trình|thay mặt|tham gia|làm việc|"
    r"chứng kiến|trực tiếp|truyền đạt|có|đọc|thông qua|tái đắc cử|đắc cử|đến|từ|trong|khi|để|"
    r"nhằm|theo|phụ trách|lưu ý|mong muốn|tin tưởng|đề xuất|kiến nghị|cảm ơn|biểu dương|"
    r"trân trọng|gửi|tuyên bố|chủ động|khảo sát|dẫn đầu|và các|hướng dẫn|quán|năm \d|ngày|sáng|chiều|tối)(?![\w])"
    r"|[_\"“”]|\s-\s|\s–|–\s|\(\d|\d{1,2}h\d\d".replace("{lo}", LO)
)
_HARD_LEFT = re.compile(
    rf"[.!?;:\n\"“”(\[]|(?<![\w])(?:có|của|cùng|với|gồm|là|nghe|mời|thay mặt)\s|(?<![\w])và\s(?={_L})"
)
_AFTER_OPEN = re.compile(r"^\s{0,2}(?:\([^()\n]{1,60}\)\s{0,2})?(?:,|\s[-–—]\s?|[–—]|\s?–)\s{0,2}")
_ELECTED = re.compile(
    r"^\s{1,2}(?:tái đắc cử|đắc cử|được bầu (?:giữ chức|làm)?|giữ chức|được bổ nhiệm (?:giữ chức|làm)?)\s{1,2}"
)


def _cut_title(seg: str) -> tuple[str, bool]:
    m = _TERMINATORS.search(seg)
    if m and m.start() > 0:
        return seg[: m.start()].rstrip(" ,.;:-–"), True
    if m:
        return "", True
    return seg.rstrip(" ,.;:-–"), False


def _strip_paren(title: str) -> str:
    # keep "(Ban Tuyên giáo Trung ương)" but drop an open or non-organisation parenthesis
    i = title.find("(")
    if i < 0:
        return title
    j = title.find(")", i)
    inner = title[i + 1 : j] if j > 0 else title[i + 1 :]
    if j < 0 or not _ORG_RE.match(inner) or any(ch.isdigit() for ch in inner):
        return title[:i].rstrip(" ,")
    return title[: j + 1]


_ORG_CONT = re.compile(rf"{_U}[^,;:()]{{0,40}}? và {_U}")


def _org_continuation(seg: str) -> bool:
    """The rest of an organisation name cut by a comma or a dash ("…, Thể thao và
    Du lịch", "… - Thương binh và Xã hội")."""
    return bool(_ORG_CONT.match(seg)) and not _POS_HEAD.search(seg) and not _ORG_RE.match(seg)


def _titles_after(text: str, raw: str, end: int) -> list[str]:
    tail = text[end : end + 320]
    m = _AFTER_OPEN.match(tail)
    if not m:
        m2 = _ELECTED.match(tail)
        if not m2:
            return []
        rest = tail[m2.end() :]
        base = end + m2.end()
        stop = re.search(r"[;.\n:!?]", rest)
        seg = rest[: stop.start()] if stop else rest
        seg = re.split(r",", seg)[0]
        if not _POS_START.match(seg):
            return []
        joiner = re.search(r"(?<![\w])(?:tại|với|trong|và(?= [a-zđ]))(?![\w])", seg)
        seg = seg[: joiner.start()] if joiner else seg
        seg = seg.rstrip(" ,")
        return [raw[base : base + len(seg)]] if seg else []
    base = end + m.end()
    rest = tail[m.end() :]
    stop = re.search(r"[;\n:!?]|\.(?!\w)|\.\s", rest)
    rest = rest[: stop.start()] if stop else rest
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in re.split(r"(,|\s[-–—]\s?|–)", rest):
        if piece in (",",) or re.fullmatch(r"\s[-–—]\s?|–", piece or ""):
            pos += len(piece)
            continue
        lead = len(piece) - len(piece.lstrip())
        seg = piece.strip()
        if not seg:
            pos += len(piece)
            continue
        cont = False
        if not _POS_START.match(seg):
            if not spans or not _org_continuation(seg):
                break
            cont = True
        if seg.startswith("các "):
            break
        cut, was_cut = _cut_title(seg)
        cut = _strip_paren(cut)
        if cut:
            s = base + pos + lead
            if cont:
                spans[-1] = (spans[-1][0], s + len(cut))
            else:
                spans.append((s, s + len(cut)))
        if was_cut or cut != seg.rstrip(" ,.;:-–"):
            break
        pos += len(piece)
    return [raw[a:b] for a, b in spans]


def _titles_before(text: str, raw: str, start: int, stop_at: int) -> list[str]:
    """Position titles written right before a name starting at ``start``."""
    lo = max(stop_at, start - 220)
    window = text[lo:start]
    # cut at the last hard boundary
    cut = 0
    for hard in _HARD_LEFT.finditer(window):
        cut = hard.end()
    hon = None
    for h in re.finditer(rf"(?<![\w])(?:{_HON_RE})\s", window):
        if h.end() > cut:
            hon = h.end()
    if hon:
        cut = max(cut, hon)
    seg_text = window[cut:]
    base = lo + cut
    # ranks and degrees right before the name are not titles
    r = _LEFT_RANKS.search(seg_text)
    if r:
        seg_text = seg_text[: r.start()]
    titles: list[str] = []
    pieces = re.split(r"(,|\s[-–—]\s)", seg_text)
    offs = []
    p = 0
    for piece in pieces:
        offs.append(p)
        p += len(piece)
    idx = len(pieces) - 1
    first = True
    pending_end = None
    while idx >= 0:
        piece = pieces[idx]
        if piece == "," or re.fullmatch(r"\s[-–—]\s", piece):
            idx -= 1
            continue
        seg = piece.strip()
        if not seg:
            if first:
                return []
            break
        m = _POS_HEAD.search(piece)
        if not m:
            if pending_end is None and _org_continuation(seg) and not _TERMINATORS.search(seg):
                # "Giám đốc Sở Văn hóa, Thể thao và Du lịch": one organisation, not two positions
                pending_end = base + offs[idx] + len(piece.rstrip(" ,"))
                idx -= 1
                continue
            break
        pre = piece[: m.start()].strip()
        title = piece[m.start() :].strip()
        if _TERMINATORS.search(title):
            break
        title = title.rstrip(" ,")
        s = base + offs[idx] + m.start()
        e = s + len(title)
        if pending_end is not None:
            e, pending_end = pending_end, None
        titles.append(raw[s:e])
        first = False
        if pre and pre not in ("các", "các vị", "các nguyên"):
            break
        idx -= 1
    titles.reverse()
    return titles


_COLON_INTRO = re.compile(r"(?:đồng chí|đại biểu|gồm|gồm có|có|là|vị|ông|bà)\s{0,2}$")


def _colon_intro(text: str, raw: str, colon: int, last_end: int) -> bool:
    """A colon that opens a list of people: "các đồng chí:", "Thứ trưởng, Phó Chủ nhiệm:"."""
    before = text[max(0, colon - 40) : colon]
    if _COLON_INTRO.search(before):
        return True
    return bool(_titles_before(text, raw, colon, max(last_end, 0)))
