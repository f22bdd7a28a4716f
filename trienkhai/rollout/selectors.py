"""Reads for rollouts. Coverage and the dashboard read tallies, never all the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from trienkhai.core.scoping import get_scoped_or_404, scope_paths
from trienkhai.core.status import TaskState
from trienkhai.orgs.models import Unit
from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.models import Rollout, RolloutPeriod, Step, StepDayTally, StepRecord, StepTally
from trienkhai.rollout.services import units_in_scope


def rollout_get(*, viewer: Any, pk: Any) -> Rollout:
    return get_scoped_or_404(Rollout.objects.select_related("document", "owner_unit"), viewer, "view", pk=pk)


def rollouts_visible(*, viewer: Any, status: str | None = None) -> QuerySet[Rollout]:
    qs = Rollout.objects.restrict(viewer).select_related("document", "owner_unit")
    return qs.filter(status=status) if status else qs


def current_period(rollout: Rollout, today: dt.date | None = None) -> RolloutPeriod | None:
    today = today or timezone.localdate()
    periods = list(rollout.periods.all())
    started = [p for p in periods if p.starts_on <= today]
    return (started or periods)[-1] if periods else None


@dataclass
class StepCoverage:
    step: Step
    in_scope: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    members_present: int = 0
    members_on_roll: int = 0
    masses: int = 0
    reach: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    def pct(self, n: int) -> float:
        return round(100.0 * n / self.in_scope, 1) if self.in_scope else 0.0

    @property
    def done_pct(self) -> float:
        return self.pct(self.done)

    @property
    def attendance_pct(self) -> float | None:
        return round(100.0 * self.members_present / self.members_on_roll, 2) if self.members_on_roll else None

    @property
    def bar(self) -> str:
        """The progress bar's HTML, built here rather than in a loop of template tags (the
        dashboard draws 250 of them). Only numbers and a translated label go in."""
        from django.utils.html import format_html
        from django.utils.translation import gettext as _

        label = _("%(d)s/%(n)s đơn vị đã thực hiện (%(p)s%%)") % {
            "d": self.done,
            "n": self.in_scope,
            "p": self.done_pct,
        }
        return format_html(
            '<div class="bar" role="img" aria-label="{}"><span class="seg ok" style="flex-grow:{}"></span>'
            '<span class="seg late" style="flex-grow:{}"></span><span class="seg open" style="flex-grow:{}"></span>'
            '<span class="seg over" style="flex-grow:{}"></span></div>',
            label,
            self.done_on_time,
            self.done_late,
            self.open,
            self.overdue,
        )

    @property
    def fingerprint(self) -> tuple:
        return (
            self.step.pk,
            self.step.title,
            self.step.due.toordinal(),
            self.in_scope,
            self.done_on_time,
            self.done_late,
            self.open,
            self.overdue,
            self.members_present,
            self.members_on_roll,
            self.masses,
            self.reach,
        )

    def states(self) -> list[tuple[str, str, int, float]]:
        return [
            (s.value, str(s.label), getattr(self, attr), self.pct(getattr(self, attr)))
            for s, attr in (
                (TaskState.DONE_ON_TIME, "done_on_time"),
                (TaskState.DONE_LATE, "done_late"),
                (TaskState.OPEN, "open"),
                (TaskState.OVERDUE, "overdue"),
            )
        ]


def _coverage(step: Step, tally: StepTally | None, today: dt.date) -> StepCoverage:
    cov = StepCoverage(step=step)
    if tally is None:
        return cov
    for attr in (
        "in_scope",
        "done_on_time",
        "done_late",
        "members_present",
        "members_on_roll",
        "masses",
        "reach",
    ):
        setattr(cov, attr, getattr(tally, attr))
    not_done = cov.in_scope - cov.done
    if today > step.due:
        cov.overdue = not_done
    else:
        cov.open = not_done
    return cov


@dataclass
class ChildRow:
    unit: Unit
    steps: list[StepCoverage]

    @property
    def fingerprint(self) -> str:
        u = self.unit
        return repr((u.pk, u.name, u.illustrative, u.numchild, [s.fingerprint for s in self.steps]))


@dataclass
class Coverage:
    rollout: Rollout
    unit: Unit
    period: RolloutPeriod | None
    steps: list[StepCoverage]
    children: list[ChildRow] = field(default_factory=list)
    series: dict[int, list[tuple[dt.date, int]]] = field(default_factory=dict)

    @property
    def children_fingerprint(self) -> str:
        import hashlib

        text = "\n".join(
            [str(self.period.pk if self.period else ""), *[c.fingerprint for c in self.children]]
        )
        return hashlib.sha256(text.encode()).hexdigest()


def _check_view(viewer: Any, unit: Unit) -> None:
    """The same answer as ``get_scoped_or_404(Unit…, "view")`` for a unit already loaded."""
    paths = scope_paths(viewer, "view")
    if paths is not None and not any(unit.path.startswith(p) for p in paths):
        from django.http import Http404

        raise Http404


def coverage_for(
    *,
    rollout: Rollout,
    unit: Unit,
    viewer: Any,
    period: RolloutPeriod | None = None,
    today: dt.date | None = None,
    with_children: bool = True,
    with_series: bool | None = None,
) -> Coverage:
    """Per step of the period: counts in each state over ``unit``'s subtree, attendance,
    mass participation; the same for each child; completion over time. A fixed number
    of queries whatever the size of the subtree."""
    today = today or timezone.localdate()
    with_series = with_children if with_series is None else with_series
    _check_view(viewer, unit)
    period = period or current_period(rollout, today)
    # One query for the steps and the unit's tallies together.
    tallies = {
        t.step_id: t for t in StepTally.objects.filter(step__period=period, unit=unit).select_related("step")
    }
    steps = sorted((t.step for t in tallies.values()), key=lambda s: (s.order, s.pk))
    if not steps and period is not None:
        steps = list(period.steps.all())  # nothing in scope under this unit: show the steps with zeros
    cov = Coverage(
        rollout=rollout,
        unit=unit,
        period=period,
        steps=[_coverage(s, tallies.get(s.pk), today) for s in steps],
    )
    if with_children and steps:
        children = list(
            Unit.objects.restrict(viewer).filter(path__startswith=unit.path, depth=unit.depth + 1)
        )
        rows = StepTally.objects.filter(step__in=steps, unit__in=children)
        by_child: dict[int, dict[int, StepTally]] = {}
        for t in rows:
            by_child.setdefault(t.unit_id, {})[t.step_id] = t
        cov.children = [
            ChildRow(c, [_coverage(s, by_child[c.pk].get(s.pk), today) for s in steps])
            for c in children
            if c.pk in by_child
        ]
    if steps and with_series:
        days = StepDayTally.objects.filter(step__in=steps, unit=unit).order_by("day")
        running: dict[int, int] = {}
        for d in days:
            running[d.step_id] = running.get(d.step_id, 0) + d.done
            cov.series.setdefault(d.step_id, []).append((d.day, running[d.step_id]))
    return cov


def units_without_record(*, step: Step, unit: Unit, viewer: Any, limit: int = 200) -> QuerySet[Unit]:
    """In-scope units under ``unit`` that have not recorded ``step`` (with their contacts)."""
    done = StepRecord.objects.filter(step=step, unit=OuterRef("pk"), is_current=True)
    qs = (
        units_in_scope(rollout=step.rollout, step=step)
        .filter(path__startswith=unit.path)
        .filter(pk__in=Unit.objects.restrict(viewer).values("pk"))
        .annotate(has=Exists(done))
        .filter(has=False)
        .order_by("path")
    )
    return qs[:limit]


@dataclass
class DashboardRow:
    rollout: Rollout
    period: RolloutPeriod | None
    steps: list[StepCoverage]
    next_due: dt.date | None

    @property
    def overdue(self) -> int:
        return sum(s.overdue for s in self.steps)

    @property
    def fingerprint(self) -> str:
        """Everything the card shows: the rendered card is cached under it, so a new record
        (a new count) or a renamed step is a new key and never a stale card."""
        r = self.rollout
        return repr(
            (
                r.pk,
                r.title,
                r.status,
                r.illustrative,
                r.owner_unit.name,
                r.document.code,
                r.document.kind,
                self.period.pk if self.period else None,
                self.period.label if self.period else None,
                self.next_due.toordinal() if self.next_due else None,
                [s.fingerprint for s in self.steps],
            )
        )

    @property
    def done_pct(self) -> float:
        total = sum(s.in_scope for s in self.steps)
        return round(100.0 * sum(s.done for s in self.steps) / total, 1) if total else 0.0


def dashboard_unit(*, viewer: Any) -> Unit | None:
    """The unit whose view the dashboard shows: the viewer's top role unit (superusers: the root)."""
    paths = scope_paths(viewer, "view")
    if paths is None:
        return Unit.objects.filter(depth=1).order_by("path").first()
    return Unit.objects.filter(path=paths[0]).first() if paths else None  # one indexed lookup


@dataclass(slots=True)
class StepLite:
    """What the dashboard shows of a step, read as a tuple (no model instance per row)."""

    pk: int
    period_id: int
    kind: str
    title: str
    due: dt.date
    order: int

    def get_kind_display(self) -> str:
        from trienkhai.rollout.choices import StepKind

        return str(StepKind(self.kind).label)


@dataclass(slots=True)
class PeriodLite:
    pk: int
    rollout_id: int
    index: int
    label: str
    starts_on: dt.date


def dashboard_stamp(*, viewer: Any, unit: Unit, today: dt.date | None = None) -> str:
    """A key that changes whenever anything the dashboard shows for (viewer, unit) changes:
    the visible active rollouts with their versions and labels, the unit, the day."""
    import hashlib

    today = today or timezone.localdate()
    rows = list(
        rollouts_visible(viewer=viewer, status=RolloutStatus.ACTIVE)
        .order_by("pk")
        .values_list(
            "pk",
            "created_at",
            "version",
            "title",
            "illustrative",
            "owner_unit__name",
            "document__code",
            "document__kind",
        )
    )
    return hashlib.sha256(repr((rows, unit.pk, unit.name, today.toordinal())).encode()).hexdigest()


def dashboard(*, viewer: Any, unit: Unit | None = None, today: dt.date | None = None) -> list[DashboardRow]:
    """Every active rollout the viewer sees, as counted at ``unit``; newest deadline first.

    Five queries whatever the number of rollouts or units; rows are read as tuples, since
    a committee's dashboard lists every rollout it runs.
    """
    today = today or timezone.localdate()
    unit = unit or dashboard_unit(viewer=viewer)
    if unit is None:
        return []
    visible = rollouts_visible(viewer=viewer, status=RolloutStatus.ACTIVE)
    ids = visible.order_by().values("pk")  # a subquery, not a list of ids to bind
    rollouts = list(
        visible.defer("step_specs", "scope_kinds", "document__summary", "document__search_folded")
    )
    by_rollout: dict[int, list[PeriodLite]] = {}
    for row in (
        RolloutPeriod.objects.filter(rollout__in=ids)
        .order_by("index")
        .values_list("pk", "rollout_id", "index", "label", "starts_on")
    ):
        by_rollout.setdefault(row[1], []).append(PeriodLite(*row))
    periods: dict[int, PeriodLite | None] = {}
    for r in rollouts:
        ps = by_rollout.get(r.pk, [])
        started = [p for p in ps if p.starts_on <= today]
        periods[r.pk] = (started or ps)[-1] if ps else None
    period_ids = {p.pk for p in periods.values() if p}
    steps = [
        StepLite(*row)
        for row in Step.objects.filter(rollout__in=ids)
        .order_by("order", "pk")
        .values_list("pk", "period_id", "kind", "title", "due", "order")
        if row[1] in period_ids
    ]
    tallies = {
        row[0]: row[1:]
        for row in StepTally.objects.filter(step__rollout__in=ids, unit=unit).values_list(
            "step_id",
            "in_scope",
            "done_on_time",
            "done_late",
            "members_present",
            "members_on_roll",
            "masses",
            "reach",
        )
    }
    by_period: dict[int, list[StepLite]] = {}
    for s in steps:
        by_period.setdefault(s.period_id, []).append(s)
    rows = []
    for r in rollouts:
        p = periods[r.pk]
        covs = []
        for st in by_period.get(p.pk, []) if p else []:
            cov = StepCoverage(step=st)
            t = tallies.get(st.pk)
            if t:
                (
                    cov.in_scope,
                    cov.done_on_time,
                    cov.done_late,
                    cov.members_present,
                    cov.members_on_roll,
                    cov.masses,
                    cov.reach,
                ) = t
                not_done = cov.in_scope - cov.done
                if today > st.due:
                    cov.overdue = not_done
                else:
                    cov.open = not_done
            covs.append(cov)
        pending = [c.step.due for c in covs if c.done < c.in_scope]
        rows.append(
            DashboardRow(
                r, p, covs, max(pending) if pending else (max(c.step.due for c in covs) if covs else None)
            )
        )
    rows.sort(key=lambda row: (row.next_due is None, -(row.next_due.toordinal() if row.next_due else 0)))
    return rows


@dataclass
class TodoItem:
    step: Step
    unit: Unit
    state: str
    record: StepRecord | None


def todo_for(*, viewer: Any, today: dt.date | None = None) -> list[TodoItem]:
    """ "Việc cần làm": the open steps the viewer's own units owe (change rights), soonest first."""
    today = today or timezone.localdate()
    paths = scope_paths(viewer, "change")
    units = Unit.objects.filter(valid_to__isnull=True)
    units = units.filter(depth=1) if paths is None else units.filter(path__in=paths)
    items: list[TodoItem] = []
    steps = Step.objects.filter(
        rollout__status=RolloutStatus.ACTIVE, period__starts_on__lte=today
    ).select_related("rollout", "rollout__owner_unit", "period")
    for unit in units:
        ancestor_paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
        for step in steps.filter(rollout__owner_unit__path__in=ancestor_paths[:-1]):
            if not units_in_scope(rollout=step.rollout, step=step).filter(pk=unit.pk).exists():
                continue
            record = StepRecord.objects.filter(step=step, unit=unit, is_current=True).first()
            state = (
                TaskState.OVERDUE
                if (record is None and today > step.due)
                else (TaskState.OPEN if record is None else "")
            )
            items.append(TodoItem(step, unit, state, record))
    items.sort(key=lambda i: (i.record is not None, i.step.due))
    return items


def record_history(*, viewer: Any, step: Step, unit: Unit) -> list[StepRecord]:
    return list(
        StepRecord.objects.restrict(viewer)
        .filter(step=step, unit=unit)
        .order_by("-version")
        .select_related("submitted_by", "plan_document")
        .prefetch_related("attachments")
    )
