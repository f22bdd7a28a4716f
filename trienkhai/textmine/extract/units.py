"""Mentions of bodies read without a unit list: a kind word ("Ban", "Ủy ban nhân dân",
"Chi bộ") and the whole name after it; a generic kind word with nothing named is not one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from trienkhai.textmine.extract.common import Item

_ORG_HEADS = (
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Chỉ đạo",
    "Ban chỉ đạo",
    "BCĐ",
    "Ban",
    "Ủy ban nhân dân",
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban Kiểm tra",
    "Ủy ban",
    "UBND",
    "HĐND",
    "Hội đồng nhân dân",
    "UBMTTQ",
    "MTTQ",
    "Mặt trận Tổ quốc",
    "Thành ủy",
    "Tỉnh ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Chi bộ",
    "Sở",
    "Bộ",
    "Cục",
    "Vụ",
    "Học viện",
    "Viện",
    "Hội",
    "Đoàn Thanh niên",
    "Văn phòng",
    "Trung tâm",
    "Công an",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Báo",
    "Đài Phát thanh",
    "Tạp chí",
)
# A mention is a head followed by its name: capitalised words ("Ban Tuyên giáo Tỉnh ủy"),
# the lower-case syllables of the compounds organisation names are made of ("Tuyên giáo",
# "Cựu chiến binh"), a level ("Ủy ban nhân dân thành phố Phổ Yên"), a number ("Ban Chỉ đạo
# 35", "Chi bộ Tổ dân phố số 3"). Any other lower-case word ends the name: it is where the
# sentence goes on ("Đảng ủy phường | tổ chức hội nghị").
_ORG_COMPOUNDS = frozenset(
    """tuyên giáo|dân vận|tổ chức|kiểm tra|thường vụ|thường trực|chấp hành|bí thư|chỉ đạo|chính trị|
nội chính|tài chính|văn hóa|thể thao|du lịch|kế hoạch|đầu tư|ngoại giao|nội vụ|tư pháp|công an|
quốc phòng|quân sự|an ninh|lao động|thương binh|xã hội|giáo dục|đào tạo|y tế|khoa học|công nghệ|
thông tin|truyền thông|tài nguyên|môi trường|xây dựng|giao thông|vận tải|nông nghiệp|phát triển|
nông thôn|công thương|thanh tra|tuyên truyền|truyền hình|phát thanh|thanh niên|cộng sản|phụ nữ|
liên hiệp|nông dân|cựu chiến binh|cựu thanh niên xung phong|mặt trận|tổ quốc|trung ương|trung tâm|
văn phòng|kiểm sát|nhân dân|doanh nghiệp|hội đồng|khu vực|bảo hiểm|kho bạc|nghiên cứu|chiến lược|
chính sách|dân tộc|tôn giáo|thi đua|khen thưởng|biên phòng|cảnh sát|hành chính|tỉnh ủy|thành ủy|
huyện ủy|quận ủy|thị ủy|đảng ủy|đảng bộ|chi bộ|chữ thập đỏ|người cao tuổi|khuyến học|luật sư|nhà báo|
văn nghệ|văn học nghệ thuật|nghệ thuật|công đoàn|liên đoàn|liên đoàn lao động|học viện|chính phủ|quốc hội|
cơ quan|dân chủ|pháp luật|bưu điện|điện lực|ngân hàng|kinh tế|hạ tầng|quy hoạch|đô thị|quản lý|
đất đai|thủy lợi|lâm nghiệp|thủy sản|công nghiệp|thương mại|ủy ban|mặt trận tổ quốc|tuyên huấn|
giám sát|kỷ luật|cán sự|đối ngoại|hậu cần|kỹ thuật|tham mưu|khối các cơ quan|khối cơ quan|
khối doanh nghiệp|dân quân|tự vệ|sinh viên|học sinh|thiếu niên|nhi đồng|cải cách|thống kê|
lịch sử""".replace("\n", "").split("|")
)
# Levels of the administration: "Đảng ủy phường", "Ủy ban nhân dân thành phố Phổ Yên",
# "Ban Tuyên giáo huyện ủy" (written in lower case); and "nhân dân" after a name
# ("Học viện Cảnh sát nhân dân").
_ORG_LEVELS = (
    "thành phố",
    "thị xã",
    "thị trấn",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "thị ủy",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "nhân dân",
)
# Words written lower case right after "Ban" / "Ủy ban" that name the body ("Ủy ban kiểm
# tra Huyện ủy", "Ban chấp hành Trung ương"); after any other head a lower-case word is
# the sentence going on ("Đảng ủy tổ chức").
_ORG_LOWER_BODIES = {
    "Ban": ("chấp hành", "thường vụ", "tuyên giáo", "dân vận", "tổ chức", "nội chính", "bí thư"),
    "Ủy ban": ("kiểm tra",),
}
# Places below a commune name nothing without their name or number: "Chi bộ Tổ dân phố
# số 3", "Chi bộ thôn Đồng Xe"; "Chi bộ Tổ dân phố" alone is a fragment. So with "các cơ
# quan" ("Đảng ủy các cơ quan Đảng tỉnh").
_ORG_NEED_NAME = tuple(
    p
    for w in (
        "các cơ quan",
        "tổ dân phố",
        "tổ dân cư",
        "khu dân cư",
        "khu công nghiệp",
        "cụm công nghiệp",
        "khu phố",
        "thôn",
        "xóm",
        "ấp",
        "bản",
        "khu",
        "tổ",
    )
    for p in (w, w[0].upper() + w[1:])
)
# Heads that name one body on their own, or the writer's own committee ("Thành ủy" in a
# ward's report is the city's): offered bare. Every other head ("Hội", "Báo", "Sở",
# "Chi bộ") needs a name after it.
_ORG_SELF_NAMED = frozenset(
    (
        "Ban Chấp hành Trung ương",
        "Ban Chấp hành",
        "Ban Thường vụ",
        "Ban Bí thư",
        "Bộ Chính trị",
        "Ban Chỉ đạo",
        "Ban chỉ đạo",
        "BCĐ",
        "Ủy ban nhân dân",
        "Ủy ban Mặt trận Tổ quốc",
        "Ủy ban Kiểm tra",
        "UBND",
        "HĐND",
        "Hội đồng nhân dân",
        "UBMTTQ",
        "MTTQ",
        "Mặt trận Tổ quốc",
        "Thành ủy",
        "Tỉnh ủy",
        "Huyện ủy",
        "Quận ủy",
        "Thị ủy",
        "Đảng ủy",
        "Đoàn Thanh niên",
        "Tòa án nhân dân",
        "Viện kiểm sát nhân dân",
        "Đài Phát thanh",
    )
)


_ORG_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(h) for h in sorted(_ORG_HEADS, key=len, reverse=True)) + r")(?![\w])"
)
# _ORG_RE without its look-behind, which would cost the scan its literal-prefix search
_ORG_HEAD_SCAN = re.compile(
    "(?:" + "|".join(re.escape(h) for h in sorted(_ORG_HEADS, key=len, reverse=True)) + r")(?![\w])"
)
_ORG_WORD = re.compile(r" (\w+)")
_ORG_STOP = frozenset({"Tại", "Về", "Theo", "Ngày", "Sáng", "Chiều", "Các", "Những"})


def _by_first_word(phrases: Iterable[str]) -> dict[str, tuple[str, ...]]:
    # phrases looked up by the word at hand, longest first: one dict probe per word
    table: dict[str, list[str]] = {}
    for p in sorted(phrases, key=len, reverse=True):
        table.setdefault(p.split(" ")[0], []).append(p)
    return {k: tuple(v) for k, v in table.items()}


_ORG_NEED_NAME_AT = _by_first_word(_ORG_NEED_NAME)
_ORG_LEVELS_AT = _by_first_word(_ORG_LEVELS)
_ORG_LOWER_BODIES_AT = {head: _by_first_word(bodies) for head, bodies in _ORG_LOWER_BODIES.items()}
_ORG_COMPOUND_FIRSTS = frozenset(c.split(" ")[0] for c in _ORG_COMPOUNDS)


def _phrase_at(text: str, pos: int, word: str, table: dict[str, tuple[str, ...]]) -> int:
    """The end of the longest phrase of ``table`` written at ``pos`` (where ``word``
    starts) as whole words, or -1."""
    for p in table.get(word, ()):
        if text.startswith(p, pos):
            end = pos + len(p)
            if end == len(text) or not text[end].isalnum():
                return end
    return -1


def _compound_end(text: str, start: int, end: int) -> int:
    """The end of the compound a capitalised word opens: "Tuyên" → "Tuyên giáo",
    "Cựu" → "Cựu chiến binh", "Khối" → "Khối các cơ quan"; ``end`` when it opens none."""
    first = text[start:end].lower()
    if first not in _ORG_COMPOUND_FIRSTS:
        return end
    words = [first]
    best, pos = end, end
    for _ in range(3):
        w = _ORG_WORD.match(text, pos)
        if not w or not w.group(1).islower():
            break
        words.append(w.group(1))
        pos = w.end()
        if " ".join(words) in _ORG_COMPOUNDS:
            best = pos
    return best


def _org_name_end(text: str, head: str, pos: int) -> int:
    """Where the name that follows ``head`` (ending at ``pos``) ends, or -1 when the
    mention is a fragment: a generic head ("Hội", "Báo", "Chi bộ") with nothing named."""
    end = pos
    named = head in _ORG_SELF_NAMED
    last = "head"  # the kind of the last token taken: head, name, level, sublevel
    before_sub = (end, named)  # where to cut back to when a sub-level stays unnamed
    for _ in range(10):
        w = _ORG_WORD.match(text, end)
        if not w:
            break
        word, ws = w.group(1), w.start(1)
        compound = _compound_end(text, ws, w.end()) if word[0].isupper() else w.end()
        if (
            compound == w.end()
            and last != "sublevel"
            and (sub := _phrase_at(text, ws, word, _ORG_NEED_NAME_AT)) > 0
        ):
            # "Tổ dân phố", "thôn", "tổ": kept only if a name or number follows
            before_sub, end, last = (end, named), sub, "sublevel"
            continue
        if last == "head" and (body := _phrase_at(text, ws, word, _ORG_LOWER_BODIES_AT.get(head, {}))) > 0:
            end, named, last = body, True, "name"
            continue
        taken = _name_word(text, w, compound, last)
        if taken is None:
            break
        # (a "và" goes on only after a name, which has already made the mention named)
        end, last = taken
        named = True
    if last == "sublevel":
        end, named = before_sub
    return end if named else -1


def _name_word(text: str, w: re.Match[str], compound: int, last: str) -> tuple[int, str] | None:
    """The word ``w`` as part of a name after its head: where it ends and what it is ("name",
    "level"; ``last`` again for the "và" inside one name), or None where the name has ended.
    ``compound`` is where the compound a capitalised word opens ends."""
    word = w.group(1)
    first = word[0]
    if first.isupper():
        if word in _ORG_STOP or (word == "Đồng" and text.startswith(" chí", w.end())):
            return None  # a new part of the sentence: "… Tại hội nghị", "… Đồng chí Nguyễn Văn An"
        return compound, "name"
    if first.isdigit():
        return (w.end(), "name") if len(word) <= 4 and word.isdigit() else None
    if word == "số":
        n = _ORG_WORD.match(text, w.end())
        return (n.end(), "name") if n and n.group(1).isdigit() and len(n.group(1)) <= 4 else None
    if word == "và":
        after = _and_goes_on(text, w, last)
        return (after, last) if after > 0 else None
    if last in ("head", "name") and (lev := _phrase_at(text, w.start(1), word, _ORG_LEVELS_AT)) > 0:
        return lev, "level"
    return None


def _and_goes_on(text: str, w: re.Match[str], last: str) -> int:
    """Where a name goes on after "và" ("Sở Giáo dục và Đào tạo"), or -1: "Ban Tuyên giáo và Ủy
    ban …" is two bodies (the word after "và" must open a compound: "Đào tạo", "Xã hội", "Du
    lịch")."""
    n = _ORG_WORD.match(text, w.end())
    if last != "name" or not n or not n.group(1)[0].isupper() or _ORG_RE.match(text, n.start(1)):
        return -1
    after = _compound_end(text, n.start(1), n.end())
    return -1 if after == n.end() else after


def _find_org_mentions(text: str) -> list[Item]:
    out: list[Item] = []
    last_end = -1
    for m in _ORG_HEAD_SCAN.finditer(text):
        st = m.start()
        if st < last_end or (st and text[st - 1].isalnum()):
            continue  # a head inside the name just taken ("Ban Thường vụ Tỉnh ủy"), or a word's tail
        end = _org_name_end(text, m.group(0), m.end())
        if end < 0:
            continue
        name = text[st:end]
        out.append({"name": name, "text": name, "span": [st, end], "typo": False})
        last_end = end
    return out
