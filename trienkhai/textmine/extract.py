"""Pull the facts out of a Vietnamese narrative report.

:func:`extract` reads one text and returns an :class:`Extraction`: the
documents it cites (with their issue dates), the people it names (with their
positions), percentages, calendar dates, terms of office, congress and plenum
references, counts, forms and channels of propaganda, proposals, concerns,
lessons and organisation mentions.

Before extracting, the text is cleaned (:mod:`trienkhai.textmine.clean`):
NFC, modern tone placement, folded spaces, escaped line breaks, the debris of
a saved web page, captions printed twice. **All spans are offsets into the
cleaned text** (``Extraction.text``); ``Extraction.to_original(offset)`` maps
an offset back to the input (exact at line starts).

The rules are general (word lists of positions, ranks, family names; the
layout of document headers) and run in linear time: every regex is a flat
sequence of bounded repeats, and context windows are of fixed size.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from trienkhai.textmine.clean import Prepared, prepare
from trienkhai.textmine.codes import find_codes
from trienkhai.textmine.lexicon import (
    FAMILY_NAMES,
    HONORIFICS,
    MIDDLE_NAMES,
    NEVER_IN_NAME,
    NOT_NAME_FIRST,
    PLACE_BEFORE_NAME,
    POSITION_HEADS,
    PROVINCES,
    RANKS,
    THING_BEFORE_NAME,
)
from trienkhai.textmine.normalize import fold
from trienkhai.textmine.typos import find_typos

# One finding as the reader hands it out: plain data, JSON-ready.
Item = dict[str, Any]

__all__ = ["Extraction", "extract"]


def _letters(pred: Callable[[str], bool]) -> str:
    chars = []
    for cp in (
        list(range(0x41, 0x5B))
        + list(range(0x61, 0x7B))
        + list(range(0xC0, 0x250))
        + list(range(0x1EA0, 0x1EFA))
    ):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if (base.isascii() and base.isalpha()) or ch in "ĐđƠơƯư":
            if pred(ch):
                chars.append(ch)
    return "".join(chars)


UP = _letters(str.isupper)
LO = _letters(str.islower)
_U = f"[{UP}]"
_L = f"[{LO}]"

# ---------------------------------------------------------------- dates
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

# ---------------------------------------------------------------- percents
_NUMBER = r"\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{1,12}(?:[.,]\d{1,6})?"
_PCT_MARK = re.compile(r"%|(?<![\w])[pP]hần trăm(?![\w])")
_PCT_BACK = re.compile(
    rf"(?:(?<![\d.,/])({_NUMBER})\s?%?\s{{0,3}}(?:-|–|—|đến|tới)\s{{0,3}})?(?<![\d.,])({_NUMBER})\s?$"
)

# ---------------------------------------------------------------- terms, congresses
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

# ---------------------------------------------------------------- counts, channels
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
_CHANNELS: list[tuple[str, tuple[str, ...]]] = [
    ("truc_tiep_ket_hop_truc_tuyen", ("trực tiếp kết hợp trực tuyến", "trực tiếp kết hợp với trực tuyến")),
    (
        "truc_tiep",
        (
            "hình thức trực tiếp",
            "họp trực tiếp",
            "tổ chức trực tiếp",
            "học tập trực tiếp",
            "tuyên truyền trực tiếp",
            "gặp gỡ trực tiếp",
            "đối thoại trực tiếp",
        ),
    ),
    ("truc_tuyen", ("trực tuyến", "online", "điểm cầu")),
    ("zoom", ("Zoom",)),
    ("teams", ("Teams",)),
    ("zalo", ("Zalo",)),
    ("facebook", ("Facebook", "Fanpage", "fanpage")),
    ("youtube", ("YouTube", "Youtube")),
    ("tiktok", ("TikTok", "Tiktok")),
    ("google_meet", ("Google Meet",)),
    ("email", ("email", "Email", "e-mail", "thư điện tử")),
    (
        "website",
        (
            "website",
            "Website",
            "cổng thông tin điện tử",
            "Cổng thông tin điện tử",
            "trang thông tin điện tử",
            "Trang thông tin điện tử",
        ),
    ),
    ("mang_xa_hoi", ("mạng xã hội",)),
    ("ung_dung", ("ứng dụng",)),
    (
        "in_phat_tai_lieu",
        (
            "in, phát tài liệu",
            "in phát tài liệu",
            "in ấn tài liệu",
            "phát hành tài liệu",
            "cấp phát tài liệu",
        ),
    ),
    ("tai_lieu", ("tài liệu",)),
    ("hoi_nghi", ("hội nghị", "Hội nghị")),
    ("toa_dam", ("tọa đàm", "Tọa đàm")),
    ("hoi_thao", ("hội thảo", "Hội thảo")),
    ("hoi_thi", ("hội thi", "cuộc thi")),
    ("loa_truyen_thanh", ("loa truyền thanh", "loa phát thanh", "đài truyền thanh", "hệ thống loa")),
    ("bao_chi", ("báo chí", "phương tiện thông tin đại chúng", "báo, đài")),
    ("truyen_hinh", ("truyền hình",)),
    ("pano_ap_phich", ("pano", "pa-nô", "áp phích", "băng rôn", "khẩu hiệu")),
    ("to_roi", ("tờ rơi", "tờ gấp")),
    ("tin_nhan", ("tin nhắn", "SMS")),
    ("sinh_hoat_chi_bo", ("sinh hoạt chi bộ",)),
    ("tuyen_truyen_mieng", ("tuyên truyền miệng",)),
    ("tu_hoc", ("tự học", "tự nghiên cứu")),
    ("chuyen_de", ("sinh hoạt chuyên đề", "chuyên đề")),
]

_CHANNELS_ALL = [
    (slug, tuple(dict.fromkeys([p for ph in phrases for p in (ph, ph[:1].upper() + ph[1:])])))
    for slug, phrases in _CHANNELS
]

# ---------------------------------------------------------------- proposals, concerns, lessons
_PROPOSAL = re.compile(r"([đĐ]ề nghị|[kK]iến nghị|[đĐ]ề xuất)(?!\w)")
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

# ---------------------------------------------------------------- organisations
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

# ---------------------------------------------------------------- persons
_SYL = rf"(?:{_U}{_L}{{0,7}}|H'{_U}?{_L}{{1,7}})"
_RUN = re.compile(rf"(?:{_U}(?<![\w'./\-_]{_U}){_L}{{0,7}}|H'{_U}?{_L}{{1,7}})(?: {_SYL}){{1,7}}(?![\w'])")
_CAPS_BYLINE = re.compile(
    rf"(?m)^({_U}{{1,7}}(?: {_U}{{1,7}}){{1,3}})(?:\s{{0,2}}(\((?:thực hiện|lược ghi|ghi|tổng hợp|lược thuật)\))|[ \t]*$)"
)
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
_LEFT_HON = re.compile(rf"(?<![\w])(?:{_HON_RE})(?:\s{{1,2}}(?:{_RANK_RE})\.?,?)*\s{{1,2}}$")
_LEFT_PHOTO = re.compile(
    r"(?i)(?:ảnh|bài và ảnh|bài, ảnh|bài ảnh|tin, ảnh|tin và ảnh|tác giả|bài|video|clip|nguồn ảnh|đồ họa)\s{0,2}[:\-–]\s{0,2}$"
)
_LEFT_MANG_TEN = re.compile(r"(?i)mang tên\s{1,2}(?:(?:Chủ tịch|Bác|lãnh tụ|đồng chí)\s{1,2})?$")
_THING_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(t) for t in sorted(THING_BEFORE_NAME, key=len, reverse=True))
    + r")\s{1,2}$"
)
_PLACE_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(t) for t in sorted(PLACE_BEFORE_NAME, key=len, reverse=True))
    + r")\s{1,2}$"
)
_LEAD_HON = frozenset("Ông Bà Cụ Anh Chị Bác Chú Cô Thầy Em Cháu".split())
_FAMOUS_THING_NAMES = {
    "hồ chí minh",
    "các mác",
    "lênin",
    "võ thị sáu",
    "lê quý đôn",
    "trần phú",
    "nguyễn du",
    "lê lợi",
    "trần hưng đạo",
    "nguyễn trãi",
    "quang trung",
}
_HCM_CUE = re.compile(r"(?:Chủ tịch|Bác|Người|lãnh tụ|Lãnh tụ|đồng chí|Đồng chí|Chủ tịch nước)\s{1,2}$")
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


@dataclass
class Extraction:
    """Everything found in one text. Spans are offsets into ``text`` (the
    cleaned text); use :meth:`to_original` for offsets in the input."""

    text: str
    doc_refs: list[Item] = field(default_factory=list)
    persons: list[Item] = field(default_factory=list)
    percents: list[Item] = field(default_factory=list)
    dates: list[Item] = field(default_factory=list)
    terms: list[Item] = field(default_factory=list)
    congress_refs: list[Item] = field(default_factory=list)
    counts: list[Item] = field(default_factory=list)
    channels: list[Item] = field(default_factory=list)
    proposals: list[Item] = field(default_factory=list)
    concerns: list[Item] = field(default_factory=list)
    lessons: list[Item] = field(default_factory=list)
    units: list[Item] = field(default_factory=list)
    # probable typos in names of bodies and documents ("Bản Chỉ đạo35"): ``typos.find_typos``
    typos: list[Item] = field(default_factory=list)
    prepared: Prepared | None = field(default=None, repr=False)

    FIELDS = (
        "doc_refs",
        "persons",
        "percents",
        "dates",
        "terms",
        "congress_refs",
        "counts",
        "channels",
        "proposals",
        "concerns",
        "lessons",
        "units",
        "typos",
    )

    def to_original(self, offset: int) -> int:
        return self.prepared.to_original(offset) if self.prepared else offset

    def to_dict(self, source: str | None = None) -> Item:
        out: Item = {}
        if source is not None:
            out["source"] = source
        for name in self.FIELDS:
            out[name] = [dict(item) for item in getattr(self, name)]
        out["spans_refer_to"] = "cleaned_text"
        return out


# ====================================================================== helpers
class _Sentences:
    """Sentence boundaries of a text (for 'the sentence containing X')."""

    _END = re.compile(r"(?<=[.!?])\s|\n")

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in self._END.finditer(text)]

    def bounds(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``, clipped to 600 characters either side
        (a text without punctuation must not make every lookup linear)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        s = self.starts[i]
        e = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return max(s, pos - 600), min(e, pos + 600)

    def get(self, pos: int) -> tuple[str, int, int]:
        s, e = self.bounds(pos)
        return self.text[s:e].strip(), s, e


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


def _num(s: str) -> float:
    s = s.strip()
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    return float(s)


def _clean_value(v: float) -> float | int:
    return int(v) if v == int(v) and abs(v) < 1e15 else round(v, 4)


# ====================================================================== dates
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


# ====================================================================== percents
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


# ====================================================================== doc refs
_AFTER_CODE = re.compile(
    r"^[\s,(]{0,6}(?:(?:được\s{1,2})?ban hành\s{1,2}|(?:ký\s{1,2})?)(?:vào\s{1,2})?(?i:ngày)\s{0,2}:?\s{0,2}"
)
_AFTER_CODE_OF = re.compile(
    rf"^\s{{0,3}},?\s{{0,3}}của(?:\s{{1,2}}(?!về\b)[{UP}{LO}]{{1,8}}){{1,9}}\s{{0,2}},?\s{{0,3}}(?i:ngày)\s{{1,2}}"
)
_ISSUED_VERB = re.compile(r"(?<![\w])(?:ban hành|ký ban hành|ký|phát hành|ra)(?![\w])")
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
    if not _ISSUED_VERB.search(between):
        return None
    date: str = by_start[ds]["date"]
    return date


# ====================================================================== terms, congress
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


# ====================================================================== counts, channels
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


def _find_channels(text: str) -> list[Item]:
    out: list[Item] = []
    for slug, phrases in _CHANNELS_ALL:
        first, first_phrase, count = -1, "", 0
        for ph in phrases:
            i = text.find(ph)
            while i >= 0:
                j = i + len(ph)
                if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
                    break
                i = text.find(ph, i + 1)
            if i < 0:
                continue
            count += text.count(ph)
            if first < 0 or i < first:
                first, first_phrase = i, ph
        if first >= 0:
            out.append(
                {
                    "channel": slug,
                    "text": text[first : first + len(first_phrase)],
                    "span": [first, first + len(first_phrase)],
                    "count": count,
                }
            )
    out.sort(key=lambda c: c["span"][0])
    return out


# ====================================================================== proposals, concerns, lessons
# A request is "<sender> đề nghị <addressee>[, <addressee>] <what>": the verb must be followed by
# a body ("kiến nghị của Thành ủy" is about a request, "đề xuất giải pháp" is not addressed),
# named in full (a unit mention starts there) or relative to the writer: "Thành ủy", "cấp trên",
# "Ban Thường vụ", "Ban Tuyên giáo Thành ủy". Which unit a relative name is depends on the tree
# and is the import screen's business; what is a request, and what it asks, is decided here once
# for the command line and the screen alike.
ASK = re.compile(r"(?i)(?<!\w)(đề nghị|kiến nghị|đề xuất)(?:\s+(?:với|lên|gửi))?\s+")
_JOIN = re.compile(r"\s*(?:,|và|;)?\s*")
KIND_WORD = r"(?P<kind>Trung ương|Tỉnh ủy|Thành ủy|Thị ủy|Huyện ủy|Quận ủy|Đảng ủy(?:\s+(?:phường|xã))?)"
# Bare: no proper name follows ("Thành ủy Sông Công" names a committee, it is not the writer's own).
_BARE = r"(?!\s+[A-ZĐÀ-Ỹ0-9])(?!\w)"
# The bodies of a committee: its standing bodies (the committee itself between plenums) and
# its departments ("Ban Tuyên giáo", "Ủy ban Kiểm tra", "Văn phòng").
_BODY = r"(?P<dept>Ban Thường vụ|Thường trực|Ban Chấp hành|(?:Ban|Ủy ban|Văn phòng)(?:\s+\w+){1,5}?)"
PARENT = re.compile(r"(?:các\s+)?(?:cấp ủy\s+)?cấp trên(?:\s+trực tiếp)?(?!\w)", re.IGNORECASE)
BODY_OF_KIND = re.compile(_BODY + r"\s+(?:Đảng bộ\s+)?" + KIND_WORD + _BARE)
BODY_BEFORE_NAME = re.compile(_BODY + r"\s+(?:Đảng bộ\s+)?")
STANDING_BARE = re.compile(r"(?P<dept>Ban Thường vụ|Thường trực)" + _BARE)
COMMITTEE = re.compile(KIND_WORD + _BARE)


def cap(s: str) -> str:
    s = s.strip(" ,:;")
    return s[:1].upper() + s[1:]


# A request sent down names a group of the writer's lower bodies, or one department of each:
# "các chi bộ", "các đảng ủy trực thuộc", "các tổ chức chính trị - xã hội của tỉnh", "Ban Tuyên
# giáo các huyện, thị, thành phố", "Tuyên huấn các đảng ủy trực thuộc Tỉnh ủy".
_PLACE_WORD = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|thị|xã|phường|thôn|xóm|tổ dân phố|khu phố)(?!\w)"
_GROUP_HEAD = (
    r"(?i:sở, ban, ngành|ban, ngành|phòng, ban|chi bộ|đảng bộ|đảng ủy|cấp ủy|tổ chức cơ sở đảng"
    r"|tổ chức đảng|ban cán sự đảng|đảng đoàn|(?:tổ chức|đoàn thể) chính trị\s*[-–]\s*xã hội|đoàn thể"
    r"|cơ quan|đơn vị|địa phương)(?!\w)(?:\s+(?i:cơ sở|bộ phận|chức năng|có liên quan|liên quan)(?!\w))?"
)
_LOWER_GROUP = re.compile(
    r"(?i:các)\s+(?:"
    rf"{_PLACE_WORD}(?:\s*,\s*{_PLACE_WORD}|\s+và\s+{_PLACE_WORD})*"
    rf"|{_GROUP_HEAD}(?:\s*,\s*{_GROUP_HEAD}|\s+và\s+{_GROUP_HEAD})*"
    r")"
    rf"(?:\s+(?:(?:trực thuộc|thuộc)\s+{KIND_WORD}{_BARE}|(?:của\s+)?{_PLACE_WORD}|trực thuộc))?"
)
_DEPT_OF_GROUP = re.compile(
    r"Ban Thường vụ|Thường trực|Tuyên huấn|(?:Ban|Ủy ban|Văn phòng)(?:\s+(?!(?:và|với|cùng)(?!\w))\w+){1,5}?"
)


def _addressee_at(text: str, pos: int, named: dict[int, int]) -> tuple[int, bool] | None:
    """Where the body named at ``pos`` ends, and whether it is named relative to the writer;
    ``named`` holds the unit mentions (start → end). A group of lower bodies, or a department
    of each ("Ban Tuyên giáo các huyện"), is one addressee, named relative to the writer."""
    group = _LOWER_GROUP.match(text, pos)
    if group:
        return group.end(), True
    for gap in re.finditer(r"\s+(?=(?i:các)\s)", text[pos : pos + 60]):
        body_end = pos + gap.start()
        if named.get(pos) == body_end or _DEPT_OF_GROUP.fullmatch(text, pos, body_end):
            group = _LOWER_GROUP.match(text, pos + gap.end())
            if group:
                return group.end(), True
    if pos in named:
        return named[pos], False
    m = PARENT.match(text, pos)
    if m:
        return m.end(), True
    for start in range(pos + 1, min(pos + 81, len(text))):
        if start in named and BODY_BEFORE_NAME.fullmatch(text, pos, start):
            return named[start], True
    for rx in (BODY_OF_KIND, STANDING_BARE, COMMITTEE):
        m = rx.match(text, pos)
        if m:
            return m.end(), True
    return None


def _find_proposals(text: str, sents: _Sentences, units: list[Item]) -> list[Item]:
    """Each thing asked: the sentence's own request, then each sentence that follows in the same
    paragraph without a subject of its own ("Có quy định hỗ trợ …" is a second item of the same
    request). Every body the request is addressed to is kept, as written."""
    out: list[Item] = []
    named = {u["span"][0]: u["span"][1] for u in units}
    done_to = -1
    for pm in _PROPOSAL.finditer(text):
        if pm.start() and text[pm.start() - 1].isalnum():
            continue
        ss, se = sents.bounds(pm.start())
        if ss < done_to:
            continue
        for m in ASK.finditer(text, ss, se):
            pos = m.end()
            addressees: list[Item] = []
            while True:
                j = _JOIN.match(text, pos)
                p2 = j.end() if j else pos
                found = _addressee_at(text, p2, named)
                if found is None:
                    break
                end, relative = found
                written = text[p2:end]
                if all(a["text"] != written for a in addressees):
                    addressees.append({"text": written, "span": [p2, end], "relative": relative})
                pos = end
            if not addressees:
                continue
            parts = [(cap(text[pos:se].strip().rstrip(".")), (ss, se))]
            # The sentence's span may run to the start of the next line; the paragraph ends at
            # the first line break after its words (a report written one request per line).
            para_end = text.find("\n", ss + len(text[ss:se].rstrip()))
            para_end = len(text) if para_end < 0 else para_end
            for sm in re.finditer(r"[^.!?\n]+[.!?]?", text[se:para_end]):
                chunk = sm.group(0).strip()
                if len(chunk) < 12:
                    continue
                a = se + sm.start() + (len(sm.group(0)) - len(sm.group(0).lstrip()))
                parts.append((cap(chunk.rstrip(".")), (a, a + len(chunk))))
            done_to = max(se, parts[-1][1][1])
            for content, span in parts:
                out.append(
                    {
                        "text": text[span[0] : span[1]].strip()[:600],
                        "content": content + ".",
                        "keyword": m.group(1).lower(),
                        "addressees": addressees,
                        "ask_at": m.start(),
                        "sentence": [ss, se],
                        "span": [span[0], span[1]],
                    }
                )
            break
    return out


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


# ====================================================================== units
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
        first = word[0]
        compound = _compound_end(text, ws, w.end()) if first.isupper() else w.end()
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
        if first.isupper():
            if word in _ORG_STOP or (word == "Đồng" and text.startswith(" chí", w.end())):
                break  # a new part of the sentence: "… Tại hội nghị", "… Đồng chí Nguyễn Văn An"
            end, named, last = compound, True, "name"
        elif first.isdigit():
            if len(word) > 4 or not word.isdigit():
                break
            end, named, last = w.end(), True, "name"
        elif word == "số":
            n = _ORG_WORD.match(text, w.end())
            if not (n and n.group(1).isdigit() and len(n.group(1)) <= 4):
                break
            end, named, last = n.end(), True, "name"
        elif word == "và":
            # "Sở Giáo dục và Đào tạo" goes on; "Ban Tuyên giáo và Ủy ban …" is two bodies
            # (the word after "và" opens a compound: "Đào tạo", "Xã hội", "Du lịch")
            n = _ORG_WORD.match(text, w.end())
            if last != "name" or not n or not n.group(1)[0].isupper() or _ORG_RE.match(text, n.start(1)):
                break
            after = _compound_end(text, n.start(1), n.end())
            if after == n.end():
                break
            end = after
        elif last in ("head", "name") and (lev := _phrase_at(text, ws, word, _ORG_LEVELS_AT)) > 0:
            end, named, last = lev, True, "level"
        else:
            break
    if last == "sublevel":
        end, named = before_sub
    return end if named else -1


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


_FOLD_TABLE: dict[str, str] = {}
for _ch in UP + LO:
    _b = unicodedata.normalize("NFD", _ch)[0].lower()
    if _ch in "Đđ":
        _b = "d"
    _FOLD_TABLE.setdefault(_b, "")
    _FOLD_TABLE[_b] += _ch


def _fuzzy_pattern(name: str) -> str:
    letters = [c for c in fold(name) if c.isalnum()]
    parts = []
    for c in letters:
        if c in _FOLD_TABLE:
            parts.append("[" + _FOLD_TABLE[c] + "]")
        else:
            parts.append(re.escape(c))
    return r"[ \-]?".join(parts)


def _match_units(text: str, units: Iterable[str]) -> list[Item]:
    names = [" ".join(u.split()) for u in units if u and u.strip()]
    names = sorted(set(names), key=len, reverse=True)
    if not names:
        return []
    pats = [f"(?P<u{i}>{_fuzzy_pattern(n)})" for i, n in enumerate(names)]
    rx = re.compile(r"(?<![\w])(?:" + "|".join(pats) + r")(?![\w])")
    out: list[Item] = []
    for m in rx.finditer(text):
        assert m.lastgroup is not None  # every alternative is a named group
        idx = int(m.lastgroup[1:])
        canonical = names[idx]
        written = m.group(0)
        typo = " ".join(written.split()).casefold() != canonical.casefold()
        item = {"name": canonical, "text": written, "span": [m.start(), m.end()], "typo": typo}
        if typo:
            item["suggestion"] = canonical
        out.append(item)
    # Small spelling slips beyond diacritics and spaces: one edit on the folded form.
    out.extend(_near_units(text, names, {tuple(u["span"]) for u in out}))
    out.sort(key=lambda u: u["span"][0])
    return out


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _near_units(text: str, names: list[str], taken: set[tuple[int, int]]) -> list[Item]:
    out: list[Item] = []
    words = (
        [(m.start(), m.end(), fold(m.group(0)).strip(",.;:()")) for m in re.finditer(r"\S+", text)]
        if len(text) < 2_000_000
        else []
    )
    if not words:
        return out
    firsts: dict[str, list[int]] = {}
    for i, (_s, _e, w) in enumerate(words):
        if w:
            firsts.setdefault(w[:1], []).append(i)
    for name in names:
        key = re.sub(r"[^0-9a-z]", "", fold(name))
        if len(key) < 6:
            continue
        k = len(name.split())
        fw = fold(name)[:1]
        for i in firsts.get(fw, []):
            for span_len in (k, k - 1, k + 1):
                if span_len < 1 or i + span_len > len(words):
                    continue
                cand = "".join(w for _s, _e, w in words[i : i + span_len])
                cand = re.sub(r"[^0-9a-z]", "", cand)
                if cand != key and _edit1(cand, key):
                    s, e = words[i][0], words[i + span_len - 1][1]
                    while e > s and text[e - 1] in ",.;:()":
                        e -= 1
                    if (s, e) in taken or any(a < e and s < b for a, b in taken):
                        continue
                    taken.add((s, e))
                    out.append(
                        {"name": name, "text": text[s:e], "span": [s, e], "typo": True, "suggestion": name}
                    )
                    break
    return out


# ====================================================================== persons
@dataclass
class _Person:
    name: str
    titles: list[str]
    span: tuple[int, int]
    cue: str


def _name_ok(syls: list[str]) -> bool:
    if not 2 <= len(syls) <= 5:
        return False
    if syls[0] in NOT_NAME_FIRST or any(s in NEVER_IN_NAME for s in syls):
        return False
    if " ".join(syls) in PROVINCES:
        return False
    return True


def _best_split(syls: list[str]) -> int | None:
    """Index where the personal name starts inside a capitalised run that
    follows a position title (the words before it belong to the title)."""
    best, best_score = None, -1
    n = len(syls)
    for k in range(0, n - 1):
        cand = syls[k:]
        if not _name_ok(cand):
            continue
        L = len(cand)
        score = {2: 1, 3: 4, 4: 3, 5: 0}.get(L, -5)
        if cand[0] in FAMILY_NAMES:
            score += 3
        if cand[1] in ("Văn", "Thị"):
            score += 3
        elif cand[1] in MIDDLE_NAMES:
            score += 1
        if k > 0 and " ".join(syls[:k]) in PROVINCES:
            score += 1
        if k > 0 and cand[1] in FAMILY_NAMES and cand[1] not in MIDDLE_NAMES and L >= 4:
            score -= 2
        if score > best_score:
            best, best_score = k, score
    if best is None or best_score < 3:
        return None
    return best


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


def _find_persons(text: str, raw: str, sents: _Sentences) -> list[Item]:
    found: dict[str, _Person] = {}
    order: list[str] = []
    last_end = -1
    colon_titles: tuple[int, list[str]] | None = None
    tail_start = len(text)
    for _ in range(6):
        tail_start = text.rfind("\n", 0, tail_start)
        if tail_start < 0:
            tail_start = 0
            break

    def add(name: str, span: tuple[int, int], titles: list[str], cue: str) -> None:
        nonlocal last_end
        key = name.casefold()
        p = found.get(key)
        if p is None:
            p = found[key] = _Person(name, [], span, cue)
            order.append(key)
        for t in titles:
            t = t.strip(" ,;:.-–")
            if t and t.casefold() not in (x.casefold() for x in p.titles):
                p.titles.append(t)
        last_end = span[1]

    for m in _RUN.finditer(text):
        s, e = m.span()
        if s and (text[s - 1].isalnum() or text[s - 1] in "'./-_"):
            continue
        syls = m.group(0).split(" ")
        # A run may carry capitalised non-name words at its end ("… Lương Tại"): cut them.
        while syls and syls[-1] in NEVER_IN_NAME:
            syls.pop()
            e = s + len(" ".join(syls))
        lead_hon = False
        if syls and syls[0] in _LEAD_HON:
            s += len(syls[0]) + 1
            syls = syls[1:]
            lead_hon = True
        if len(syls) < 2:
            continue
        left = text[max(0, s - 45) : s]
        name_s, name_syls, cue, pre_titles = None, None, None, []
        full = " ".join(syls)
        # --- thing names (ideologies, places, schools) are not persons
        if full.casefold() in _FAMOUS_THING_NAMES and not _HCM_CUE.search(left):
            continue
        if _LEFT_MANG_TEN.search(left):
            continue
        thing = bool(_THING_RE.search(left))
        place = bool(_PLACE_RE.search(left))
        if _name_ok(syls) and not thing and not place:
            if lead_hon or _LEFT_HON.search(left):
                cue = "honorific"
            elif _LEFT_RANKS.search(left) and re.search(rf"(?:{_RANK_RE})\.?\s{{0,2}}$", left):
                cue = "rank"
            elif _LEFT_PHOTO.search(left):
                cue = "photo"
            if cue:
                name_s, name_syls = s, syls
        if cue is None:
            # a position title before the run: the name is its tail
            k = _best_split(syls)
            if k is not None:
                ns = s + len(" ".join(syls[:k])) + (1 if k else 0)
                tb = _titles_before(text, raw, ns, last_end if last_end > 0 else 0)
                if tb:
                    if k == 0 and (thing or (place and not (len(syls) >= 3 and syls[0] in FAMILY_NAMES))):
                        tb = []
                    if tb:
                        cue, name_s, name_syls, pre_titles = "title", ns, syls[k:], tb
        if cue is None and _name_ok(syls) and not thing and not place:
            right = text[e : e + 40]
            between = text[last_end:s] if 0 <= last_end < s and s - last_end < 200 else None
            if syls[0] in FAMILY_NAMES or syls[0] in ("Y", "H'"):
                if (opened := _AFTER_OPEN.match(right)) and _POS_START.match(right[opened.end() :]):
                    cue = "apposition"
                elif (
                    between is not None
                    and len(between) < 120
                    and not re.search(r"[.!?\n]", between)
                    and re.search(r"(?:[;,:]|\s(?:và|cùng))\s{0,2}(?:đồng chí\s)?$", between)
                ):
                    cue = "list"
                elif len(syls) >= 3 and syls[1] in ("Văn", "Thị") and len(syls) <= 4:
                    cue = "name_shape"
                elif left.rstrip().endswith(":") and _colon_intro(
                    text, raw, s - (len(left) - len(left.rstrip())) - 1, last_end
                ):
                    cue = "list"
            if cue is None:
                # a line of its own: byline or photo credit
                ls = text.rfind("\n", 0, s) + 1
                le = text.find("\n", e)
                le = len(text) if le < 0 else le
                line = text[ls:le].strip()
                if line == full or re.fullmatch(re.escape(full) + r"\s{0,2}\([^()\n]{1,60}\)\.?", line):
                    if s >= tail_start or syls[0] in FAMILY_NAMES:
                        if 2 <= len(syls) <= 4 and full not in PROVINCES:
                            cue = "byline"
            if cue:
                name_s, name_syls = s, syls
        if cue is None:
            continue
        assert name_s is not None and name_syls is not None  # set with every cue
        name = " ".join(name_syls)
        ne = name_s + len(name)
        written = raw[name_s:ne]
        titles = list(pre_titles)
        if cue in ("honorific", "rank", "photo", "list", "name_shape"):
            titles = (
                _titles_before(text, raw, name_s, last_end if last_end > 0 else 0) if cue != "photo" else []
            )
        # colon lists: "Thứ trưởng, Phó Chủ nhiệm: A; B; C"
        lt = left.rstrip()
        if lt.endswith(":") and not titles:
            cpos = s - (len(left) - len(lt))
            titles = _titles_before(text, raw, cpos - 1, max(last_end, 0))
            colon_titles = (cpos, titles)
        elif cue == "list" and colon_titles and not titles:
            cpos, ct = colon_titles
            if 0 <= s - cpos < 200 and not re.search(r"[.!?\n]", text[cpos:s]):
                titles = list(ct)
        titles += _titles_after(text, raw, ne)
        add(written, (name_s, ne), titles, cue)
    # Bylines in capitals: "NGUYỄN VĂN A (thực hiện)", or alone on one of the last lines.
    for m in _CAPS_BYLINE.finditer(text):
        name = m.group(1)
        syls = [w.capitalize() for w in name.split()]
        if not m.group(2):
            if m.start() < tail_start or syls[0] not in FAMILY_NAMES:
                continue
        if not _name_ok(syls) or any(len(w) > 7 for w in syls):
            continue
        if name.casefold() not in found:
            found[name.casefold()] = _Person(raw[m.start(1) : m.end(1)], [], m.span(1), "byline")
            order.append(name.casefold())
    # A bare or partial name after the full one is the same person.
    keys = list(order)
    for short in keys:
        p = found[short]
        parts = short.split()
        for longer in keys:
            if (
                longer != short
                and longer in found
                and len(longer.split()) > len(parts)
                and longer.split()[-len(parts) :] == parts
                and p.cue not in ("byline", "photo")
            ):
                for t in p.titles:
                    if t.casefold() not in (x.casefold() for x in found[longer].titles):
                        found[longer].titles.append(t)
                found.pop(short, None)
                break
    return [
        {"name": found[k].name, "titles": found[k].titles, "span": list(found[k].span), "cue": found[k].cue}
        for k in order
        if k in found
    ]


# ====================================================================== entry point
def extract(text: str, *, units: Iterable[str] | None = None) -> Extraction:
    """Extract the facts of one report. Spans refer to the cleaned text
    (``Extraction.text``); see :meth:`Extraction.to_original`."""
    prep = prepare(text)
    t = prep.text
    sents = _Sentences(t)
    dates = _find_dates(t)
    doc_refs = _find_doc_refs(t, dates, sents)
    persons = _find_persons(t, prep.raw, sents)
    mentions = _find_org_mentions(t)
    unit_list = _match_units(t, units) if units is not None else mentions
    ex = Extraction(
        text=t,
        doc_refs=doc_refs,
        persons=persons,
        percents=_find_percents(t, sents),
        dates=[{"date": d["date"], "text": d["text"], "span": d["span"]} for d in dates],
        terms=_find_terms(t),
        congress_refs=_find_congress(t),
        counts=_find_counts(t),
        channels=_find_channels(t),
        proposals=_find_proposals(t, sents, mentions),
        concerns=_find_concerns(t, sents),
        lessons=_find_lessons(t),
        units=unit_list,
        typos=find_typos(t),
        prepared=prep,
    )
    return ex
