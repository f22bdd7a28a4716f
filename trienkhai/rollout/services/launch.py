"""Launching a rollout of a document, and closing it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.rollout.choices import Purpose, Recurrence, RolloutStatus, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services._common import _fmt
from trienkhai.rollout.services.periods import _open_period, period_bounds
from trienkhai.rollout.services.tallies import bump
from trienkhai.textmine.normalize import clean_text

if TYPE_CHECKING:
    from trienkhai.documents.models import Document

# The usual steps of a study-and-implement campaign, in order (the template).
STEP_TEMPLATE = [
    (StepKind.PLAN, 15),
    (StepKind.CONFERENCE, 30),
    (StepKind.DISSEMINATION, 45),
    (StepKind.REVIEW, 60),
    (StepKind.REPORT, 75),
]


@service
def rollout_launch(
    *,
    document: Document,
    owner_unit: Unit,
    title: str,
    purpose: str,
    scope_kinds: list[str],
    steps: list[dict[str, Any]],
    starts_on: dt.date,
    scope_depth: int | None = None,
    recurrence: str = Recurrence.NONE,
    ends_on: dt.date | None = None,
    illustrative: bool = False,
    today: dt.date | None = None,
    acting_user: Any,
) -> Rollout:
    """Launch a rollout of ``document`` to the units of ``scope_kinds`` under ``owner_unit``.

    ``steps`` are ``{"kind", "title"?, "due"}``; for a recurring rollout the dues of the
    first period are shifted by the same offsets into each later period.
    """
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=owner_unit.pk)
    document_get(viewer=acting_user, pk=document.pk)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = defaultdict(list)
    title = clean_text(title or "") or f"{_('Triển khai')} {document}"
    if purpose not in Purpose.values:
        errors["purpose"].append(_("Mục đích không hợp lệ."))
    if recurrence not in Recurrence.values:
        errors["recurrence"].append(_("Chu kỳ không hợp lệ."))
    kinds = [k for k in scope_kinds if k]
    if not kinds:
        errors["scope_kinds"].append(_("Hãy chọn ít nhất một loại đơn vị thực hiện."))
    elif any(k not in UnitKind.values for k in kinds):
        errors["scope_kinds"].append(_("Loại đơn vị không hợp lệ."))
    if scope_depth is not None and scope_depth < 1:
        errors["scope_depth"].append(_("Số cấp phải từ 1 trở lên."))
    if owner_unit.valid_to is not None:
        errors["owner_unit"].append(_("Đơn vị chỉ đạo đã kết thúc hoạt động."))
    if ends_on and ends_on < starts_on:
        errors["ends_on"].append(_("Ngày kết thúc trước ngày bắt đầu."))
    specs = []
    if not steps:
        errors["steps"].append(_("Hãy nêu ít nhất một yêu cầu."))
    for i, spec in enumerate(steps, start=1):
        kind = spec.get("kind")
        due = spec.get("due")
        if kind not in StepKind.values:
            errors["steps"].append(_("Yêu cầu %(i)s: loại không hợp lệ.") % {"i": i})
            continue
        if not isinstance(due, dt.date):
            errors["steps"].append(_("Yêu cầu %(i)s: hãy nhập hạn hoàn thành.") % {"i": i})
            continue
        if due < starts_on:
            errors["steps"].append(
                _("Yêu cầu %(i)s: hạn %(due)s trước ngày bắt đầu %(start)s.")
                % {"i": i, "due": _fmt(due), "start": _fmt(starts_on)}
            )
            continue
        step_title = clean_text(spec.get("title") or "") or str(StepKind(kind).label)
        specs.append({"kind": kind, "title": step_title[:300], "offset_days": (due - starts_on).days})
    if errors:
        raise ValidationError(dict(errors))
    rollout = Rollout(
        document=document,
        owner_unit=owner_unit,
        title=title[:300],
        purpose=purpose,
        scope_kinds=kinds,
        scope_depth=scope_depth,
        recurrence=recurrence,
        starts_on=starts_on,
        ends_on=ends_on,
        step_specs=specs,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    rollout.full_clean(exclude=["document", "owner_unit", "created_by"])
    rollout.save()
    _open_period(rollout, 0)
    if recurrence != Recurrence.NONE:
        index = 1
        while True:
            start, _end, _label = period_bounds(recurrence, starts_on, index)
            if start > today or (ends_on and start > ends_on):
                break
            _open_period(rollout, index)
            index += 1
    audit_log(
        actor=acting_user,
        action="rollout.launch",
        obj=rollout,
        unit=owner_unit,
        changes={
            "document": str(document),
            "scope_kinds": kinds,
            "steps": len(specs),
            "recurrence": recurrence,
        },
    )
    return rollout


@service
def rollout_close(*, rollout: Rollout, acting_user: Any) -> Rollout:
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=rollout.owner_unit_id)
    rollout = Rollout.objects.select_for_update().get(pk=rollout.pk)
    if rollout.status == RolloutStatus.CLOSED:
        raise ValidationError(_("Đợt triển khai đã kết thúc."))
    rollout.status = RolloutStatus.CLOSED
    rollout.save(update_fields=["status"])
    bump(rollout.pk)
    audit_log(actor=acting_user, action="rollout.close", obj=rollout, unit=rollout.owner_unit)
    return rollout
