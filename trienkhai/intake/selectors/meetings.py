"""The session a report speaks of, matched against the working sessions (meetings): its kind,
host and visitors, the one already recorded, and the people read who were at it."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from trienkhai.intake import figures as fig
from trienkhai.intake.choices import Finding, MatchState
from trienkhai.intake.selectors._common import (
    Findings,
    May,
    is_below,
    is_new,
    new_item,
    out_of_scope,
    record_ref,
    refuse_item,
)
from trienkhai.meetings import selectors as meetings_selectors
from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import fold

_MEETING_KINDS = {
    fig.WORKING_SESSION: MeetingKind.WORKING_SESSION,
    fig.CONFERENCE: MeetingKind.CONFERENCE,
    fig.SEMINAR: MeetingKind.SEMINAR,
}
_SESSION = re.compile(r"(?i)buổi làm việc|làm việc với|đến làm việc|hội nghị")
_ROLE_WORDS = [
    (re.compile(r"(?i)\bbáo cáo\b"), ParticipantRole.REPORTER),
    (re.compile(r"(?i)kết luận"), ParticipantRole.CONCLUDER),
    (re.compile(r"(?i)chủ trì"), ParticipantRole.CHAIR),
    (re.compile(r"(?i)phát biểu|trao đổi|ghi nhận"), ParticipantRole.SPEAKER),
]


def _position(titles: list[str]) -> str:
    """Titles joined once each: "Bí thư Thành ủy Phổ Yen" repeats "… Phổ Yên" with a slip,
    and "Bí thư Thành ủy" is the short form of it."""
    kept: list[str] = []
    for t in titles:
        ft = fold(t)
        if any(fold(k) == ft or fold(k).startswith(ft + " ") for k in kept):
            continue
        kept = [k for k in kept if not ft.startswith(fold(k) + " ")] + [t]
    return ", ".join(kept)


def _unit_in(texts: list[str], units: list[Unit]) -> Unit | None:
    """The unit whose name is the longest one written inside one of ``texts``."""
    best: Unit | None = None
    for t in texts:
        ft = f" {fold(t)} "
        for u in units:
            fu = fold(u.name)
            if f" {fu} " in ft and (best is None or len(fu) > len(fold(best.name))):
                best = u
    return best


def _visiting_unit(f: Findings, host: Unit, by_name: dict[str, Unit]) -> Unit | None:
    """The most named unit that is neither the host's own (its subtree), nor above it, nor
    a body of its parent committee ("về phía Tỉnh ủy" sits with the host)."""
    counts: Counter[int] = Counter()
    units: dict[int, Unit] = {}
    for m in f.units:
        u = by_name.get(m["name"])
        if u is None or u.pk == host.pk:
            continue
        if u.is_within(host) or host.is_within(u):
            continue
        if u.is_sibling_of(host):
            continue
        counts[u.pk] += 1
        units[u.pk] = u
    if not counts:
        return None
    return units[counts.most_common(1)[0][0]]


def match_meeting(f: Findings, viewer: Any, by_name: dict[str, Unit], units: list[Unit]) -> None:
    text = f.text
    if not _SESSION.search(text) or f.date is None:
        if f.extraction.persons:
            f.notes.append(
                _(
                    "Không xác định được buổi làm việc (ngày, nơi làm việc) nên chưa đề xuất ghi người tham dự."
                )
            )
        return
    host = f.report.unit
    visiting = _visiting_unit(f, host, by_name)
    existing = meetings_selectors.meeting_on(viewer=viewer, date=f.date, unit=host)
    guessed, ks, ke = fig.meeting_kind(text)
    kind = _MEETING_KINDS.get(guessed, MeetingKind.WORKING_SESSION)
    form, platform = MeetingForm.IN_PERSON.value, ""
    if kind == MeetingKind.WORKING_SESSION:
        title = (
            _("%(v)s làm việc với %(h)s") % {"v": visiting.name, "h": host.name}
            if visiting
            else _("Buổi làm việc ngày %(d)s") % {"d": f"{f.date:%d/%m/%Y}"}
        )
    else:
        # a conference or seminar goes by its own name; how it was held is read from its paragraph
        title = fig.meeting_name(text, ks)[:300]
        ps = text.rfind("\n", 0, ks) + 1
        pe = text.find("\n", ke)
        paragraph = text[ps : len(text) if pe < 0 else pe]
        form, _platform = fig.conference_form(paragraph)
        platform = fig.meeting_platform(paragraph) if form != MeetingForm.IN_PERSON else ""
    first = _SESSION.search(text)
    if ks >= 0:
        span = (ks, ke)
    else:
        assert first is not None  # only a text with a session heading comes here
        span = (first.start(), first.end())
    online = re.search(r"(?i)\b(zoom|teams|trực tuyến)\b", text)
    item = new_item(
        Finding.MEETING,
        span,
        text[span[0] : span[1]],
        label=title,
        fields={
            "kind": kind.value,
            "title": title,
            "date": f.date,
            "host": host.pk,
            "visiting": visiting.pk if visiting else None,
            "form": form,
            "platform": platform,
        },
    )
    item["key"] = "meeting"
    if online and not existing and kind == MeetingKind.WORKING_SESSION:
        item["note"] = _("Báo cáo có nhắc họp trực tuyến; hãy kiểm tra hình thức.")
    recorded: dict[str, Any] = {}
    if existing is not None:
        item["state"] = MatchState.EXISTING.value
        item["existing"] = record_ref(existing, str(existing), "meetings:detail")
        item["meeting_id"] = existing.pk
        recorded = {fold(p.name): p for p in meetings_selectors.meeting_participants(meeting=existing)}
    f.meeting = item

    for p in f.extraction.persons:
        if p.get("cue") in ("byline", "photo"):
            continue
        s, e = p["span"]
        sent_s, sent_e = fig.sentence_bounds(text, s)
        sentence = text[sent_s:sent_e]
        if not re.search(
            r"(?i)làm việc"
            if kind == MeetingKind.WORKING_SESSION
            else r"(?i)làm việc|hội nghị|hội thảo|tọa đàm",
            sentence,
        ):
            # Named in passing (a quoted speech, a leader of the past), not at the session.
            continue
        unit = _unit_in(p["titles"], units)
        if unit is None:
            unit = visiting or host
        side = ParticipantSide.VISITING if visiting and is_below(unit, visiting) else ParticipantSide.HOST
        role = next((r for rx, r in _ROLE_WORDS if rx.search(sentence)), ParticipantRole.ATTENDEE)
        position = _position(p["titles"])
        pi = new_item(
            Finding.PERSON,
            (s, e),
            sentence.strip()[:400],
            label=p["name"],
            fields={
                "name": p["name"],
                "position": position,
                "unit": unit.pk if unit else None,
                "side": side.value,
                "role": role.value,
            },
        )
        rec = recorded.get(fold(p["name"]))
        if rec is not None:
            pi["state"] = MatchState.EXISTING.value
            pi["existing"] = record_ref(existing, str(existing), "meetings:detail")
            pi["participant_id"] = rec.pk
            pi["recorded_position"] = rec.position
        f.participants.append(pi)


def people(f: Findings) -> None:
    """Every person textmine read, as the command line lists them: the participant proposed for
    them, or why none is (a byline, no session, named in passing)."""
    proposed = {tuple(p["span"]): p for p in f.participants}
    for p in f.extraction.persons:
        span = tuple(p["span"])
        pi = proposed.get(span)
        if pi is not None:
            why = ""
        elif p.get("cue") in ("byline", "photo"):
            why = _("tác giả bài viết, ảnh")
        elif f.meeting is None:
            why = _("không thấy buổi làm việc")
        else:
            why = _("được nêu tên nhưng không ở câu nói về buổi làm việc")
        f.people.append(
            {
                "name": p["name"],
                "titles": list(p.get("titles", [])),
                "span": list(span),
                "participant": pi["key"] if pi else "",
                "reason": why,
            }
        )


def refuse_uncreatable(f: Findings, viewer: Any, may: May) -> None:
    """A new session is recorded under its host; participants go into the host's minutes, and
    are not written when the session will not be."""
    m = f.meeting
    if m is None:
        return
    if is_new(m):
        host = may.unit(m["fields"].get("host"))
        if not may(host):
            refuse_item(m, out_of_scope(host, _("đơn vị chủ trì")))
    else:
        try:
            host = meetings_selectors.meeting_get(viewer=viewer, pk=m.get("meeting_id")).host
        except Http404:
            host = None
    for p in f.participants:
        if not is_new(p):
            continue
        if m.get("refused"):
            refuse_item(p, _("buổi làm việc sẽ không được ghi."))
        elif not may(host):
            refuse_item(p, out_of_scope(host, _("đơn vị chủ trì, giữ biên bản")))
