"""Writes of working sessions. Conclusions become follow-ups and raised proposals
become proposals through the followups and proposals services (one click each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import covers, get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.followups.services import followup_create
from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide
from trienkhai.meetings.models import Conclusion, Meeting, Participant, RaisedProposal
from trienkhai.orgs.models import Unit
from trienkhai.proposals.services import proposal_from_meeting_item
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document
    from trienkhai.followups.models import FollowUp
    from trienkhai.proposals.models import Proposal

DEFAULT_FOLLOWUP_DAYS = 30


def _search_text(m: Meeting) -> str:
    return fold(" ".join([m.title, m.place, m.summary, m.host.name, m.platform]))


def _require_host_side(meeting: Meeting, user: Any) -> Meeting:
    """Editors at the host (or above it) keep the minutes."""
    qs = Meeting.objects.select_for_update(of=("self",)).select_related("host")
    m = get_scoped_or_404(qs, user, "view", pk=meeting.pk)
    if not covers(user, m.host, "change"):
        raise PermissionDenied(
            _("Chỉ đơn vị chủ trì (%(u)s) mới cập nhật được biên bản.") % {"u": m.host.name}
        )
    return m


@service
def meeting_create(
    *,
    host: Unit,
    title: str,
    date: dt.date,
    form: str,
    kind: str = MeetingKind.WORKING_SESSION,
    place: str = "",
    platform: str = "",
    visiting_units: Iterable[Unit] = (),
    documents: Iterable[Document] = (),
    summary: str = "",
    illustrative: bool = False,
    acting_user: Any,
) -> Meeting:
    require(acting_user, host)
    if form not in MeetingForm.values:
        raise ValidationError({"form": _("Hình thức không hợp lệ.")})
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Loại không hợp lệ.")})
    platform = clean_text(platform or "")
    if form in (MeetingForm.ONLINE, MeetingForm.HYBRID) and not platform:
        raise ValidationError({"platform": _("Hãy ghi nền tảng trực tuyến (Zoom, Teams …).")})
    visiting = list(visiting_units)
    if any(u.pk == host.pk for u in visiting):
        raise ValidationError({"visiting_units": _("Đơn vị chủ trì không đồng thời là đơn vị đến làm việc.")})
    docs = list(documents)
    for d in docs:
        document_get(viewer=acting_user, pk=d.pk)
    m = Meeting(
        host=host,
        title=clean_text(title or ""),
        date=date,
        form=form,
        kind=kind,
        place=clean_text(place or ""),
        platform=platform,
        summary=clean_text(summary or "", multiline=True),
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    if not m.title:
        raise ValidationError({"title": _("Hãy ghi tiêu đề buổi làm việc.")})
    m.search_folded = _search_text(m)
    m.full_clean(exclude=["host", "created_by"])
    m.save()
    m.visiting_units.set(visiting)
    m.documents.set(docs)
    audit_log(
        actor=acting_user,
        action="meeting.create",
        obj=m,
        unit=host,
        changes={
            "title": m.title,
            "date": date,
            "form": form,
            "visiting": [u.name for u in visiting],
            "documents": [str(d) for d in docs],
        },
    )
    return m


@service
def participant_add(
    *,
    meeting: Meeting,
    name: str,
    position: str = "",
    unit: Unit | None = None,
    side: str = ParticipantSide.HOST,
    role: str = ParticipantRole.ATTENDEE,
    acting_user: Any,
) -> Participant:
    m = _require_host_side(meeting, acting_user)
    name = clean_text(name or "")
    if not name:
        raise ValidationError({"name": _("Hãy ghi họ tên.")})
    if side not in ParticipantSide.values or role not in ParticipantRole.values:
        raise ValidationError(_("Vai trò hoặc thành phần không hợp lệ."))
    order = m.participants.count() + 1
    p = Participant(
        meeting=m,
        name=name,
        position=clean_text(position or ""),
        unit=unit,
        side=side,
        role=role,
        order=order,
    )
    p.full_clean(exclude=["meeting", "unit"])
    p.save()
    audit_log(
        actor=acting_user,
        action="meeting.participant_add",
        obj=m,
        unit=m.host,
        changes={"name": name, "position": p.position, "unit": unit, "role": role},
    )
    return p


def _may_carry_out(m: Meeting, unit: Unit, user: Any) -> bool:
    """Who a conclusion may name: a party to the meeting, a unit above or below the host, or any
    unit the user edits (a ward below the city, not only the session's participants — issue 18.2)."""
    if unit.is_within(m.host) or m.host.is_within(unit):
        return True
    if m.visiting_units.filter(pk=unit.pk).exists():
        return True
    return covers(user, unit, "change")


@service
def conclusion_add(
    *, meeting: Meeting, text: str, unit: Unit | None = None, due_on: dt.date | None = None, acting_user: Any
) -> Conclusion:
    m = _require_host_side(meeting, acting_user)
    text = clean_text(text or "", multiline=True)
    if not text:
        raise ValidationError({"text": _("Hãy ghi nội dung kết luận.")})
    if unit is not None and not _may_carry_out(m, unit, acting_user):
        raise ValidationError(
            {"unit": _("“%(u)s” không dự buổi làm việc và không thuộc phạm vi của bạn.") % {"u": unit.name}}
        )
    c = Conclusion.objects.create(
        meeting=m, text=text, unit=unit, due_on=due_on, order=m.conclusions.count() + 1
    )
    audit_log(
        actor=acting_user,
        action="meeting.conclusion_add",
        obj=m,
        unit=m.host,
        changes={"text": text, "unit": unit, "due_on": due_on},
    )
    return c


@service
def raised_proposal_add(
    *, meeting: Meeting, text: str, sender: Unit, addressee: Unit, acting_user: Any
) -> RaisedProposal:
    m = _require_host_side(meeting, acting_user)
    text = clean_text(text or "", multiline=True)
    if not text:
        raise ValidationError({"text": _("Hãy ghi nội dung kiến nghị.")})
    participants = {m.host_id, *m.visiting_units.values_list("pk", flat=True)}
    if sender.pk not in participants and not sender.is_within(m.host):
        raise ValidationError({"sender": _("Đơn vị kiến nghị phải là đơn vị dự buổi làm việc.")})
    item = RaisedProposal.objects.create(
        meeting=m, text=text, sender=sender, addressee=addressee, order=m.raised_proposals.count() + 1
    )
    audit_log(
        actor=acting_user,
        action="meeting.proposal_add",
        obj=m,
        unit=m.host,
        changes={"text": text, "sender": sender, "addressee": addressee},
    )
    return item


@service
def conclusion_to_followup(
    *,
    conclusion: Conclusion,
    due_on: dt.date | None = None,
    accountable: str = "",
    illustrative: bool | None = None,
    acting_user: Any,
) -> FollowUp:
    """One click: the conclusion becomes a follow-up task of the unit it names (else the host)."""
    meeting = conclusion.meeting
    # The role first: someone who may not act here learns nothing about the item's state.
    if not covers(acting_user, meeting.host, "change"):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì mới giao việc từ kết luận."))
    if conclusion.followups.exists():
        raise ValidationError(_("Kết luận này đã được chuyển thành việc cần theo dõi."))
    unit = conclusion.unit or meeting.host
    return followup_create(
        unit=unit,
        assigned_by=meeting.host,
        title=conclusion.text.split("\n")[0][:500],
        expected_result=conclusion.text,
        accountable=accountable,
        due_on=due_on or conclusion.due_on or meeting.date + dt.timedelta(days=DEFAULT_FOLLOWUP_DAYS),
        source=conclusion,
        illustrative=meeting.illustrative if illustrative is None else illustrative,
        assigned_on=meeting.date,
        acting_user=acting_user,
    )


@service
def raised_to_proposal(*, item: RaisedProposal, due_on: dt.date | None = None, acting_user: Any) -> Proposal:
    """One click: the minuted proposal is sent, dated the day of the meeting."""
    return proposal_from_meeting_item(item=item, due_on=due_on, acting_user=acting_user)
