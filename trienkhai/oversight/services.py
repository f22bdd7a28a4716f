"""Writes of inspection and supervision: plans, inspections, conclusions with
recommendations, and recommendations turned into follow-up tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import covers, get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.followups.services import followup_create
from trienkhai.orgs.models import Unit
from trienkhai.oversight.choices import InspectionKind, InspectionMode
from trienkhai.oversight.models import Inspection, OversightPlan, Recommendation
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document
    from trienkhai.followups.models import FollowUp

DEFAULT_FOLLOWUP_DAYS = 60


@service
def plan_create(
    *, unit: Unit, year: int, title: str, note: str = "", illustrative: bool = False, acting_user: Any
) -> OversightPlan:
    require(acting_user, unit)
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi tên kế hoạch.")})
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Năm kế hoạch không hợp lệ.")})
    if OversightPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            {"year": _("%(u)s đã có kế hoạch kiểm tra, giám sát năm %(y)s.") % {"u": unit.name, "y": year}}
        )
    plan = OversightPlan.objects.create(
        unit=unit,
        year=year,
        title=title,
        note=clean_text(note or "", multiline=True),
        illustrative=illustrative,
    )
    audit_log(
        actor=acting_user,
        action="oversight.plan_create",
        obj=plan,
        unit=unit,
        changes={"year": year, "title": title},
    )
    return plan


@service
def inspection_create(
    *,
    conducting_unit: Unit,
    kind: str,
    mode: str,
    title: str,
    start_on: dt.date,
    subject_units: Iterable[Unit],
    end_on: dt.date | None = None,
    subject_matter: str = "",
    documents: Iterable[Document] = (),
    team: str = "",
    plan: OversightPlan | None = None,
    illustrative: bool = False,
    acting_user: Any,
) -> Inspection:
    require(acting_user, conducting_unit)
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Loại không hợp lệ (kiểm tra hoặc giám sát).")})
    if mode not in InspectionMode.values:
        raise ValidationError({"mode": _("Hình thức không hợp lệ (thường xuyên hoặc chuyên đề).")})
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi tên cuộc kiểm tra, giám sát.")})
    subjects = list(subject_units)
    if not subjects:
        raise ValidationError({"subject_units": _("Hãy chọn ít nhất một đối tượng.")})
    outside = [u.name for u in subjects if not u.is_within(conducting_unit, strict=True)]
    if outside:
        raise ValidationError(
            {
                "subject_units": _("Chỉ kiểm tra, giám sát đơn vị trực thuộc; không thuộc: %(u)s.")
                % {"u": ", ".join(outside)}
            }
        )
    if end_on and end_on < start_on:
        raise ValidationError({"end_on": _("Ngày kết thúc trước ngày bắt đầu.")})
    if plan is not None and (plan.unit_id != conducting_unit.pk or plan.year != start_on.year):
        raise ValidationError(
            {"plan": _("Kế hoạch không phải của đơn vị tiến hành trong năm %(y)s.") % {"y": start_on.year}}
        )
    docs = list(documents)
    for d in docs:
        document_get(viewer=acting_user, pk=d.pk)
    insp = Inspection(
        plan=plan,
        conducting_unit=conducting_unit,
        kind=kind,
        mode=mode,
        title=title,
        subject_matter=clean_text(subject_matter or "", multiline=True),
        team=clean_text(team or "", multiline=True),
        start_on=start_on,
        end_on=end_on,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    insp.search_folded = fold(" ".join([title, insp.subject_matter, conducting_unit.name]))
    insp.full_clean(exclude=["plan", "conducting_unit", "created_by"])
    insp.save()
    insp.subject_units.set(subjects)
    insp.documents.set(docs)
    audit_log(
        actor=acting_user,
        action="oversight.inspection_create",
        obj=insp,
        unit=conducting_unit,
        changes={
            "title": title,
            "kind": kind,
            "mode": mode,
            "subjects": [u.name for u in subjects],
            "documents": [str(d) for d in docs],
            "start_on": start_on,
        },
    )
    return insp


@service
def inspection_conclude(
    *,
    inspection: Inspection,
    findings: str,
    conclusion: str,
    concluded_on: dt.date | None = None,
    recommendations: Iterable[Mapping[str, Any]] = (),
    acting_user: Any,
) -> Inspection:
    qs = Inspection.objects.select_for_update(of=("self",)).select_related("conducting_unit")
    insp = get_scoped_or_404(qs, acting_user, "view", pk=inspection.pk)
    if not covers(acting_user, insp.conducting_unit, "change"):
        raise PermissionDenied(_("Chỉ đơn vị tiến hành mới ghi kết luận."))
    if insp.concluded_on is not None:
        raise ValidationError(
            _("Cuộc kiểm tra, giám sát đã có kết luận ngày %(d)s.") % {"d": f"{insp.concluded_on:%d/%m/%Y}"}
        )
    findings, conclusion = (
        clean_text(findings or "", multiline=True),
        clean_text(conclusion or "", multiline=True),
    )
    if not conclusion:
        raise ValidationError({"conclusion": _("Hãy ghi kết luận.")})
    concluded_on = concluded_on or timezone.localdate()
    if concluded_on > timezone.localdate() or concluded_on < insp.start_on:
        raise ValidationError(
            {"concluded_on": _("Ngày kết luận phải sau ngày bắt đầu và không ở tương lai.")}
        )
    subjects = {u.pk: u for u in insp.subject_units.all()}
    rows = []
    for i, r in enumerate(recommendations, start=1):
        text = clean_text(r.get("text") or "", multiline=True)
        unit = r.get("unit")
        if not text:
            continue
        # The subjects, the inspecting unit and any unit below it or in the user's subtree:
        # a recommendation to a city may name the ward that has to act (issue 18.2).
        allowed = unit is not None and (
            unit.pk in subjects
            or unit.is_within(insp.conducting_unit)
            or (covers(acting_user, unit, "change"))
        )
        if not allowed:
            raise ValidationError(
                {
                    "recommendations": _(
                        "Kiến nghị phải giao cho đối tượng được kiểm tra, giám sát hoặc đơn vị trong phạm vi của bạn."
                    )
                }
            )
        rows.append(Recommendation(inspection=insp, text=text, unit=unit, due_on=r.get("due_on"), order=i))
    insp.findings, insp.conclusion, insp.concluded_on = findings, conclusion, concluded_on
    insp.save(update_fields=["findings", "conclusion", "concluded_on"])
    Recommendation.objects.bulk_create(rows)
    audit_log(
        actor=acting_user,
        action="oversight.inspection_conclude",
        obj=insp,
        unit=insp.conducting_unit,
        changes={
            "concluded_on": concluded_on,
            "conclusion": conclusion,
            "recommendations": [r.text for r in rows],
        },
    )
    return insp


@service
def recommendation_to_followup(
    *, recommendation: Recommendation, due_on: dt.date | None = None, acting_user: Any
) -> FollowUp:
    """One click: the recommendation becomes a follow-up task of the unit it names."""
    insp = recommendation.inspection
    # The role first: someone who may not act here learns nothing about the item's state.
    if not covers(acting_user, insp.conducting_unit, "change"):
        raise PermissionDenied(_("Chỉ đơn vị tiến hành mới giao việc từ kiến nghị."))
    if recommendation.followups.exists():
        raise ValidationError(_("Kiến nghị này đã được chuyển thành việc cần theo dõi."))
    return followup_create(
        unit=recommendation.unit,
        assigned_by=insp.conducting_unit,
        title=recommendation.text.split("\n")[0][:500],
        expected_result=recommendation.text,
        due_on=due_on
        or recommendation.due_on
        or (insp.concluded_on or insp.start_on) + dt.timedelta(days=DEFAULT_FOLLOWUP_DAYS),
        source=recommendation,
        illustrative=insp.illustrative,
        assigned_on=insp.concluded_on or insp.start_on,
        acting_user=acting_user,
    )
