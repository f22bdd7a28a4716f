"""Writes of proposals. Each function is one step, atomic, with exactly one audit event.

Who may do what:
- the sender's side (editors at the sender or above it) sends and attaches files;
- the addressee's side (editors at the addressee or above it) acknowledges, assigns,
  answers, declines and closes; the assigned department may also answer or decline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.files import CheckedFile, check_upload
from trienkhai.core.models import discard_files, store_files
from trienkhai.core.scoping import SYSTEM, covers, get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.models import Unit
from trienkhai.proposals import selectors
from trienkhai.proposals.choices import AWAITING, STAFF_KINDS, EventKind, ProposalCategory, ProposalStatus
from trienkhai.proposals.models import Proposal, ProposalAttachment, ProposalEvent
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document

DEFAULT_ANSWER_DAYS = 30
ATTACHMENT_KINDS = (".pdf", ".docx")
# Staff bodies of a committee (its boards and steering committees) answer for it:
# Phổ Yên writes to Ban Tuyên giáo Trung ương, a board of the Central Committee.


# --- who is "above" whom -----------------------------------------------------------


def higher_units(*, sender: Unit, on: dt.date | None = None) -> QuerySet[Unit]:
    """Units a proposal from ``sender`` may go to: its ancestors and their staff bodies."""
    qs = Unit.objects.filter(selectors.above_q_with_staff(sender)).exclude(pk=sender.pk)
    on = on or timezone.localdate()
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    )


def department_choices(*, addressee: Unit, on: dt.date | None = None) -> QuerySet[Unit]:
    """Where the addressee may hand a proposal: a unit under it, or — when the addressee is
    a staff board — a fellow staff body of the same committee (the Ban Tuyên giáo hands a
    BCĐ 35 matter to the Ban Chỉ đạo 35 of the same level). Only bodies existing on ``on``."""
    q = Q(path__startswith=addressee.path, depth__gt=addressee.depth)
    if addressee.kind in STAFF_KINDS and addressee.depth > 1:
        parent_path = addressee.parent_path
        q |= Q(path__startswith=parent_path, depth=addressee.depth, kind__in=STAFF_KINDS)
    on = on or timezone.localdate()
    return (
        Unit.objects.filter(q)
        .exclude(pk=addressee.pk)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
    )


# --- helpers ------------------------------------------------------------------------------


def _search_text(p: Proposal) -> str:
    return fold(" ".join([p.title, p.content, p.sender.name, p.addressee.name, p.answer_text]))


def _date(on: dt.date | None, *, not_before: dt.date | None = None, field: str = "on") -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({field: _("Ngày ở tương lai.")})
    if not_before and on < not_before:
        raise ValidationError(
            {field: _("Ngày không được trước ngày gửi kiến nghị (%(d)s).") % {"d": f"{not_before:%d/%m/%Y}"}}
        )
    return on


def _actor_name(user: Any) -> str:
    return (
        (getattr(user, "full_name", "") or getattr(user, "username", ""))
        if user is not None and user is not SYSTEM
        else "hệ thống"
    )


def _event(p: Proposal, kind: str, on: dt.date, unit: Unit | None, note: str, user: Any) -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=p, kind=kind, on=on, unit=unit, note=note, actor_name=_actor_name(user)
    )


def _locked(proposal: Proposal, acting_user: Any) -> Proposal:
    # of=("self",): PostgreSQL will not lock the nullable side of the outer join to department.
    qs = Proposal.objects.select_for_update(of=("self",)).select_related("sender", "addressee", "department")
    return get_scoped_or_404(qs, acting_user, "change", pk=proposal.pk)


def _tell_sender(p: Proposal, event: ProposalEvent, text: str) -> int:
    """A notice to the editors and administrators of the sending unit, once per event: the
    sender learns that its proposal was received, answered or declined without having to look."""
    from django.urls import reverse

    from trienkhai.accounts.models import Role
    from trienkhai.core.notify import notify, subject_line

    url = reverse("proposals:detail", args=[p.pk])
    roles = Role.objects.filter(unit=p.sender, role__in=("editor", "admin"), user__is_active=True)
    sent = 0
    for role in roles.select_related("user").order_by("pk"):
        sent += notify(
            user=role.user,
            key=f"proposal:{p.pk}:event:{event.pk}",
            text=text,
            url=url,
            email_subject=subject_line("[Triển khai] " + text),
        )
    return sent


def _require_addressee_side(p: Proposal, user: Any, *, department_too: bool = False) -> None:
    if covers(user, p.addressee, "change"):
        return
    if department_too and covers(user, p.department, "change"):
        return
    raise PermissionDenied(
        _("Chỉ đơn vị nhận kiến nghị (%(u)s) mới thực hiện được bước này.") % {"u": p.addressee.name}
    )


def _require_open(p: Proposal) -> None:
    if p.status == ProposalStatus.CLOSED:
        raise ValidationError(
            _("Kiến nghị đã đóng ngày %(d)s; không thay đổi được nữa.") % {"d": f"{p.closed_on:%d/%m/%Y}"}
        )


def _check_files(attachments: Iterable[tuple[IO[bytes], str]]) -> list[CheckedFile]:
    return [check_upload(upload, name, ATTACHMENT_KINDS) for upload, name in attachments]


def _store_files(p: Proposal, files: list[CheckedFile]) -> list[ProposalAttachment]:
    """Save files; if anything later fails the caller removes them (see ``discard_files``)."""
    return store_files(ProposalAttachment, files, proposal=p)


# --- the steps ----------------------------------------------------------------------------


@service
def proposal_send(
    *,
    sender: Unit,
    addressee: Unit,
    category: str,
    title: str,
    content: str,
    due_on: dt.date | None = None,
    sent_on: dt.date | None = None,
    attachments: Iterable[tuple[IO[bytes], str]] = (),
    source_meeting_item: Any = None,
    source_issue: Any = None,
    illustrative: bool = False,
    acting_user: Any,
) -> Proposal:
    require(acting_user, sender)
    sent_on = _date(sent_on, field="sent_on")
    if category not in ProposalCategory.values:
        raise ValidationError({"category": _("Lĩnh vực không hợp lệ.")})
    title, content = clean_text(title or ""), clean_text(content or "", multiline=True)
    if not content:
        raise ValidationError({"content": _("Hãy ghi nội dung kiến nghị.")})
    title = title or content.split("\n")[0][:200]
    if not higher_units(sender=sender, on=sent_on).filter(pk=addressee.pk).exists():
        raise ValidationError(
            {
                "addressee": _(
                    "Chỉ gửi kiến nghị lên cấp trên: “%(a)s” không phải cấp trên của “%(s)s” "
                    "(hoặc không còn hoạt động vào ngày gửi)."
                )
                % {"a": addressee.name, "s": sender.name}
            }
        )
    due_on = due_on or sent_on + dt.timedelta(days=DEFAULT_ANSWER_DAYS)
    if due_on < sent_on:
        raise ValidationError({"due_on": _("Hạn trả lời trước ngày gửi.")})
    files = _check_files(attachments)  # every file is checked before anything is written
    meeting = getattr(source_meeting_item, "meeting", None)
    report = getattr(source_issue, "report", None)
    p = Proposal(
        sender=sender,
        addressee=addressee,
        category=category,
        title=title[:300],
        content=content,
        sent_on=sent_on,
        due_on=due_on,
        source_meeting_item=source_meeting_item,
        source_meeting=meeting,
        source_issue=source_issue,
        source_report=report,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    p.search_folded = _search_text(p)
    p.full_clean(
        exclude=[
            "sender",
            "addressee",
            "created_by",
            "source_meeting_item",
            "source_issue",
            "source_meeting",
            "source_report",
        ]
    )
    p.save()
    _event(p, EventKind.SENT, sent_on, sender, "", acting_user)
    stored: list[ProposalAttachment] = []
    try:
        stored = _store_files(p, files)
        audit_log(
            actor=acting_user,
            action="proposal.send",
            obj=p,
            unit=sender,
            changes={
                "addressee": addressee,
                "category": category,
                "title": p.title,
                "due_on": due_on,
                "attachments": [a.original_name for a in stored],
                "source": str(source_meeting_item or source_issue or "") or None,
            },
        )
    except Exception:
        discard_files(stored)
        raise
    return p


@service
def proposal_attach(
    *, proposal: Proposal, upload: IO[bytes], name: str, acting_user: Any
) -> ProposalAttachment:
    p = _locked(proposal, acting_user)
    if not covers(acting_user, p.sender, "change"):
        raise PermissionDenied(_("Chỉ đơn vị gửi kiến nghị mới đính kèm tệp được."))
    _require_open(p)
    files = _check_files([(upload, name)])
    stored = _store_files(p, files)
    try:
        _event(p, EventKind.ATTACHED, timezone.localdate(), p.sender, stored[0].original_name, acting_user)
        audit_log(
            actor=acting_user,
            action="proposal.attach",
            obj=p,
            unit=p.sender,
            changes={"name": stored[0].original_name, "size": stored[0].size, "sha256": stored[0].sha256},
        )
    except Exception:
        discard_files(stored)
        raise
    return stored[0]


@service
def proposal_acknowledge(
    *, proposal: Proposal, on: dt.date | None = None, note: str = "", acting_user: Any
) -> Proposal:
    p = _locked(proposal, acting_user)
    _require_addressee_side(p, acting_user)
    _require_open(p)
    if p.status != ProposalStatus.SENT:
        raise ValidationError(_("Kiến nghị đã được tiếp nhận."))
    on = _date(on, not_before=p.sent_on)
    p.status = ProposalStatus.ACKNOWLEDGED
    p.save(update_fields=["status"])
    event = _event(
        p, EventKind.ACKNOWLEDGED, on, p.addressee, clean_text(note or "", multiline=True), acting_user
    )
    audit_log(actor=acting_user, action="proposal.acknowledge", obj=p, unit=p.addressee, changes={"on": on})
    _tell_sender(
        p,
        event,
        _("%(unit)s đã tiếp nhận kiến nghị: %(title)s") % {"unit": p.addressee.name, "title": p.title},
    )
    return p


@service
def proposal_assign(
    *, proposal: Proposal, department: Unit, on: dt.date | None = None, note: str = "", acting_user: Any
) -> Proposal:
    p = _locked(proposal, acting_user)
    _require_addressee_side(p, acting_user)
    _require_open(p)
    if p.status not in AWAITING:
        raise ValidationError(_("Kiến nghị đã được trả lời; không giao xử lý nữa."))
    on = _date(on, not_before=p.sent_on)
    if not department_choices(addressee=p.addressee, on=on).filter(pk=department.pk).exists():
        raise ValidationError(
            {
                "department": _("“%(d)s” không phải bộ phận của “%(a)s”.")
                % {"d": department.name, "a": p.addressee.name}
            }
        )
    before = p.department
    p.department, p.status = department, ProposalStatus.ASSIGNED
    p.save(update_fields=["department", "status"])
    _event(p, EventKind.ASSIGNED, on, department, clean_text(note or "", multiline=True), acting_user)
    audit_log(
        actor=acting_user,
        action="proposal.assign",
        obj=p,
        unit=p.addressee,
        changes={"department": [str(before) if before else None, department.name], "on": on},
    )
    return p


@service
def proposal_answer(
    *,
    proposal: Proposal,
    text: str = "",
    document: Document | None = None,
    on: dt.date | None = None,
    acting_user: Any,
) -> Proposal:
    p = _locked(proposal, acting_user)
    _require_open(p)
    _require_addressee_side(p, acting_user, department_too=True)
    if p.status == ProposalStatus.DECLINED:
        raise ValidationError(_("Kiến nghị đã được trả lời là không tiếp thu."))
    text = clean_text(text or "", multiline=True)
    if not text and document is None:
        raise ValidationError({"text": _("Hãy ghi nội dung trả lời hoặc chọn văn bản hướng dẫn.")})
    if document is not None:
        document_get(viewer=acting_user, pk=document.pk)
    on = _date(on, not_before=p.sent_on)
    first = p.responded_on is None
    p.answer_text, p.answer_document, p.status = text, document, ProposalStatus.ANSWERED
    p.responded_on = p.responded_on or on  # the first answer counts for "answered on time"
    p.search_folded = _search_text(p)
    p.save(update_fields=["answer_text", "answer_document", "status", "responded_on", "search_folded"])
    note = text + (f"\n{document}" if document else "")
    event = _event(p, EventKind.ANSWERED, on, p.department or p.addressee, note, acting_user)
    audit_log(
        actor=acting_user,
        action="proposal.answer",
        obj=p,
        unit=p.addressee,
        changes={"text": text, "document": document, "on": on, "first_answer": first},
    )
    _tell_sender(
        p,
        event,
        _("%(unit)s đã trả lời kiến nghị: %(title)s")
        % {"unit": (p.department or p.addressee).name, "title": p.title},
    )
    return p


@service
def proposal_decline(
    *, proposal: Proposal, reason: str, on: dt.date | None = None, acting_user: Any
) -> Proposal:
    p = _locked(proposal, acting_user)
    _require_open(p)
    _require_addressee_side(p, acting_user, department_too=True)
    if p.status not in AWAITING:
        raise ValidationError(_("Kiến nghị đã được trả lời."))
    reason = clean_text(reason or "", multiline=True)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do không tiếp thu.")})
    on = _date(on, not_before=p.sent_on)
    p.decline_reason, p.status, p.responded_on = reason, ProposalStatus.DECLINED, on
    p.save(update_fields=["decline_reason", "status", "responded_on"])
    event = _event(p, EventKind.DECLINED, on, p.department or p.addressee, reason, acting_user)
    audit_log(
        actor=acting_user,
        action="proposal.decline",
        obj=p,
        unit=p.addressee,
        changes={"reason": reason, "on": on},
    )
    _tell_sender(
        p,
        event,
        _("%(unit)s không tiếp thu kiến nghị: %(title)s")
        % {"unit": (p.department or p.addressee).name, "title": p.title},
    )
    return p


@service
def proposal_close(
    *, proposal: Proposal, on: dt.date | None = None, note: str = "", acting_user: Any
) -> Proposal:
    p = _locked(proposal, acting_user)
    _require_addressee_side(p, acting_user)
    _require_open(p)
    if p.status in AWAITING:
        raise ValidationError(_("Chỉ đóng kiến nghị đã được trả lời hoặc đã có lý do không tiếp thu."))
    on = _date(on, not_before=p.responded_on or p.sent_on)
    p.status, p.closed_on = ProposalStatus.CLOSED, on
    p.save(update_fields=["status", "closed_on"])
    _event(p, EventKind.CLOSED, on, p.addressee, clean_text(note or "", multiline=True), acting_user)
    audit_log(actor=acting_user, action="proposal.close", obj=p, unit=p.addressee, changes={"on": on})
    return p


def _level_above(unit: Unit) -> Unit | None:
    """One level up: the unit's parent (a staff board's superior is its committee)."""
    if unit.depth <= 1:
        return None
    return Unit.objects.get(path=unit.parent_path)


@service
def proposal_escalate(
    *, proposal: Proposal, today: dt.date | None = None, acting_user: Any
) -> Proposal | None:
    """An overdue, unanswered proposal is reported one level above the addressee (once)."""
    p = _locked(proposal, acting_user)
    today = today or timezone.localdate()
    if p.status not in AWAITING or p.due_on >= today or p.escalated_to_id is not None:
        return None
    above = _level_above(p.addressee)
    if above is None:
        return None
    p.escalated_to, p.escalated_on = above, today
    p.save(update_fields=["escalated_to", "escalated_on"])
    days = (today - p.due_on).days
    note = _("Quá hạn trả lời %(n)s ngày; đã báo cáo %(u)s.") % {"n": days, "u": above.name}
    _event(p, EventKind.ESCALATED, today, above, note, acting_user)
    audit_log(
        actor=acting_user,
        action="proposal.escalate",
        obj=p,
        unit=p.addressee,
        changes={"escalated_to": above, "due_on": p.due_on, "days_overdue": days},
    )
    return p


@service
def proposal_escalate_overdue(*, today: dt.date | None = None, acting_user: Any) -> int:
    """Escalate every overdue proposal; each in its own transaction with its own audit event."""
    today = today or timezone.localdate()
    ids = list(
        Proposal.objects.filter(status__in=AWAITING, due_on__lt=today, escalated_to__isnull=True).values_list(
            "pk", flat=True
        )
    )
    done = 0
    for pk in ids:
        if proposal_escalate(proposal=Proposal(pk=pk), today=today, acting_user=acting_user) is not None:
            done += 1
    return done


# --- one click from a meeting or an opinion report -------------------------------------


@service
def proposal_from_meeting_item(*, item: Any, due_on: dt.date | None = None, acting_user: Any) -> Proposal:
    """A proposal voiced at a working session becomes a proposal, without retyping."""
    if Proposal.objects.filter(source_meeting_item=item).exists():
        raise ValidationError(_("Kiến nghị này đã được chuyển đi."))
    category = (
        ProposalCategory.TRAINING
        if "tập huấn" in item.text or "bồi dưỡng" in item.text
        else ProposalCategory.OTHER
    )
    return proposal_send(
        sender=item.sender,
        addressee=item.addressee,
        category=category,
        title=item.text.split("\n")[0][:200],
        content=item.text,
        sent_on=item.meeting.date,
        due_on=due_on,
        source_meeting_item=item,
        illustrative=item.meeting.illustrative,
        acting_user=acting_user,
    )


@service
def proposal_from_issue(
    *,
    issue: Any,
    addressee: Unit | None = None,
    sent_on: dt.date | None = None,
    due_on: dt.date | None = None,
    acting_user: Any,
) -> Proposal:
    """A pressing issue from an opinion report becomes a proposal to the level above."""
    if Proposal.objects.filter(source_issue=issue).exists():
        raise ValidationError(_("Vấn đề này đã được chuyển thành kiến nghị."))
    report = issue.report
    if addressee is None:
        addressee = _level_above(report.unit)
        if addressee is None:
            raise ValidationError(_("Đơn vị cấp cao nhất không có cấp trên để gửi kiến nghị."))
    content = issue.description
    if issue.proposed_solution:
        content += "\n" + _("Giải pháp đề xuất: %(s)s") % {"s": issue.proposed_solution}
    return proposal_send(
        sender=report.unit,
        addressee=addressee,
        category=ProposalCategory.OPINION,
        title=issue.description.split("\n")[0][:200],
        content=content,
        sent_on=sent_on,
        due_on=due_on,
        source_issue=issue,
        illustrative=report.illustrative,
        acting_user=acting_user,
    )


def proposals_pass_to_successor(*, old: Unit, new: Unit, date: dt.date, acting_user: Any) -> int:
    """A unit ended and ``new`` took over: the proposals still waiting that ``old`` sent, or
    that wait for its answer, become ``new``'s, each with an event saying so. Answered and
    closed ones stay with ``old`` (its history). Called inside the reorganisation's transaction."""
    moved = 0
    fields = ("sender", "addressee", "department")
    for p in (
        Proposal.objects.select_for_update()
        .filter(status__in=AWAITING)
        .filter(Q(sender=old) | Q(addressee=old) | Q(department=old))
    ):
        changed = [f for f in fields if getattr(p, f"{f}_id") == old.pk]
        for f in changed:
            setattr(p, f, new)
        p.save(update_fields=changed)
        _event(
            p,
            EventKind.SUCCEEDED,
            date,
            new,
            _("%(old)s kết thúc; %(new)s kế thừa.") % {"old": old.name, "new": new.name},
            acting_user,
        )
        moved += 1
    if moved:
        audit_log(
            actor=acting_user,
            action="proposal.succeeded",
            obj=new,
            unit=new,
            changes={"from": old.name, "proposals": moved},
        )
    return moved
