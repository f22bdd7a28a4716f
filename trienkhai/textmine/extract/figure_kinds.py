"""What each figure of a report counts, read from the words next to the number.

Every percent and every count the reader finds gets one kind, in text order, so none is
shown without saying what it is:

- "43/45 đảng viên" (or "đồng chí"), "43 đảng viên tham dự": attendance, members present out
  of the roll (the roll may be missing). A percent after it in the same sentence that is the
  same ratio ("đạt 95,6%") is that attendance again, as a share.
- "lượt quần chúng": masses reached; "lượt người", "lượt cán bộ" …: people reached ("lượt ý
  kiến" counts opinions, not people); each of the conference or the dissemination, whichever
  step words come nearest before it.
- "12 nhóm Zalo", "500 cuốn tài liệu", "300 tờ rơi", "15 tin bài": a channel or a material.
- A percent followed by a step ("… đã xây dựng kế hoạch"): the share of units that did the
  step (coverage).
- Else meetings held, numbers of units, people of unknown role, other shares and counts.

Where a figure is then used (which record, which field) is the import screen's business
(``intake.figures``, which reads the same kinds); this module reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from trienkhai.textmine.extract.common import Item

ATTENDANCE = "attendance"
ATTENDANCE_RATE = "attendance_rate"
MASSES = "masses"
REACH = "reach"
ZALO_GROUPS = "zalo_groups"
FACEBOOK_GROUPS = "facebook_groups"
MATERIALS = "materials"
LEAFLETS = "leaflets"
NEWS = "news"
POSTERS = "posters"
COVERAGE = "coverage"
MEETINGS = "meetings"
UNITS = "units"
PEOPLE = "people"
SHARE = "share"
OTHER = "other"

# What each kind counts, in words (the review's "what it counts" column says the same).
LABELS: dict[str, str] = {
    ATTENDANCE: "đảng viên dự / tổng số",
    ATTENDANCE_RATE: "tỷ lệ đảng viên dự",
    MASSES: "lượt quần chúng",
    REACH: "lượt người được tuyên truyền",
    ZALO_GROUPS: "nhóm Zalo",
    FACEBOOK_GROUPS: "nhóm, trang Facebook",
    MATERIALS: "cuốn tài liệu",
    LEAFLETS: "tờ rơi, tờ gấp",
    NEWS: "tin, bài",
    POSTERS: "pano, áp phích, băng rôn",
    COVERAGE: "tỷ lệ đơn vị hoàn thành",
    MEETINGS: "số hội nghị, buổi, lớp",
    UNITS: "số đơn vị, tổ chức",
    PEOPLE: "số người",
    SHARE: "tỷ lệ khác",
    OTHER: "số lượng khác",
}

# The steps of a rollout a figure may be of (the values of ``rollout.StepKind``), and their words.
PLAN, CONFERENCE, DISSEMINATION, REVIEW, REPORT = "plan", "conference", "dissemination", "review", "report"
STEP_LABELS = {
    PLAN: "xây dựng kế hoạch, chương trình",
    CONFERENCE: "hội nghị học tập, quán triệt",
    DISSEMINATION: "tuyên truyền",
    REVIEW: "kiểm điểm",
    REPORT: "báo cáo kết quả",
}
_STEP_WORDS = [
    (re.compile(r"(?i)xây dựng (?:kế hoạch|chương trình)"), PLAN),
    (re.compile(r"(?i)\bph\w{0,2} biến|tuyên truyền|phổ biến"), DISSEMINATION),
    (re.compile(r"(?i)hội nghị|học tập|quán triệt"), CONFERENCE),
    (re.compile(r"(?i)kiểm điểm"), REVIEW),
    (re.compile(r"(?i)báo cáo"), REPORT),
]
_SENT_END = re.compile(r"(?<=[.!?])\s|\n")

_MEMBERS = ("đảng viên", "đồng chí")
_MASSES = ("lượt quần chúng", "quần chúng")
_NEWS = ("tin bài", "tin, bài", "tin", "bài viết", "bài", "phóng sự")
_POSTERS = ("pano", "áp phích", "băng rôn", "khẩu hiệu")
_MEETINGS = ("hội nghị", "buổi", "lớp", "cuộc", "hội thi", "điểm cầu")
_UNITS = (
    "chi bộ",
    "đảng bộ",
    "tổ chức cơ sở đảng",
    "tổ chức",
    "cơ sở",
    "đơn vị",
    "xã",
    "phường",
    "thôn",
    "tổ dân phố",
    "khu dân cư",
    "hộ",
    "doanh nghiệp",
    "tập thể",
)
_PEOPLE = (
    "người",
    "đại biểu",
    "cán bộ",
    "hội viên",
    "đoàn viên",
    "học viên",
    "báo cáo viên",
    "cộng tác viên",
    "tuyên truyền viên",
    "cá nhân",
    "thành viên",
) + _MEMBERS
_REACHED = ("người", "cán bộ", "đảng viên", "hội viên", "đoàn viên", "học viên", "học sinh", "nhân dân")
_PRESENT_CUE = re.compile(r"(?<!\w)(?:tham dự|dự|có mặt)(?!\w)")
_RATE_CUE = re.compile(r"(?<!\w)đảng viên\s{1,2}(?:tham\s{1,2})?dự(?!\w)")
_GROUP_OF = re.compile(r"Zalo|Facebook|Fanpage|fanpage")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: back to the last sentence end within 600 characters."""
    start = 0
    for m in _SENT_END.finditer(text, max(0, pos - 600), pos):
        start = m.end()
    end = _SENT_END.search(text, pos)
    return start, (end.start() + 1 if end else len(text))


def step_kind(words: str) -> str | None:
    """The kind of step the first step words of ``words`` name ("đã xây dựng kế hoạch")."""
    best: tuple[int, str] | None = None
    for rx, kind in _STEP_WORDS:
        m = rx.search(words)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


def _record_kind(before: str, after: str) -> str:
    """Masses and reach are the conference's when the step words nearest before them (else the
    first after) are a conference's, else the dissemination's: "Sau hội nghị, … tuyên truyền
    đến 2.350 lượt quần chúng" is the dissemination's."""
    last: tuple[int, str] | None = None
    for rx, kind in _STEP_WORDS:
        for m in rx.finditer(before):
            if last is None or m.start() > last[0]:
                last = (m.start(), kind)
    nearest = last[1] if last else step_kind(after)
    return CONFERENCE if nearest == CONFERENCE else DISSEMINATION


def _starts(noun: str, words: Iterable[str]) -> bool:
    return any(noun == w or noun.startswith(w + " ") for w in words)


def _count_kind(text: str, c: Item, ss: int, se: int) -> tuple[str, str, int]:
    """(kind, step, end of the quote) of one count."""
    s, e = c["span"]
    noun = c["noun"]
    around = text[max(ss, s - 24) : s] + " " + noun + " " + text[e : min(se, e + 24)]
    if _starts(noun, _MEMBERS) and (c.get("of") is not None or _PRESENT_CUE.search(around)):
        return ATTENDANCE, CONFERENCE, e
    if _starts(noun, _MASSES):
        return MASSES, _record_kind(text[ss:s], text[e:se]), e
    if noun == "lượt" or _starts(noun, [f"lượt {w}" for w in _REACHED]):
        return REACH, _record_kind(text[ss:s], text[e:se]), e
    if noun.startswith("nhóm") and (m := _GROUP_OF.search(text, e - len(noun), min(len(text), e + 16))):
        # "12 nhóm" + "Zalo": the name is part of what is counted
        return ZALO_GROUPS if m.group(0) == "Zalo" else FACEBOOK_GROUPS, "", max(e, m.end())
    for kind, test in _PLAIN_KINDS:
        if test(noun):
            return kind, "", e
    return OTHER, "", e


_PLAIN_KINDS: list[tuple[str, Callable[[str], bool]]] = [
    (MATERIALS, lambda n: n.startswith("cuốn") or _starts(n, ("tài liệu",)) or n.startswith("bản tài liệu")),
    (LEAFLETS, lambda n: _starts(n, ("tờ rơi", "tờ gấp"))),
    (NEWS, lambda n: _starts(n, _NEWS)),
    (POSTERS, lambda n: _starts(n, _POSTERS)),
    (MEETINGS, lambda n: _starts(n, _MEETINGS)),
    (UNITS, lambda n: _starts(n, _UNITS)),
    (PEOPLE, lambda n: _starts(n, _PEOPLE)),
]


def _percent_kind(text: str, p: Item, ss: int, se: int, attendance: list[Item]) -> Item:
    s, e = p["span"]
    value = p["value"]
    # "43/45 đảng viên, đạt 95,6%": the same ratio, rounded the way reports round it.
    for a in attendance:
        if ss <= a["span"][0] and a["span"][1] <= s and abs(100 * a["present"] / a["roll"] - value) < 0.5:
            return {"kind": ATTENDANCE_RATE, "step": CONFERENCE, "present": a["present"], "roll": a["roll"]}
    after = text[e:se]
    kind = step_kind(after.split(";")[0]) or step_kind(after)
    if kind is not None:
        return {"kind": COVERAGE, "step": kind}
    # the words around it up to the next ";" either side, 40 characters at most
    start = max(ss, s - 40, text.rfind(";", ss, s) + 1)
    end = text.find(";", e, se)
    if _RATE_CUE.search(text[start : min(se if end < 0 else end, e + 40)]):
        return {"kind": ATTENDANCE_RATE, "step": CONFERENCE}
    return {"kind": SHARE}


def figure_kinds(text: str, *, percents: Iterable[Item], counts: Iterable[Item]) -> list[Item]:
    """One item per percent and per count (the reader's items, spans in ``text``), in text
    order: the figure as written, its value, its ``kind`` and what that counts (``counts``),
    the step it is of (``step``, when it says), members ``present`` and ``roll`` of an
    attendance."""
    out: list[Item] = []
    attendance: list[Item] = []
    for c in counts:
        s, e = c["span"]
        ss, se = sentence_bounds(text, s)
        kind, step, qe = _count_kind(text, c, ss, se)
        quote = c["text"] if qe == e else text[s:qe]
        item: Item = {"source": "count", "span": [s, e], "text": quote, "value": c["value"], "kind": kind}
        if kind == ATTENDANCE:
            item.update(present=c["value"], roll=c.get("of"))
            if c.get("of"):
                attendance.append(item)
        if step:
            item["step"] = step
        out.append(item)
    for p in percents:
        s, e = p["span"]
        ss, se = sentence_bounds(text, s)
        item = {"source": "percent", "span": [s, e], "text": text[s:e], "value": p["value"]}
        item.update(_percent_kind(text, p, ss, se, attendance))
        out.append(item)
    out.sort(key=lambda f: tuple(f["span"]))
    for item in out:
        item["counts"] = LABELS[item["kind"]]
        if "step" in item:
            item["step_label"] = STEP_LABELS[item["step"]]
    return out


# What the import screen's placement of figures reads of these rules (``intake.figures``).
MEMBER_WORDS, MASS_WORDS, NEWS_WORDS, POSTER_WORDS = _MEMBERS, _MASSES, _NEWS, _POSTERS
MEETING_WORDS, UNIT_WORDS, PEOPLE_WORDS, REACHED_WORDS = _MEETINGS, _UNITS, _PEOPLE, _REACHED
PRESENT_CUE, RATE_CUE, GROUP_OF = _PRESENT_CUE, _RATE_CUE, _GROUP_OF
record_kind, starts_with = _record_kind, _starts
