"""Writes of targets and measurements: atomic, validated, one audit event each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.models import Unit
from trienkhai.rollout.selectors import step_get
from trienkhai.targets.choices import CountedMeasure, DuePrecision, TargetKind
from trienkhai.targets.models import Measurement, Target
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document
    from trienkhai.rollout.models import Step


def _fmt(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("“%(v)s” không phải là số.") % {"v": value}}) from None


def term_for_dates(starts_on: dt.date | None, target_date: dt.date | None) -> str:
    """The committee term (2020-2025, 2025-2030, …) holding the start; the years of both dates
    when the target runs past that term's end ("2024-2027")."""
    if starts_on is None:
        return ""
    first = 2020 + 5 * ((starts_on.year - 2020) // 5)
    if target_date is not None and target_date.year > first + 5:
        return f"{starts_on.year}-{target_date.year}"
    return f"{first}-{first + 5}"


@service
def target_create(
    *,
    unit: Unit,
    title: str,
    kind: str,
    starts_on: dt.date,
    target_date: dt.date,
    term: str = "",
    due_precision: str = DuePrecision.DAY,
    description: str = "",
    value_unit: str = "",
    baseline: Any = None,
    target_value: Any = None,
    target_text: str = "",
    source_document: Document | None = None,
    step: Step | None = None,
    counted_measure: str = "",
    illustrative: bool = False,
    acting_user: Any,
) -> Target:
    require(acting_user, unit)
    title = clean_text(title or "")
    errors: dict[str, list[str]] = {}
    if not title:
        errors.setdefault("title", []).append(_("Hãy ghi mục tiêu, chỉ tiêu."))
    if kind not in TargetKind.values:
        errors.setdefault("kind", []).append(_("Loại mục tiêu không hợp lệ."))
    if due_precision not in DuePrecision.values:
        errors.setdefault("due_precision", []).append(_("Cách tính thời hạn không hợp lệ."))
    if starts_on and target_date and target_date < starts_on:
        errors.setdefault("target_date", []).append(
            _("Thời hạn đạt (%(e)s) trước ngày bắt đầu (%(s)s).")
            % {"e": _fmt(target_date), "s": _fmt(starts_on)}
        )
    if due_precision == DuePrecision.YEAR and target_date:
        target_date = dt.date(target_date.year, 12, 31)
    baseline_d, target_d = _decimal(baseline, "baseline"), _decimal(target_value, "target_value")
    if kind == TargetKind.NUMBER and target_d is None:
        errors.setdefault("target_value", []).append(_("Chỉ tiêu định lượng cần giá trị phải đạt."))
    if kind == TargetKind.STATE:
        if not clean_text(target_text or ""):
            errors.setdefault("target_text", []).append(
                _("Mục tiêu định tính cần mô tả trạng thái phải đạt.")
            )
        if step is not None:
            errors.setdefault("step", []).append(_("Chỉ chỉ tiêu định lượng mới đếm được từ đợt triển khai."))
    if step is not None:
        step = step_get(viewer=acting_user, pk=step.pk)  # 404 unless the viewer sees its rollout
        if not unit.is_within(step.rollout.owner_unit):
            errors.setdefault("step", []).append(
                _("Đợt triển khai do %(o)s chỉ đạo; không đếm được cho “%(u)s”.")
                % {"o": step.rollout.owner_unit.name, "u": unit.name}
            )
        counted_measure = counted_measure or CountedMeasure.DONE_PCT
        if counted_measure not in CountedMeasure.values:
            errors.setdefault("counted_measure", []).append(_("Cách đếm không hợp lệ."))
        if counted_measure == CountedMeasure.DONE_PCT:
            value_unit = "%"
    else:
        counted_measure = ""
    if source_document is not None:
        document_get(viewer=acting_user, pk=source_document.pk)
    if errors:
        raise ValidationError(errors)
    t = Target(
        unit=unit,
        # Not a fixed 2020-2025: a target set in 2026 belongs to 2025-2030 (issue 18.5).
        term=(clean_text(term or "") or term_for_dates(starts_on, target_date))[:20],
        title=title[:400],
        description=clean_text(description or "", multiline=True),
        kind=kind,
        value_unit=clean_text(value_unit or "")[:30],
        baseline=baseline_d,
        target_value=target_d,
        target_text=clean_text(target_text or "")[:300],
        starts_on=starts_on,
        target_date=target_date,
        due_precision=due_precision,
        source_document=source_document,
        step=step,
        counted_measure=counted_measure,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    t.search_folded = fold(" ".join([t.title, t.description, t.term, t.target_text, unit.name]))
    t.full_clean(exclude=["unit", "source_document", "step", "created_by"])
    t.save()
    audit_log(
        actor=acting_user,
        action="targets.create",
        obj=t,
        unit=unit,
        changes={
            "title": t.title,
            "term": t.term,
            "kind": kind,
            "target_value": str(target_d) if target_d is not None else None,
            "target_text": t.target_text or None,
            "starts_on": starts_on,
            "target_date": target_date,
            "step": str(step) if step else None,
        },
    )
    return t


@service
def measurement_add(
    *,
    target: Target,
    on: dt.date,
    value: Any = None,
    reached: bool | None = None,
    note: str = "",
    acting_user: Any,
) -> Measurement:
    qs = Target.objects.select_for_update(of=("self",)).select_related("unit")
    t = get_scoped_or_404(qs, acting_user, "change", pk=target.pk)
    if t.counted:
        raise ValidationError(
            _("Giá trị của chỉ tiêu này do hệ thống đếm từ đợt triển khai; không nhập tay.")
        )
    if on is None:
        raise ValidationError({"on": _("Hãy ghi ngày.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("Ngày ở tương lai.")})
    if on < t.starts_on:
        raise ValidationError(
            {
                "on": _("Ngày đo (%(d)s) trước ngày bắt đầu của chỉ tiêu (%(s)s).")
                % {"d": _fmt(on), "s": _fmt(t.starts_on)}
            }
        )
    value_d = _decimal(value, "value")
    if t.kind == TargetKind.NUMBER and value_d is None:
        raise ValidationError({"value": _("Hãy ghi giá trị đạt được.")})
    if t.kind == TargetKind.STATE and reached is None:
        raise ValidationError({"reached": _("Hãy cho biết đã đạt trạng thái hay chưa.")})
    m = Measurement.objects.create(
        target=t,
        on=on,
        value=value_d if t.kind == TargetKind.NUMBER else None,
        reached=reached if t.kind == TargetKind.STATE else None,
        note=clean_text(note or "")[:400],
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit_log(
        actor=acting_user,
        action="targets.measure",
        obj=m,
        object_type="targets.measurement",
        unit=t.unit,
        changes={
            "target": t.title,
            "on": on,
            "value": str(value_d) if value_d is not None else None,
            "reached": reached,
            "note": m.note or None,
        },
    )
    return m
