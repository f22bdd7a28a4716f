"""Writes of campaigns, nominations and decisions, practices, features and adoptions.
Each is atomic, validated with Vietnamese messages, and writes exactly one audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.files import CheckedFile, check_upload
from trienkhai.core.models import discard_files, store_files
from trienkhai.core.scoping import covers, get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.emulation.choices import NominationStatus, NomineeKind, WorkKind
from trienkhai.emulation.models import Adoption, Campaign, Nomination, Practice, PracticeAttachment
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document

ATTACHMENT_KINDS = (".pdf", ".docx", ".jpg", ".jpeg", ".png")


def _fmt(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def _doc_visible(acting_user: Any, doc: Document | None) -> None:
    if doc is not None:
        document_get(viewer=acting_user, pk=doc.pk)


def _not_future(on: dt.date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("Ngày ở tương lai.")})


# --- campaigns and nominations ------------------------------------------------------------


@service
def campaign_create(
    *,
    unit: Unit,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    criteria: str = "",
    document: Document | None = None,
    illustrative: bool = False,
    acting_user: Any,
) -> Campaign:
    require(acting_user, unit)
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi tên phong trào.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc trước ngày bắt đầu.")})
    _doc_visible(acting_user, document)
    c = Campaign(
        unit=unit,
        title=title[:300],
        description=clean_text(description or "", multiline=True),
        criteria=clean_text(criteria or "", multiline=True),
        starts_on=starts_on,
        ends_on=ends_on,
        document=document,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    c.search_folded = fold(" ".join([c.title, c.description, c.criteria, unit.name]))
    c.full_clean(exclude=["unit", "document", "created_by"])
    c.save()
    audit_log(
        actor=acting_user,
        action="emulation.campaign_create",
        obj=c,
        unit=unit,
        changes={
            "title": c.title,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "document": str(document) if document else None,
        },
    )
    return c


@service
def nomination_create(
    *,
    campaign: Campaign,
    unit: Unit,
    kind: str,
    achievements: str,
    nominee_unit: Unit | None = None,
    person: Any = None,
    nominee_name: str = "",
    nominated_on: dt.date | None = None,
    illustrative: bool = False,
    acting_user: Any,
) -> Nomination:
    """``unit`` (inside the campaign's organiser subtree) proposes a collective of its
    subtree or a person working there, within the campaign's period."""
    qs = Campaign.objects.select_related("unit")
    c = get_scoped_or_404(qs, acting_user, "view", pk=campaign.pk)
    require(acting_user, unit)
    nominated_on = nominated_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not unit.is_within(c.unit):
        errors.setdefault("unit", []).append(
            _("Phong trào do %(o)s phát động; “%(u)s” không thuộc phạm vi.")
            % {"o": c.unit.name, "u": unit.name}
        )
    if not (c.starts_on <= nominated_on <= c.ends_on):
        errors.setdefault("nominated_on", []).append(
            _("Ngày đề nghị (%(d)s) nằm ngoài thời gian của phong trào (%(a)s – %(b)s).")
            % {"d": _fmt(nominated_on), "a": _fmt(c.starts_on), "b": _fmt(c.ends_on)}
        )
    if kind == NomineeKind.COLLECTIVE:
        if nominee_unit is None:
            errors.setdefault("nominee_unit", []).append(_("Hãy chọn tập thể được đề nghị."))
        elif not nominee_unit.is_within(unit):
            errors.setdefault("nominee_unit", []).append(
                _("Chỉ đề nghị tập thể thuộc “%(u)s”.") % {"u": unit.name}
            )
        person = None
        nominee_name = nominee_unit.name if nominee_unit is not None else ""
    elif kind == NomineeKind.INDIVIDUAL:
        if person is None:
            errors.setdefault("person", []).append(_("Hãy chọn cá nhân được đề nghị."))
        elif not person.unit.is_within(unit):
            errors.setdefault("person", []).append(
                _("“%(p)s” không công tác tại “%(u)s” hoặc đơn vị trực thuộc.")
                % {"p": person.full_name, "u": unit.name}
            )
        nominee_unit = None
        nominee_name = person.full_name if person is not None else ""
    else:
        errors.setdefault("kind", []).append(_("Đối tượng không hợp lệ."))
    achievements = clean_text(achievements or "", multiline=True)
    if not achievements:
        errors.setdefault("achievements", []).append(_("Hãy ghi thành tích."))
    if errors:
        raise ValidationError(errors)
    if Nomination.objects.filter(
        campaign=c, nominee_unit=nominee_unit, person=person, status=NominationStatus.PENDING
    ).exists():
        raise ValidationError(_("“%(n)s” đang được đề nghị trong phong trào này.") % {"n": nominee_name})
    n = Nomination.objects.create(
        campaign=c,
        unit=unit,
        kind=kind,
        nominee_unit=nominee_unit,
        person=person,
        nominee_name=nominee_name[:300],
        achievements=achievements,
        nominated_on=nominated_on,
        illustrative=illustrative,
    )
    audit_log(
        actor=acting_user,
        action="emulation.nominate",
        obj=n,
        unit=unit,
        changes={"campaign": c.title, "kind": kind, "nominee": nominee_name, "nominated_on": nominated_on},
    )
    return n


@service
def nomination_decide(
    *,
    nomination: Nomination,
    approve: bool,
    on: dt.date | None = None,
    document: Document | None = None,
    note: str = "",
    acting_user: Any,
) -> Nomination:
    """The committee that launched the campaign approves (with its commendation decision
    from the registry) or declines (with a reason)."""
    n = (
        Nomination.objects.select_for_update()
        .select_related("campaign", "campaign__unit")
        .get(pk=nomination.pk)
    )
    get_scoped_or_404(Nomination.objects, acting_user, "view", pk=n.pk)
    if not covers(acting_user, n.campaign.unit, "change"):
        raise PermissionDenied(
            _("Chỉ đơn vị phát động phong trào (%(u)s) mới xét khen thưởng.") % {"u": n.campaign.unit.name}
        )
    if n.status != NominationStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xét."))
    on = on or timezone.localdate()
    _not_future(on, "on")
    if on < n.nominated_on:
        raise ValidationError(
            {"on": _("Ngày quyết định trước ngày đề nghị (%(d)s).") % {"d": _fmt(n.nominated_on)}}
        )
    note = clean_text(note or "", multiline=True)
    if approve:
        if document is None:
            raise ValidationError({"document": _("Hãy chọn quyết định khen thưởng trong sổ văn bản.")})
        _doc_visible(acting_user, document)
    elif not note:
        raise ValidationError({"note": _("Hãy ghi lý do không khen thưởng.")})
    n.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    n.decided_on, n.decision_document, n.decision_note = on, document if approve else None, note
    n.save(update_fields=["status", "decided_on", "decision_document", "decision_note"])
    audit_log(
        actor=acting_user,
        action="emulation.decide",
        obj=n,
        unit=n.campaign.unit,
        changes={
            "status": n.status,
            "on": on,
            "document": str(document) if approve else None,
            "note": note or None,
        },
    )
    return n


# --- good practices -----------------------------------------------------------------------


def _store(practice: Practice, files: list[CheckedFile]) -> list[PracticeAttachment]:
    return store_files(PracticeAttachment, files, practice=practice)


@service
def practice_create(
    *,
    unit: Unit,
    title: str,
    work_kind: str,
    description: str,
    results: str = "",
    started_on: dt.date | None = None,
    attachments: Iterable[tuple[IO[bytes], str]] = (),
    illustrative: bool = False,
    acting_user: Any,
) -> Practice:
    require(acting_user, unit)
    title, description = clean_text(title or ""), clean_text(description or "", multiline=True)
    errors: dict[str, list[str]] = {}
    if not title:
        errors.setdefault("title", []).append(_("Hãy ghi tên cách làm."))
    if not description:
        errors.setdefault("description", []).append(_("Hãy mô tả cách làm."))
    if work_kind not in WorkKind.values:
        errors.setdefault("work_kind", []).append(_("Lĩnh vực không hợp lệ."))
    if started_on is not None and started_on > timezone.localdate():
        errors.setdefault("started_on", []).append(_("Ngày ở tương lai."))
    if errors:
        raise ValidationError(errors)
    files = [check_upload(upload, name, ATTACHMENT_KINDS) for upload, name in attachments]  # before any write
    p = Practice(
        unit=unit,
        title=title[:300],
        work_kind=work_kind,
        description=description,
        results=clean_text(results or "", multiline=True),
        started_on=started_on,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    p.search_folded = fold(
        " ".join([p.title, p.description, p.results, unit.name, str(p.get_work_kind_display())])
    )
    p.full_clean(exclude=["unit", "featured_by", "created_by"])
    p.save()
    stored: list[PracticeAttachment] = []
    try:
        stored = _store(p, files)
        audit_log(
            actor=acting_user,
            action="emulation.practice_create",
            obj=p,
            unit=unit,
            changes={
                "title": p.title,
                "work_kind": work_kind,
                "attachments": [a.original_name for a in stored],
            },
        )
    except Exception:
        discard_files(stored)
        raise
    return p


@service
def practice_feature(
    *, practice: Practice, by: Unit, on: dt.date | None = None, note: str = "", acting_user: Any
) -> Practice:
    """A committee at or above the practice's unit introduces it to every unit under it."""
    p = Practice.objects.select_for_update(of=("self",)).select_related("unit").get(pk=practice.pk)
    get_scoped_or_404(Practice.objects, acting_user, "view", pk=p.pk)
    require(acting_user, by)
    if by.pk == p.unit_id or not p.unit.is_within(by):
        raise ValidationError(
            _("Chỉ cấp ủy cấp trên của “%(u)s” mới giới thiệu cách làm này.") % {"u": p.unit.name}
        )
    on = on or timezone.localdate()
    _not_future(on, "on")
    before = p.featured_by
    p.featured_by, p.featured_on, p.featured_note = by, on, clean_text(note or "", multiline=True)
    p.save(update_fields=["featured_by", "featured_on", "featured_note"])
    audit_log(
        actor=acting_user,
        action="emulation.feature",
        obj=p,
        unit=by,
        changes={"featured_by": [str(before) if before else None, by.name], "on": on},
    )
    return p


@service
def adoption_record(
    *,
    practice: Practice,
    unit: Unit,
    adopted_on: dt.date,
    outcome: str = "",
    illustrative: bool = False,
    acting_user: Any,
) -> Adoption:
    """Another unit reports that it adopted the practice, and how it went."""
    qs = Practice.objects.select_related("unit")
    p = get_scoped_or_404(qs, acting_user, "view", pk=practice.pk)
    require(acting_user, unit)
    if unit.pk == p.unit_id:
        raise ValidationError(_("Đơn vị không tự ghi nhân rộng cách làm của chính mình."))
    _not_future(adopted_on, "adopted_on")
    if p.started_on and adopted_on < p.started_on:
        raise ValidationError(
            {"adopted_on": _("Ngày áp dụng trước khi có cách làm này (%(d)s).") % {"d": _fmt(p.started_on)}}
        )
    if Adoption.objects.filter(practice=p, unit=unit).exists():
        raise ValidationError(_("“%(u)s” đã ghi áp dụng cách làm này.") % {"u": unit.name})
    a = Adoption.objects.create(
        practice=p,
        unit=unit,
        adopted_on=adopted_on,
        outcome=clean_text(outcome or "", multiline=True),
        illustrative=illustrative,
    )
    audit_log(
        actor=acting_user,
        action="emulation.adopt",
        obj=a,
        unit=unit,
        changes={"practice": p.title, "adopted_on": adopted_on},
    )
    return a
