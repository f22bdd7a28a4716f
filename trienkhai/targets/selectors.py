"""Reads of targets: values typed as measurements or counted from a rollout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.orgs.models import Unit
from trienkhai.targets import progress
from trienkhai.targets.choices import CountedMeasure, TargetKind, TargetStatus
from trienkhai.targets.models import Target
from trienkhai.textmine.normalize import fold

if TYPE_CHECKING:
    from trienkhai.core.partydoc import Section
    from trienkhai.rollout.models import Step


def target_get(*, viewer: Any, pk: Any, action: str = "view") -> Target:
    return get_scoped_or_404(
        Target.objects.select_related("unit", "source_document", "step", "step__rollout", "step__period"),
        viewer,
        action,
        pk=pk,
    )


def target_search(
    *, viewer: Any, q: str = "", term: str = "", kind: str = "", unit: Unit | None = None
) -> QuerySet[Target]:
    qs = Target.objects.restrict(viewer).select_related(
        "unit", "source_document", "step", "step__rollout", "step__period"
    )
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if term:
        qs = qs.filter(term=term)
    if kind in TargetKind.values:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def steps_linkable(*, viewer: Any) -> QuerySet[Step]:
    """Steps of the rollouts the viewer sees: what a target may count from."""
    from trienkhai.rollout.selectors import steps_visible

    return steps_visible(viewer=viewer).select_related("rollout", "period")


def target_terms(*, viewer: Any) -> list[str]:
    return sorted(set(Target.objects.restrict(viewer).values_list("term", flat=True)), reverse=True)


def _counted_points(
    *, viewer: Any, target: Target, today: dt.date
) -> tuple[list[tuple[dt.date, Decimal | None, bool | None]], int, int]:
    """The rollout's completion for the target's unit over time, as values of the target."""
    from trienkhai.rollout.selectors import coverage_for

    step = target.step
    assert step is not None  # a counted target counts from a step
    cov = coverage_for(
        rollout=step.rollout,
        unit=target.unit,
        viewer=viewer,
        period=step.period,
        today=today,
        with_children=False,
        with_series=True,
    )
    sc = next((s for s in cov.steps if s.step.pk == step.pk), None)
    in_scope, done = (sc.in_scope, sc.done) if sc else (0, 0)

    def value(n: int) -> Decimal:
        if target.counted_measure == CountedMeasure.DONE_COUNT:
            return Decimal(n)
        return (Decimal(100) * n / in_scope).quantize(Decimal("0.1")) if in_scope else Decimal(0)

    points: list[tuple[dt.date, Decimal | None, bool | None]] = [
        (day, value(n), None) for day, n in cov.series.get(step.pk, []) if day <= today
    ]
    if not points or points[-1][1] != value(done):
        points.append((today, value(done), None))
    return points, in_scope, done


def progress_for(*, viewer: Any, target: Target, today: dt.date | None = None) -> progress.Progress:
    today = today or timezone.localdate()
    in_scope = done = None
    if target.counted:
        points, in_scope, done = _counted_points(viewer=viewer, target=target, today=today)
    else:
        points = [(m.on, m.value, m.reached) for m in target.measurements.all() if m.on <= today]
        points.sort(key=lambda p: p[0])
    p = progress.compute(
        kind=target.kind,
        baseline=target.baseline,
        target_value=target.target_value,
        starts_on=target.starts_on,
        target_date=target.target_date,
        precision=target.due_precision,
        points=points,
        today=today,
    )
    p.counted, p.in_scope, p.done = target.counted, in_scope, done
    p.series = [(on, v) for on, v, _r in points if v is not None]
    return p


@dataclass
class TargetRow:
    target: Target
    progress: progress.Progress


def target_rows(*, viewer: Any, targets: Iterable[Target], today: dt.date | None = None) -> list[TargetRow]:
    today = today or timezone.localdate()
    targets = (
        list(targets.prefetch_related("measurements")) if hasattr(targets, "prefetch_related") else targets
    )
    return [TargetRow(t, progress_for(viewer=viewer, target=t, today=today)) for t in targets]


@dataclass
class TargetsPanel:
    unit: Unit
    total: int
    by_status: list[tuple[str, str, int]]
    highlights: list[TargetRow] = field(default_factory=list)


def targets_panel(*, viewer: Any, unit: Unit, today: dt.date | None = None, limit: int = 200) -> TargetsPanel:
    rows = target_rows(viewer=viewer, targets=target_search(viewer=viewer, unit=unit)[:limit], today=today)
    counts = {s.value: 0 for s in TargetStatus}
    for r in rows:
        counts[r.progress.status] += 1
    order = [
        TargetStatus.AT_RISK,
        TargetStatus.MISSED,
        TargetStatus.ON_TRACK,
        TargetStatus.ACHIEVED_EARLY,
        TargetStatus.ACHIEVED_LATE,
    ]
    highlights = sorted(
        rows, key=lambda r: (order.index(TargetStatus(r.progress.status)), r.target.target_date)
    )[:4]
    return TargetsPanel(
        unit=unit,
        total=len(rows),
        by_status=[(s.value, str(s.label), counts[s.value]) for s in TargetStatus if counts[s.value]],
        highlights=highlights,
    )


def _value_text(t: Target, value: Decimal | None) -> str:
    if value is None:
        return ""
    from trienkhai.core.partydoc import format_number

    return f"{format_number(value.normalize() if value == value.to_integral() else value)} {t.value_unit}".strip()


def target_goal_text(t: Target) -> str:
    if t.kind == TargetKind.STATE:
        return t.target_text
    return _value_text(t, t.target_value)


def target_actual_text(t: Target, p: progress.Progress) -> str:
    if t.kind == TargetKind.STATE:
        if p.achieved_on:
            return _("Đã đạt ngày %(d)s") % {"d": f"{p.achieved_on:%d/%m/%Y}"}
        return _("Chưa đạt") if p.reached is not None else ""
    return _value_text(t, p.current)


def report_sections(*, viewer: Any, unit: Unit, year: int) -> list[Section]:
    """The targets part of the periodic Word report: every target of the subtree with its
    result as of the end of ``year`` (or today, if earlier)."""
    from trienkhai.core.partydoc import Section, Table

    today = min(dt.date(year, 12, 31), timezone.localdate())
    rows = target_rows(viewer=viewer, targets=target_search(viewer=viewer, unit=unit), today=today)
    if not rows:
        return [
            Section(
                _("Thực hiện các mục tiêu, chỉ tiêu"), [_("Chưa có mục tiêu, chỉ tiêu nào được theo dõi.")]
            )
        ]
    body: list[str | Table] = []
    table_rows: list[list[str | int]] = []
    for i, r in enumerate(rows, start=1):
        t, p = r.target, r.progress
        due = str(t.target_date.year) if t.due_precision == "year" else f"{t.target_date:%d/%m/%Y}"
        table_rows.append(
            [i, t.title, t.unit.name, target_goal_text(t), due, target_actual_text(t, p), p.status_label]
        )
    body.append(
        Table(
            headers=[
                _("TT"),
                _("Mục tiêu, chỉ tiêu"),
                _("Đơn vị"),
                _("Phải đạt"),
                _("Thời hạn"),
                _("Kết quả"),
                _("Đánh giá"),
            ],
            rows=table_rows,
        )
    )
    for r in rows:
        if r.progress.ahead_text and r.progress.status == TargetStatus.ACHIEVED_EARLY:
            body.append(f"{r.target.title}: {r.progress.ahead_text}")
    return [Section(_("Thực hiện các mục tiêu, chỉ tiêu"), body)]
