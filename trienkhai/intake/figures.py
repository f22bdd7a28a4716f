"""What each figure of a report counts, and which field of which record it belongs to.

Every percent and every count textmine finds becomes one ``Figure``, in text order, so the
review shows them all and none is dropped. The rules read the words next to the number:

- "43/45 đảng viên" (or "đồng chí") is attendance: members present out of the roll, for the
  conference record. A percent after it in the same sentence that is the same ratio ("đạt
  95,6%") is that attendance again, written as a share. "43 đảng viên tham dự" is attendance
  without the roll (the record then takes the unit's latest member count).
- "lượt quần chúng" is the record's masses; "lượt người", "lượt cán bộ, đảng viên" … its
  reach (people reached). "lượt ý kiến" counts opinions, not people.
- "12 nhóm Zalo", "500 cuốn tài liệu", "300 tờ rơi" count a channel of the dissemination
  record. The record stores which channels were used, not how many groups or copies, so the
  channel is ticked and the figure itself is written into the record's note.
- A percent followed by a step ("… đã xây dựng kế hoạch", "… tổ chức hội nghị quán triệt")
  is a coverage statement: the share of units that did the step.
- Anything else is kept with what it counts and why it has no place.

Which rollout, step and record a placed figure lands on is the selector's business
(``selectors.rollout.match_records``): this module reads text only, no database, so it is tested
on sentences alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trienkhai.intake.choices import FigureKind
from trienkhai.rollout.choices import Channel, ConferenceForm, Platform, StepKind
from trienkhai.textmine.extract import figure_kinds as rules
from trienkhai.textmine.extract.figure_kinds import sentence_bounds, step_kind

# Where a figure goes: a field of the unit's step record (``rollout.StepRecord``), the
# coverage item, or the attendance check.
PRESENT = "members_present"  # with members_on_roll when the roll is given
RATE = "attendance_rate"  # no field of its own: the share that repeats an attendance
MASSES = "masses"
REACH = "reach"
CHANNELS = "channels"
COVERAGE = "coverage"


@dataclass
class Figure:
    key: str
    source: str  # "percent" or "count": the textmine list it comes from
    span: tuple[int, int]
    quote: str  # the figure as written: "43/45 đảng viên", "95,6%"
    sentence: str
    value: float | int
    kind: str  # FigureKind
    detail: str = ""  # the noun of a count, the "who" of a percent
    field: str = ""  # where it goes (the constants above); empty: it has no place
    step_kind: str = ""  # the kind of step whose record (or coverage) it belongs to
    channel: str = ""  # rollout.Channel of a channel or material count
    present: int | None = None
    roll: int | None = None
    reason: str = ""  # why it has no place, in words for the reviewer

    @property
    def placed(self) -> bool:
        return bool(self.field)


# ---------------------------------------------------------------------- sentences and steps
# The sentence, the step words and the words next to a number are textmine's (the command
# line reads figures with the same rules): ``textmine.extract.figure_kinds``.
_MEMBERS, _MASSES, _NEWS, _POSTERS = (
    rules.MEMBER_WORDS,
    rules.MASS_WORDS,
    rules.NEWS_WORDS,
    rules.POSTER_WORDS,
)
_MEETINGS, _UNITS, _PEOPLE, _REACHED = (
    rules.MEETING_WORDS,
    rules.UNIT_WORDS,
    rules.PEOPLE_WORDS,
    rules.REACHED_WORDS,
)
_PRESENT_CUE, _RATE_CUE, _GROUP_OF = rules.PRESENT_CUE, rules.RATE_CUE, rules.GROUP_OF
_record_kind, _starts = rules.record_kind, rules.starts_with
_NEWS_CHANNELS = [
    (re.compile(r"(?i)trang thông tin|cổng thông tin|website|trang tin"), Channel.WEBSITE),
    (re.compile(r"(?i)(?<!\w)loa(?!\w)|truyền thanh"), Channel.LOUDSPEAKER),
    (re.compile(r"Facebook|Fanpage|fanpage"), Channel.FACEBOOK),
    (re.compile(r"Zalo"), Channel.ZALO),
]


# ---------------------------------------------------------------------- counts
def _count(text: str, c: dict) -> Figure:
    s, e = c["span"]
    ss, se = sentence_bounds(text, s)
    noun, value, of = c["noun"], c["value"], c.get("of")
    fig = Figure(
        key=f"figure:{s}-{e}",
        source="count",
        span=(s, e),
        quote=c["text"],
        sentence=text[ss:se].strip()[:400],
        value=value,
        kind=FigureKind.OTHER,
        detail=noun,
    )
    around = text[max(ss, s - 24) : s] + " " + noun + " " + text[e : min(se, e + 24)]
    if _starts(noun, _MEMBERS) and (of is not None or _PRESENT_CUE.search(around)):
        fig.kind, fig.field, fig.step_kind = FigureKind.ATTENDANCE, PRESENT, StepKind.CONFERENCE
        fig.present, fig.roll = value, of
    elif _starts(noun, _MASSES):
        fig.kind, fig.field, fig.step_kind = FigureKind.MASSES, MASSES, _record_kind(text[ss:s], text[e:se])
    elif noun == "lượt" or _starts(noun, [f"lượt {w}" for w in _REACHED]):
        fig.kind, fig.field, fig.step_kind = FigureKind.REACH, REACH, _record_kind(text[ss:s], text[e:se])
    elif noun.startswith("nhóm") and (m := _GROUP_OF.search(text, e - len(noun), min(len(text), e + 16))):
        zalo = m.group(0) == "Zalo"
        if m.end() > e:  # "12 nhóm" + "Zalo": the name is part of what is counted
            fig.quote = text[s : m.end()]
        fig.kind = FigureKind.ZALO_GROUPS if zalo else FigureKind.FACEBOOK_GROUPS
        fig.channel = Channel.ZALO if zalo else Channel.FACEBOOK
    elif noun.startswith("cuốn") or _starts(noun, ("tài liệu",)) or noun.startswith("bản tài liệu"):
        fig.kind, fig.channel = FigureKind.MATERIALS, Channel.PRINT
    elif _starts(noun, ("tờ rơi", "tờ gấp")):
        fig.kind, fig.channel = FigureKind.LEAFLETS, Channel.PRINT
    elif _starts(noun, _NEWS):
        fig.kind = FigureKind.NEWS
        fig.channel = next((ch for rx, ch in _NEWS_CHANNELS if rx.search(text, e - len(noun), se)), "")
        if not fig.channel:
            fig.reason = _(
                "không rõ đăng trên kênh nào; bản ghi tuyên truyền lưu kênh, không lưu số tin, bài."
            )
    elif _starts(noun, _POSTERS):
        fig.kind = FigureKind.POSTERS
        fig.reason = _("danh mục kênh tuyên truyền không có pano, áp phích, băng rôn.")
    elif _starts(noun, _MEETINGS):
        fig.kind = FigureKind.MEETINGS
        fig.reason = _("mỗi hội nghị, lớp là bản ghi của đơn vị tổ chức; không có trường số hội nghị.")
    elif _starts(noun, _UNITS):
        fig.kind = FigureKind.UNITS
        fig.reason = _("số đơn vị được đếm từ bản ghi của từng đơn vị, không lấy từ báo cáo.")
    elif _starts(noun, _PEOPLE):
        fig.kind = FigureKind.PEOPLE
        fig.reason = _("không rõ là người dự hội nghị hay người được tuyên truyền.")
    else:
        fig.reason = _("chưa có nơi lưu loại số liệu này.")
    if fig.channel:
        fig.field, fig.step_kind = CHANNELS, StepKind.DISSEMINATION
    return fig


# ---------------------------------------------------------------------- percents
def _clause(text: str, ss: int, se: int, s: int, e: int) -> str:
    """The words around a figure up to the next ";" either side, 40 characters at most."""
    start = max(ss, s - 40, text.rfind(";", ss, s) + 1)
    end = text.find(";", e, se)
    return text[start : min(se if end < 0 else end, e + 40)]


def _percent(text: str, p: dict, attendance: list[Figure]) -> Figure:
    s, e = p["span"]
    ss, se = sentence_bounds(text, s)
    value = p["value"]
    fig = Figure(
        key=f"figure:{s}-{e}",
        source="percent",
        span=(s, e),
        quote=text[s:e],
        sentence=text[ss:se].strip()[:400],
        value=value,
        kind=FigureKind.SHARE,
        detail=p.get("who") or "",
    )
    # "43/45 đảng viên, đạt 95,6%": the same ratio, rounded the way reports round it.
    for a in attendance:
        # An attendance figure with a roll always has its present count.
        if ss <= a.span[0] and a.span[1] <= s and a.roll and abs(100 * a.present / a.roll - value) < 0.5:  # type: ignore[operator]
            fig.kind, fig.field, fig.step_kind = FigureKind.ATTENDANCE_RATE, RATE, StepKind.CONFERENCE
            fig.present, fig.roll = a.present, a.roll
            return fig
    after = text[e:se]
    kind = step_kind(after.split(";")[0]) or step_kind(after)
    if kind is not None:
        fig.kind, fig.field, fig.step_kind = FigureKind.COVERAGE, COVERAGE, kind
    elif _RATE_CUE.search(_clause(text, ss, se, s, e)):
        fig.kind = FigureKind.ATTENDANCE_RATE
        fig.reason = _("tỷ lệ không kèm số người; bản ghi hội nghị lưu số đảng viên dự và trong danh sách.")
    else:
        fig.reason = _("không phải tỷ lệ thực hiện một yêu cầu (tăng trưởng, cơ cấu hay tỷ lệ khác).")
    return fig


# ---------------------------------------------------------------------- entry point
def classify(text: str, *, percents: Iterable[dict], counts: Iterable[dict]) -> list[Figure]:
    """One ``Figure`` per percent and per count (textmine's items, spans in ``text``), in
    text order."""
    counted = [_count(text, c) for c in counts]
    attendance = [f for f in counted if f.kind == FigureKind.ATTENDANCE and f.roll]
    shares = [_percent(text, p, attendance) for p in percents]
    return sorted(counted + shares, key=lambda f: f.span)


# ---------------------------------------------------------------------- how a conference was held
_HYBRID = re.compile(r"(?i)trực tiếp kết hợp (?:với )?trực tuyến|kết hợp (?:hình thức )?trực tuyến")
_ONLINE = re.compile(r"(?i)trực tuyến|(?<!\w)online(?!\w)|điểm cầu|(?<!\w)(?:zoom|teams)(?!\w)")


def conference_form(text: str) -> tuple[str, str]:
    """(form, platform) of a conference from the words of its paragraph; in person unless
    the text says it was online ("trực tuyến", "điểm cầu", Zoom, Teams) or both."""
    if _HYBRID.search(text):
        form = ConferenceForm.HYBRID
    elif _ONLINE.search(text):
        form = ConferenceForm.ONLINE
    else:
        return ConferenceForm.IN_PERSON.value, ""
    low = text.lower()
    platform = Platform.ZOOM if "zoom" in low else Platform.TEAMS if "teams" in low else Platform.OTHER
    return form.value, platform.value


# ---------------------------------------------------------------------- what kind of meeting
WORKING_SESSION, CONFERENCE, SEMINAR = "working_session", "conference", "seminar"
_WORKING_WORDS = re.compile(r"(?i)buổi làm việc|(?<!\w)(?:đến |đã |có buổi )?làm việc với|đoàn công tác")
_SEMINAR_WORDS = re.compile(r"(?i)(?<!\w)(?:tọa đàm|toạ đàm|hội thảo)(?!\w)")
_CONFERENCE_WORD = re.compile(r"(?i)(?<!\w)hội nghị(?!\w)")
# what a conference does, or how it is held, next to the word: "hội nghị quán triệt, học tập,
# triển khai nghị quyết", "hội nghị trực tiếp kết hợp trực tuyến", "hội nghị … qua Zoom"
_CONFERENCE_CUES = re.compile(
    r"(?i)quán triệt|học tập|triển khai|nghị quyết|chỉ thị|kết luận|tổng kết|sơ kết|chuyên đề|"
    r"trực tiếp|trực tuyến|điểm cầu|(?<!\w)(?:zoom|teams)(?!\w)"
)
_CONFERENCE_NAME_END = re.compile(r"\s(?:cho|tại|vào|ngày|với|do|nhằm|để)\s|[.;:\n(]")


def meeting_kind(text: str) -> tuple[str, int, int]:
    """The kind of meeting a report describes, and where it is named: the first of a working
    session ("buổi làm việc", "làm việc với", "đoàn công tác"), a seminar ("tọa đàm", "hội thảo")
    or a conference — a "hội nghị" whose sentence says what a conference does (quán triệt, học
    tập, triển khai a resolution) or how it is held (trực tiếp, trực tuyến, Zoom, Teams). A
    "hội nghị" without such words (a coverage statement, a conference cited in passing) names
    none. ``("", -1, -1)`` when the text names no meeting."""
    found: list[tuple[int, int, str]] = []
    m = _WORKING_WORDS.search(text)
    if m:
        found.append((m.start(), m.end(), WORKING_SESSION))
    m = _SEMINAR_WORDS.search(text)
    if m:
        found.append((m.start(), m.end(), SEMINAR))
    for m in _CONFERENCE_WORD.finditer(text):
        ss, se = sentence_bounds(text, m.start())
        if _CONFERENCE_CUES.search(text, ss, se):
            found.append((m.start(), m.end(), CONFERENCE))
            break
    if not found:
        return "", -1, -1
    s, e, kind = min(found)
    return kind, s, e


def meeting_name(text: str, start: int) -> str:
    """The meeting's own name from where it is named: "hội nghị học tập, quán triệt Nghị quyết
    số 57-NQ/TW" (up to "cho", "tại", "ngày" … or the end of the clause)."""
    m = _CONFERENCE_NAME_END.search(text, start + 1, start + 200)
    name = " ".join(text[start : m.start() if m else start + 200].split()).strip(" ,")
    return name[:1].upper() + name[1:]


def meeting_platform(text: str) -> str:
    """The online platform a meeting was held on, as written for the meeting record."""
    low = text.lower()
    return "Zoom" if "zoom" in low else "Microsoft Teams" if "teams" in low else ""
