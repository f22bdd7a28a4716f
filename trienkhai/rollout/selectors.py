"""Reads for rollouts. Coverage and the dashboard read tallies, never all the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Exists, FilteredRelation, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from trienkhai.core import prepared
from trienkhai.core.params import ID_MAX
from trienkhai.core.scoping import covers, get_scoped_or_404, scope_key, scope_roots, top_unit
from trienkhai.core.status import TaskState
from trienkhai.orgs.models import Unit
from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.models import (
    RecordAttachment,
    Rollout,
    RolloutPeriod,
    Step,
    StepDayTally,
    StepRecord,
    StepTally,
)
from trienkhai.rollout.services import scope_on, units_ever_reached, units_in_scope

if TYPE_CHECKING:
    from trienkhai.documents.models import Document


def rollout_get(*, viewer: Any, pk: Any) -> Rollout:
    return get_scoped_or_404(Rollout.objects.select_related("document", "owner_unit"), viewer, "view", pk=pk)


def step_get(*, viewer: Any, pk: Any) -> Step:
    """A step of a rollout the viewer sees; missing and out of scope are both 404."""
    return get_scoped_or_404(
        Step.objects.select_related("rollout", "rollout__owner_unit", "rollout__document", "period"),
        viewer,
        "view",
        pk=pk,
    )


def _attnames(model: type[Model], exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname not in exclude)


def _id(value: Any) -> int:
    """An id from a URL or a query string; anything else is a page that does not exist."""
    from django.http import Http404

    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= ID_MAX:
        raise Http404
    return pk


def _scope_key(viewer: Any, action: str = "view") -> tuple[str, ...] | None:
    return scope_key(viewer, action)


def rollout_head(*, viewer: Any, pk: Any) -> Rollout:
    """What :func:`rollout_get` reads (the rollout, its document without its long texts, its
    owner unit), by SQL compiled once per scope (``core.prepared``): the coverage page runs
    this on every view."""
    from django.http import Http404

    # The document's class is read off the rollout's own foreign key: rollout reaches the
    # registry's rows only through its own scoped query (decision 0093).
    document_model = cast("type[Document]", Rollout._meta.get_field("document").related_model)
    rf = _attnames(Rollout)
    df = _attnames(document_model, exclude=("summary", "search_folded"))
    uf = _attnames(Unit)
    found = prepared.rows(
        ("rollout_head", _scope_key(viewer)),
        lambda pk: (
            Rollout.objects.restrict(viewer)
            .filter(pk=pk)
            .values_list(*rf, *[f"document__{f}" for f in df], *[f"owner_unit__{f}" for f in uf])
        ),
        pk=_id(pk),
    )
    if not found:
        raise Http404
    row = found[0]
    rollout = Rollout.from_db(Rollout.objects.db, rf, row[: len(rf)])
    rollout.document = document_model.from_db(
        document_model._default_manager.db, df, row[len(rf) : len(rf) + len(df)]
    )
    rollout.owner_unit = Unit.from_db(Unit.objects.db, uf, row[len(rf) + len(df) :])
    return rollout


# The launch form lists at most this many documents; a search narrows them (a registry holds
# hundreds of near-identical plans, "Kế hoạch … thực hiện Nghị quyết …").
LAUNCH_DOCUMENTS = 300


def launch_documents(*, viewer: Any, q: str = "") -> list:
    """The documents the launch form offers: those matching ``q`` (code or title, diacritics
    and spacing ignored, as the registry's search: "05 kh/tu", "van hoa" find "05-KH/TU …
    văn hóa"), else the latest issued; newest first, at most ``LAUNCH_DOCUMENTS``."""
    from trienkhai.documents.selectors import document_search

    qs = document_search(viewer=viewer, q=q)  # an empty q: every document the viewer sees
    return list(qs.order_by("-issued_on", "-pk")[:LAUNCH_DOCUMENTS])


def unit_get(*, viewer: Any, pk: Any) -> Unit:
    """``get_scoped_or_404(Unit.objects, viewer, "view", pk=pk)``, by SQL compiled once per scope."""
    from django.http import Http404

    uf = _attnames(Unit)
    found = prepared.rows(
        ("unit_get", _scope_key(viewer)),
        lambda pk: Unit.objects.restrict(viewer).filter(pk=pk).values_list(*uf),
        pk=_id(pk),
    )
    if not found:
        raise Http404
    return Unit.from_db(Unit.objects.db, uf, found[0])


def breadcrumb(*, viewer: Any, unit: Unit) -> list[Unit]:
    """The units above ``unit`` that the viewer sees, from the top."""
    paths = unit.ancestor_paths()
    if not paths:
        return []
    found = prepared.rows(
        ("breadcrumb", _scope_key(viewer)),
        lambda paths: (
            Unit.objects.restrict(viewer).filter(path__in=paths).order_by("depth").values_list("id", "name")
        ),
        paths=paths,
    )
    return [Unit.from_db(Unit.objects.db, ("id", "name"), row) for row in found]


def rollouts_visible(*, viewer: Any, status: str | None = None) -> QuerySet[Rollout]:
    qs = Rollout.objects.restrict(viewer).select_related("document", "owner_unit")
    return qs.filter(status=status) if status else qs


def steps_visible(*, viewer: Any) -> QuerySet[Step]:
    """Steps of the rollouts the viewer sees."""
    return Step.objects.restrict(viewer)


def rollout_periods(rollout: Rollout) -> list[RolloutPeriod]:
    """The rollout's periods, cached under its version: a period opens in the transaction
    that recounts its steps, which moves the version (``services._open_period``)."""
    from django.core.cache import cache

    key = f"rollout:periods:{rollout.pk}:{rollout.version}"
    periods = cache.get(key)
    if periods is None:
        periods = list(rollout.periods.all())
        cache.set(key, periods, 3600)
    return periods


def current_period(rollout: Rollout, today: dt.date | None = None) -> RolloutPeriod | None:
    return current_of(rollout_periods(rollout), today or timezone.localdate())


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
        # An SVG, not <span style="width…">: the content-security policy refuses style
        # attributes. The viewBox is as wide as the count, so each rect's x and width are
        # plain integers and the segments meet exactly.
        a, b, c, d = self.done_on_time, self.done_late, self.open, self.overdue
        return format_html(
            '<svg class="bar" viewBox="0 0 {} 1" preserveAspectRatio="none" shape-rendering="crispEdges" '
            'role="img" aria-label="{}"><rect class="seg ok" width="{}" height="1"/>'
            '<rect class="seg late" x="{}" width="{}" height="1"/><rect class="seg open" x="{}" width="{}" height="1"/>'
            '<rect class="seg over" x="{}" width="{}" height="1"/></svg>',
            max(a + b + c + d, 1),
            label,
            a,
            a,
            b,
            a + b,
            c,
            a + b + c,
            d,
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
    for attr in TALLY_FIELDS:
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
    own: bool = False  # the viewed unit's own row (what it owes itself), not a child's subtree


@dataclass
class Coverage:
    rollout: Rollout
    unit: Unit
    period: RolloutPeriod | None
    steps: list[StepCoverage]
    children: list[ChildRow] = field(default_factory=list)
    own: ChildRow | None = None  # with the children: the unit's own row, if it is in scope itself
    series: dict[int, list[tuple[dt.date, int]]] = field(default_factory=dict)


def _check_view(viewer: Any, unit: Unit) -> None:
    """The same answer as ``get_scoped_or_404(Unit…, "view")`` for a unit already loaded."""
    if not covers(viewer, unit, "view"):
        from django.http import Http404

        raise Http404


def current_of[P: RolloutPeriod | PeriodLite](periods: list[P], today: dt.date) -> P | None:
    """The period shown by default: the latest one started, else the first to come."""
    started = [p for p in periods if p.starts_on <= today]
    return (started or periods)[-1] if periods else None


# The tally columns a coverage shows, in the order ``_coverage_from_row`` reads them.
TALLY_FIELDS = (
    "in_scope",
    "done_on_time",
    "done_late",
    "members_present",
    "members_on_roll",
    "masses",
    "reach",
)
# What a coverage reads of a step, in the model's field order.
STEP_FIELDS = ("id", "rollout_id", "period_id", "kind", "title", "due", "order")
# What a child row shows of its unit, in the model's field order (``Model.from_db`` reads
# them so; the other fields are deferred, as with ``only()``).
CHILD_FIELDS = ("id", "numchild", "name", "illustrative")


def _coverage_from_row(step: Any, row: Sequence[Any], today: dt.date) -> StepCoverage:
    cov = StepCoverage(step=step)
    (
        cov.in_scope,
        cov.done_on_time,
        cov.done_late,
        cov.members_present,
        cov.members_on_roll,
        cov.masses,
        cov.reach,
    ) = row
    not_done = cov.in_scope - cov.done
    if today > step.due:
        cov.overdue = not_done
    else:
        cov.open = not_done
    return cov


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
    of queries whatever the size of the subtree: one for the unit alone (its tallies,
    their steps and the current period together), one more for the children, one for
    the chart."""
    today = today or timezone.localdate()
    with_series = with_children if with_series is None else with_series
    _check_view(viewer, unit)
    period = period or current_of(rollout_periods(rollout), today)
    found = (
        prepared.rows(
            ("coverage_steps",),
            lambda period, unit: (
                Step.objects.filter(period=period)
                .annotate(t=FilteredRelation("tallies", condition=Q(tallies__unit=unit)))
                .order_by("order", "pk")
                .values_list(*STEP_FIELDS, *[f"t__{f}" for f in TALLY_FIELDS])
            ),
            period=period.pk,
            unit=unit.pk,
        )
        if period
        else []
    )
    width = len(STEP_FIELDS)
    # The steps counted under this unit; if none is (nothing in scope below it), every step
    # of the period, with zeros.
    counted = [row for row in found if row[width] is not None] or found
    steps = []
    covs = []
    for row in counted:
        step = Step.from_db(Step.objects.db, STEP_FIELDS, row[:width])
        step.rollout = rollout  # the caller's copy: no query per step when a page reads it
        steps.append(step)
        tally = row[width:]
        covs.append(
            _coverage_from_row(step, tally, today) if tally[0] is not None else StepCoverage(step=step)
        )
    cov = Coverage(rollout=rollout, unit=unit, period=period, steps=covs)
    if with_children and steps:
        children = children_tallies(unit=unit, viewer=viewer, steps=steps)
        cov.children = [child_row(values, tallies, steps, today) for values, tallies in children]
        if children:
            cov.own = own_row(coverage=cov, tallies=own_tallies(coverage=cov, children=children), today=today)
    if steps and with_series:
        days = prepared.rows(
            ("coverage_days",),
            lambda steps, unit: (
                StepDayTally.objects.filter(step__in=steps, unit=unit)
                .order_by("day")
                .values_list("step_id", "day", "done")
            ),
            steps=[s.pk for s in steps],
            unit=unit.pk,
        )
        running: dict[int, int] = {}
        for step_id, day, done in days:
            running[step_id] = running.get(step_id, 0) + done
            cov.series.setdefault(step_id, []).append((day, running[step_id]))
    return cov


def children_tallies(*, unit: Unit, viewer: Any, steps: list[Step]) -> list[tuple[tuple, dict[int, tuple]]]:
    """Each child of ``unit`` that has in-scope units, as read: (its ``CHILD_FIELDS``,
    {step id: its tally's ``TALLY_FIELDS``}), in path order. One query of tuples (a
    province: a hundred children, five steps, 500 rows); the coverage page keys each row
    of its table by them and builds only the rows it has not cached (:func:`child_row`)."""
    if not unit.numchild:
        return []
    lo, hi = Unit._get_children_path_interval(unit.path)
    # treebeard's path interval: an index range, where LIKE 'prefix%' scans on SQLite.
    rows = prepared.rows(
        ("children_tallies", _scope_key(viewer)),
        lambda steps, depth, lo, hi: (
            StepTally.objects.filter(
                step__in=steps,
                unit__in=Unit.objects.filter(depth=depth, path__range=(lo, hi)).restrict(viewer).values("pk"),
            )
            .order_by("unit__path")
            .values_list(*[f"unit__{f}" for f in CHILD_FIELDS], "step_id", *TALLY_FIELDS)
        ),
        steps=[s.pk for s in steps],
        depth=unit.depth + 1,
        lo=lo,
        hi=hi,
    )
    width = len(CHILD_FIELDS)
    out: list[tuple[tuple, dict[int, tuple]]] = []
    for row in rows:
        if not out or out[-1][0][0] != row[0]:
            out.append((row[:width], {}))
        out[-1][1][row[width]] = row[width + 1 :]
    return out


def child_row(values: tuple, tallies: dict[int, tuple], steps: list[Step], today: dt.date) -> ChildRow:
    """A row of :func:`children_tallies` as a :class:`ChildRow`."""
    child = Unit.from_db(Unit.objects.db, CHILD_FIELDS, values)
    return ChildRow(
        child,
        [
            _coverage_from_row(s, tallies[s.pk], today) if s.pk in tallies else _coverage(s, None, today)
            for s in steps
        ],
    )


def own_tallies(*, coverage: Coverage, children: list[tuple[tuple, dict[int, tuple]]]) -> dict[int, tuple]:
    """What the viewed unit owes itself, step by step, as tally tuples (``TALLY_FIELDS``): its
    subtree's counts less its children's (rows of :func:`children_tallies`). Empty when the
    unit itself is in scope of none of the steps. No query: both are already read."""
    out: dict[int, tuple] = {}
    for cov in coverage.steps:
        own = [getattr(cov, f) for f in TALLY_FIELDS]
        for _values, tallies in children:
            for i, n in enumerate(tallies.get(cov.step.pk, ())):
                own[i] -= n
        if own[0] > 0:  # in_scope: the unit itself owes the step
            out[cov.step.pk] = tuple(own)
    return out


def own_row(*, coverage: Coverage, tallies: dict[int, tuple], today: dt.date) -> ChildRow | None:
    """The viewed unit's own row for its coverage table (``tallies`` from :func:`own_tallies`),
    listed above its children's: "3/4" is then read as three rows of children and its own."""
    if not tallies:
        return None
    steps = [s.step for s in coverage.steps]
    return ChildRow(
        coverage.unit,
        [
            _coverage_from_row(s, tallies[s.pk], today) if s.pk in tallies else _coverage(s, None, today)
            for s in steps
        ],
        own=True,
    )


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
class CallGroup:
    """A ward (or any unit heading a group) of a call list and its units behind on a step.

    ``behind`` says whether the heading unit itself has not recorded the step: a ward that is
    behind is called on its own number, not only about its chi bộ."""

    unit: Unit
    behind: bool
    units: list[Unit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.units) + (1 if self.behind else 0)


@dataclass
class CallStep:
    """The units under the viewed unit that have not recorded ``coverage.step``, grouped by
    ward; ``total`` counts them all, ``shown`` those listed (a page stops at its limit)."""

    coverage: StepCoverage
    groups: list[CallGroup]
    shown: int

    @property
    def step(self) -> Step:
        return self.coverage.step

    @property
    def total(self) -> int:
        return self.coverage.overdue or self.coverage.open

    @property
    def more(self) -> int:
        return max(self.total - self.shown, 0)


def _group_path(unit: Unit, under: Unit) -> str:
    """Which group of a call list at ``under`` a unit behind falls in: a unit that has units
    below it (a ward) heads its own group; a chi bộ goes under its parent, so that "Chi bộ Tổ
    dân phố số 3" is read with its ward. A unit whose parent is above ``under`` (the viewed
    chi bộ itself) heads its own."""
    if unit.numchild:
        return unit.path
    parent = unit.parent_path
    return parent if unit.is_within(under, strict=True) else unit.path


def call_list(*, coverages: list[StepCoverage], unit: Unit, viewer: Any, limit: int = 200) -> list[CallStep]:
    """ "Who is behind": for each step with units still to act (open or overdue), the
    in-scope units under ``unit`` (``unit`` included) that have not recorded it, with their
    contacts, grouped under their ward (:func:`_group_path`), groups and units in tree order.

    One query per step listed, one more for the groups' heading units that are not behind
    themselves."""
    steps: list[tuple[StepCoverage, list[Unit]]] = []
    for cov in coverages:
        if cov.open or cov.overdue:
            behind = list(units_without_record(step=cov.step, unit=unit, viewer=viewer, limit=limit))
            steps.append((cov, behind))
    paths = {_group_path(u, unit) for _cov, behind in steps for u in behind}
    heads = {u.path: u for _cov, behind in steps for u in behind if u.path in paths}
    missing = paths - heads.keys()
    if missing:
        heads.update((u.path, u) for u in Unit.objects.restrict(viewer).filter(path__in=missing))
    out = []
    for cov, behind in steps:
        groups: dict[str, CallGroup] = {}
        for u in behind:  # in path order, so a ward comes before its chi bộ
            path = _group_path(u, unit)
            head = heads.get(path, u)  # a heading the viewer may not see: the unit stands alone
            group = groups.get(head.path)
            if group is None:
                group = groups[head.path] = CallGroup(unit=head, behind=False)
            if u.pk == head.pk:
                group.behind = True
            else:
                group.units.append(u)
        out.append(CallStep(cov, sorted(groups.values(), key=lambda g: g.unit.path), len(behind)))
    return out


@dataclass
class DashboardRow:
    rollout: Rollout | RolloutCard
    period: RolloutPeriod | PeriodLite | None
    steps: list[StepCoverage]
    next_due: dt.date | None

    @property
    def overdue(self) -> int:
        return sum(s.overdue for s in self.steps)

    @property
    def sort_key(self) -> tuple:
        """Nearest deadline first ("hạn gần nhất trước": ``next_due``, so a rollout whose unmet
        deadline has passed comes before one whose next deadline is ahead); a rollout with
        nothing left to do after those with work; then latest start first."""
        due = self.next_due
        pending = any(s.done < s.in_scope for s in self.steps)
        return (
            due is None,
            not pending,
            due.toordinal() if due else 0,
            -self.rollout.starts_on.toordinal(),
            -self.rollout.pk,
        )

    @property
    def done_pct(self) -> float:
        total = sum(s.in_scope for s in self.steps)
        return round(100.0 * sum(s.done for s in self.steps) / total, 1) if total else 0.0


def dashboard_unit(*, viewer: Any) -> Unit | None:
    """The unit whose view the dashboard shows: the viewer's top role unit (superusers: the root)."""
    return top_unit(viewer)


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


def dashboard_index(*, viewer: Any) -> list[tuple]:
    """One row per active rollout the viewer sees, in one query: what its dashboard card
    shows of the rollout itself, and its version, which moves in the same transaction as
    any change to its counts, periods or steps. A card cached under its row (with the
    unit, the language and the day) is therefore never stale, and a new record changes
    the row of its own rollout only."""
    return prepared.rows(
        ("dashboard_index", _scope_key(viewer)),
        lambda: (
            rollouts_visible(viewer=viewer, status=RolloutStatus.ACTIVE)
            .order_by("pk")
            .values_list(
                "pk",
                "version",
                "title",
                "illustrative",
                "starts_on",
                "owner_unit__name",
                "document__code",
                "document__kind",
                "document__title",
            )
        ),
    )


def dashboard(
    *,
    viewer: Any,
    unit: Unit | None = None,
    today: dt.date | None = None,
) -> list[DashboardRow]:
    """Every active rollout the viewer sees, as counted at ``unit``; nearest deadline first.

    Two queries whatever the number of rollouts or units; rows are read as tuples, since
    a committee's dashboard lists every rollout it runs.
    """
    today = today or timezone.localdate()
    unit = unit or dashboard_unit(viewer=viewer)
    if unit is None:
        return []
    visible = rollouts_visible(viewer=viewer, status=RolloutStatus.ACTIVE)
    rollouts = list(visible.defer("step_specs", "document__summary", "document__search_folded"))
    counts = dashboard_counts(rollout_ids=visible.order_by().values("pk"), unit=unit, today=today)
    rows = [DashboardRow(r, *counts.get(r.pk, (None, [], None))) for r in rollouts]
    rows.sort(key=lambda row: row.sort_key)
    return rows


@dataclass(slots=True)
class RolloutCard:
    """What a dashboard card shows of a rollout: a row of :func:`dashboard_index`."""

    pk: int
    version: int
    title: str
    illustrative: bool
    starts_on: dt.date
    owner_name: str
    document_code: str
    document_kind: str
    document_title: str

    @property
    def document_label(self) -> str:
        """As ``str(document)``: its kind and code, else its title."""
        from trienkhai.documents.choices import DocKind

        if self.document_code:
            return f"{DocKind(self.document_kind).label} {self.document_code}"
        return self.document_title


def dashboard_cards(*, index: list[tuple], unit: Unit, today: dt.date | None = None) -> list[DashboardRow]:
    """The dashboard rows of the rollouts in ``index`` (rows of :func:`dashboard_index`, so
    already in the viewer's scope), as counted at ``unit``: one query. The page renders
    only the cards it has not cached, and reads only their counts."""
    today = today or timezone.localdate()
    counts = dashboard_counts(rollout_ids=[row[0] for row in index], unit=unit, today=today)
    return [DashboardRow(RolloutCard(*row), *counts.get(row[0], (None, [], None))) for row in index]


def _dashboard_steps(rollout_ids: Any, unit: Unit) -> list[tuple]:
    def build(unit: int, rollouts: Any = rollout_ids) -> QuerySet:
        return (
            Step.objects.filter(rollout__in=rollouts)
            .annotate(t=FilteredRelation("tallies", condition=Q(tallies__unit=unit)))
            .order_by("order", "pk")
            .values_list(
                "rollout_id",
                "period_id",
                "period__index",
                "period__label",
                "period__starts_on",
                "pk",
                "kind",
                "title",
                "due",
                "order",
                *[f"t__{f}" for f in TALLY_FIELDS],
            )
        )

    if isinstance(rollout_ids, (list, tuple)):  # ids: compiled once per number of rollouts
        return prepared.rows(("dashboard_steps",), build, unit=unit.pk, rollouts=list(rollout_ids))
    return list(build(unit.pk))  # a subquery


def dashboard_counts(
    *, rollout_ids: Any, unit: Unit, today: dt.date
) -> dict[int, tuple[PeriodLite | None, list[StepCoverage], dt.date | None]]:
    """For each rollout: its current period, that period's steps as counted at ``unit``,
    and the nearest deadline that still has work to do.

    One query: every step with its period and ``unit``'s tally joined to it (a period
    always has the rollout's steps, see ``services._open_period``).
    """
    rows = _dashboard_steps(rollout_ids, unit)
    periods: dict[int, dict[int, PeriodLite]] = {}
    steps: dict[int, list[StepCoverage]] = {}
    for rollout_id, period_id, index, label, starts_on, *rest in rows:
        periods.setdefault(rollout_id, {}).setdefault(
            period_id, PeriodLite(period_id, rollout_id, index, label, starts_on)
        )
        step = StepLite(rest[0], period_id, *rest[1:5])
        tally = rest[5:]
        steps.setdefault(period_id, []).append(
            _coverage_from_row(step, tally, today) if tally[0] is not None else StepCoverage(step=step)  # type: ignore[arg-type]  # a StepLite reads as a Step
        )
    out = {}
    for rollout_id, by_id in periods.items():
        period = current_of(sorted(by_id.values(), key=lambda p: p.index), today)
        covs = steps.get(period.pk, []) if period else []
        # "Hạn gần nhất": the nearest deadline still to be met (the soonest one from today on);
        # when every unmet deadline has passed, the one that passed last; all met: the last one.
        pending = [c.step.due for c in covs if c.done < c.in_scope]
        upcoming = [d for d in pending if d >= today]
        next_due: dt.date | None
        if upcoming:
            next_due = min(upcoming)
        elif pending:
            next_due = max(pending)
        else:
            next_due = max(c.step.due for c in covs) if covs else None
        out[rollout_id] = (period, covs, next_due)
    return out


@dataclass
class TodoItem:
    step: Step
    unit: Unit
    state: str
    record: StepRecord | None


def todo_for(*, viewer: Any, today: dt.date | None = None) -> list[TodoItem]:
    """ "Việc cần làm": the open steps the viewer's own units owe (change rights), soonest first."""
    today = today or timezone.localdate()
    units = scope_roots(viewer, "change").filter(valid_to__isnull=True)
    items: list[TodoItem] = []
    steps = Step.objects.filter(
        rollout__status=RolloutStatus.ACTIVE, period__starts_on__lte=today
    ).select_related("rollout", "rollout__owner_unit", "period")
    for unit in units:
        ancestor_paths = unit.ancestor_paths(include_self=True)
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


def unit_owes(*, step: Step, unit: Unit) -> bool:
    """Whether ``unit`` is among the units that owe ``step``: a record of it would be accepted."""
    return units_in_scope(rollout=step.rollout, step=step).filter(pk=unit.pk).exists()


def record_current(*, viewer: Any, step: Step, unit: Unit) -> StepRecord | None:
    """The unit's current record of the step, if the viewer may read it."""
    return StepRecord.objects.restrict(viewer).filter(step=step, unit=unit, is_current=True).first()


def record_history(*, viewer: Any, step: Step, unit: Unit) -> list[StepRecord]:
    return list(
        StepRecord.objects.restrict(viewer)
        .filter(step=step, unit=unit)
        .order_by("-version")
        .select_related("submitted_by", "plan_document")
        .prefetch_related("attachments")
    )


def record_attachment_get(*, viewer: Any, pk: Any) -> RecordAttachment:
    """A file of a record the viewer may read, as on the record's page: the record's unit and
    its rollout both in the viewer's scope. Otherwise 404."""
    from django.http import Http404

    att = (
        RecordAttachment.objects.filter(
            pk=_id(pk),
            record__in=StepRecord.objects.restrict(viewer).values("pk"),
            record__step__rollout__in=Rollout.objects.restrict(viewer).values("pk"),
        )
        .select_related("record")
        .first()
    )
    if att is None:
        raise Http404
    return att


@dataclass
class EditableStep:
    step: Step
    units_done: int  # units that recorded it (any version): such a step cannot be removed


@dataclass
class StepsEdit:
    rollout: Rollout
    period: RolloutPeriod | None  # the period whose steps may be edited (the latest)
    steps: list[EditableStep]
    earlier_periods: int  # periods before it, whose steps stay as they were
    later_periods: bool  # whether a recurring rollout will still open periods after it


def rollout_get_for_edit(*, viewer: Any, pk: Any) -> Rollout:
    """A rollout whose steps the viewer may edit (a "change" role at its owner unit or above):
    404 missing or out of scope, 403 for a role that sees it but may not change it."""
    return get_scoped_or_404(
        Rollout.objects.select_related("document", "owner_unit"), viewer, "change", pk=pk
    )


def steps_edit(*, viewer: Any, pk: Any) -> StepsEdit:
    """The steps a committee may still edit, with what stops a removal."""
    from django.db.models import Count

    from trienkhai.rollout.choices import Recurrence
    from trienkhai.rollout.services import period_bounds, steps_period

    rollout = rollout_get_for_edit(viewer=viewer, pk=pk)
    period = steps_period(rollout)
    later = False
    if period is not None and rollout.recurrence != Recurrence.NONE:
        next_start = period_bounds(rollout.recurrence, rollout.starts_on, period.index + 1)[0]
        later = rollout.ends_on is None or next_start <= rollout.ends_on
    steps = list(Step.objects.filter(period=period)) if period else []
    done = dict(
        StepRecord.objects.filter(step__in=steps)
        .values("step")
        .annotate(n=Count("unit", distinct=True))
        .values_list("step", "n")
    )
    return StepsEdit(
        rollout=rollout,
        period=period,
        steps=[EditableStep(s, done.get(s.pk, 0)) for s in steps],
        earlier_periods=period.index if period else 0,
        later_periods=later,
    )


def step_get_for_edit(*, viewer: Any, pk: Any) -> Step:
    """A step whose rollout the viewer may edit (as :func:`rollout_get_for_edit`), its rollout loaded."""
    from django.http import Http404

    step = Step.objects.filter(pk=pk).first()
    if step is None:
        raise Http404
    step.rollout = rollout_get_for_edit(viewer=viewer, pk=step.rollout_id)
    return step


def open_work_at(*, units: list[Unit]) -> list[tuple[str, int]]:
    """For a reorganisation's preview: running rollouts that reach ``units`` (some of them owe
    its steps) and those they own, which pass to the owner's successor with the scope they
    have (``services.rollouts_pass_to_successor``)."""
    from django.utils.translation import gettext as _

    from trienkhai.rollout.choices import RolloutStatus

    above = {a for u in units for a in u.ancestor_paths()}
    own = {u.pk for u in units}
    reaching = 0
    owned = 0
    for r in (
        Rollout.objects.filter(status=RolloutStatus.ACTIVE)
        .filter(Q(owner_unit__path__in=above) | Q(owner_unit__in=own))
        .select_related("owner_unit")
    ):
        if r.owner_unit_id in own:
            owned += 1
        elif units_in_scope(rollout=r).filter(pk__in=own).exists():
            reaching += 1
    return [
        (_("đợt triển khai đang chạy có các đơn vị này trong phạm vi"), reaching),
        (_("đợt triển khai đang chạy do các đơn vị này chủ trì (chuyển cho đơn vị kế thừa)"), owned),
    ]


@dataclass
class Handover:
    """The rollout passed from ``old`` (whose last day was ``last_day``) to ``new``."""

    date: dt.date
    last_day: dt.date
    old: str
    new: str


def handovers(*, rollout: Rollout) -> list[Handover]:
    """The owners the rollout passed from, oldest first ("Chuyển từ Thành ủy Phổ Yên (đến
    30/06/2025)"). Seen with the rollout: its readers read where it came from."""
    return [
        Handover(h.date, h.date - dt.timedelta(days=1), h.from_unit.name, h.to_unit.name)
        for h in rollout.handovers.select_related("from_unit", "to_unit").order_by("date", "id")
    ]


def owner_on(*, rollout: Rollout, date: dt.date) -> Unit:
    """The unit that ran the rollout on ``date``: the owner it was handed on from, if the
    handover came later; else its owner."""
    first = rollout.handovers.filter(date__gt=date).select_related("from_unit").order_by("date", "id").first()
    return first.from_unit if first is not None else rollout.owner_unit


def as_of_unit(*, viewer: Any, rollout: Rollout, date: dt.date | None) -> Unit:
    """Where a coverage as of ``date`` starts when no unit is asked: the owner of that day (so
    the past reads as it did before a handover), else today's owner, else the viewer's own unit;
    the first the viewer may read. 404 if none."""
    from django.http import Http404

    candidates = [owner_on(rollout=rollout, date=date) if date else None, rollout.owner_unit]
    candidates.append(dashboard_unit(viewer=viewer))
    for unit in candidates:
        if unit is not None and covers(viewer, unit, "view"):
            return unit
    raise Http404


# --- Coverage as of a date (issue 15.3): the structure, names and figures of that day ---------


@dataclass
class AsOfCell:
    done: int
    in_scope: int
    label: str = ""  # the step's kind, for a stacked table on a phone

    @property
    def pct(self) -> float | None:
        return round(100 * self.done / self.in_scope, 1) if self.in_scope else None


@dataclass
class AsOfRow:
    unit_id: int
    name: str
    cells: list[AsOfCell]


@dataclass
class AsOfCoverage:
    date: dt.date
    unit_name: str  # the unit's name on that day
    steps: list[Step]
    totals: list[AsOfCell]
    rows: list[AsOfRow]
    existed: bool = True  # the unit existed on that day
    launched: bool = True  # the rollout had started by then
    successions: list[Succession] = field(default_factory=list)


def coverage_as_of(*, viewer: Any, rollout: Rollout, unit: Unit, date: dt.date) -> AsOfCoverage:
    """Coverage of ``rollout`` under ``unit`` as it stood on ``date``: the units in scope are
    those of the tree *then* (``orgs.selectors.tree_as_of``: names, kinds and parents of that
    day, so a later merger or move changes nothing), a unit counts as done for a step when it
    has a record done by that date. Read from the records, never from today's tallies, so
    looking at the past leaves today's figures as they are."""
    from trienkhai.orgs.selectors import tree_as_of

    _check_view(viewer, unit)
    periods = rollout_periods(rollout)
    period = current_of(periods, date)
    steps = list(Step.objects.filter(period=period).order_by("order", "id")) if period else []
    launched = rollout.starts_on <= date
    # What is shown is the viewer's (units they may read today, as they were then); which
    # units the rollout reached is its scope of that day (the owner's tree then, or the
    # roots it was handed on with: ``services.scope_on``), used only to count.
    nodes = tree_as_of(viewer=viewer, date=date, root=unit)
    if not nodes:
        return AsOfCoverage(
            date, unit.name, steps, [AsOfCell(0, 0) for _ in steps], [], existed=False, launched=launched
        )

    def ids_of(node, out):
        out.append(node)
        for c in node.children:
            ids_of(c, out)
        return out

    owing = set(scope_on(rollout=rollout, date=date))

    def in_scope(node) -> set[int]:
        return {n.unit_id for n in ids_of(node, []) if n.unit_id in owing}

    root = nodes[0]
    everyone = in_scope(root) if launched else set()
    # Units that ended between the launch and ``date`` (merged, dissolved): they owed the
    # rollout up to their last day, and count for a step they recorded before they ended
    # (as today's tallies keep them); their successors count from the change on.
    before = (
        _predecessors_in_scope(
            viewer=viewer, rollout=rollout, unit=unit, date=date, steps=steps, ids_of=ids_of
        )
        if launched
        else {}
    )
    done = set(
        StepRecord.objects.filter(step__in=steps, unit_id__in=everyone, done_on__lte=date).values_list(
            "step_id", "unit_id"
        )
    )
    done |= {key for p in before.values() for key in p[2]}
    before = {uid: b for uid, b in before.items() if b[2]}  # only those who recorded something
    ended = set(before)

    def cells(ids: set[int]) -> list[AsOfCell]:
        # An ended unit is in scope of a step only if it recorded it before it ended.
        return [
            AsOfCell(
                sum((s.pk, u) in done for u in ids),
                sum(u not in ended or (s.pk, u) in done for u in ids),
                str(s.get_kind_display()),
            )
            for s in steps
        ]

    def under(row_id: int | None) -> set[int]:
        return {uid for uid, (top, _name, _done) in before.items() if top == row_id}

    rows = [
        AsOfRow(c.unit_id, c.name, cells((in_scope(c) | under(c.unit_id)) if launched else set()))
        for c in root.children
    ]
    shown = {c.unit_id for c in root.children}
    # A predecessor whose branch of that day is gone (a dissolved city) gets its own row,
    # under the name it had on its last day.
    for top in sorted({t for t, _n, _d in before.values() if t is not None and t not in shown}):
        name = next(n for t, n, _d in before.values() if t == top)
        rows.append(AsOfRow(top, name, cells(under(top))))
    return AsOfCoverage(
        date,
        root.name,
        steps,
        cells(everyone | ended),
        [r for r in rows if any(x.in_scope for x in r.cells)],
        launched=launched,
        successions=successions(rollout=rollout, unit=unit, upto=date),
    )


def _predecessors_in_scope(
    *, viewer: Any, rollout: Rollout, unit: Unit, date: dt.date, steps: list, ids_of: Any
) -> dict[int, tuple[int | None, str, set[tuple[int, int]]]]:
    """{unit id: (the branch of ``unit`` it was in on its last day, that branch's name then,
    the (step, unit) pairs it recorded before it ended)} for the in-scope units under ``unit``
    that ended after the launch and by ``date`` and recorded a step of the period."""
    from trienkhai.orgs.selectors import tree_as_of

    if not steps:
        return {}
    ended = list(
        units_ever_reached(rollout=rollout)
        .filter(valid_to__gt=rollout.starts_on, valid_to__lte=date)
        .values_list("id", "valid_to")
    )
    if not ended:
        return {}
    records: dict[Any, Any] = {}
    for step_id, unit_id, done_on in StepRecord.objects.filter(
        step__in=steps, unit_id__in=[u for u, _e in ended], done_on__lte=date
    ).values_list("step_id", "unit_id", "done_on"):
        records.setdefault(unit_id, set()).add((step_id, unit_id, done_on))
    out: dict[int, tuple[int | None, str, set[tuple[int, int]]]] = {}
    for last in sorted({e for _u, e in ended}):
        day = last - dt.timedelta(days=1)
        then = tree_as_of(viewer=viewer, date=day, root=unit)
        if not then:
            continue
        owed_then = scope_on(rollout=rollout, date=day)  # it owed the rollout on its last day
        ending = {u for u, e in ended if e == last and u in owed_then}
        for branch in [then[0], *then[0].children]:
            top = None if branch is then[0] else branch.unit_id
            for n in ids_of(branch, []) if top is not None else [branch]:
                if n.unit_id in ending and n.unit_id not in out:
                    pairs = {(s, u) for s, u, on in records.get(n.unit_id, ()) if on < last}
                    out[n.unit_id] = (top, branch.name, pairs)
    return out


@dataclass
class Succession:
    date: dt.date
    olds: list[str]
    new: str


def successions(*, rollout: Rollout, unit: Unit, upto: dt.date | None = None) -> list[Succession]:
    """The changes since the launch by which in-scope units under ``unit`` ended with a
    successor: the coverage counts the old units up to the change and the successor after
    it, and says so ("Từ 1/7/2025 tính theo đơn vị kế tiếp: …")."""
    from trienkhai.orgs.choices import UnitEventKind
    from trienkhai.orgs.models import UnitEvent

    events = UnitEvent.objects.filter(
        kind__in=(UnitEventKind.MERGED_INTO, UnitEventKind.DISSOLVED),
        related_unit__isnull=False,
        date__gte=rollout.starts_on,
        unit__in=units_ever_reached(rollout=rollout).values("pk"),
    ).filter(Q(unit__path__startswith=unit.path) | Q(related_unit__path__startswith=unit.path))
    if upto is not None:
        events = events.filter(date__lte=upto)
    grouped: dict[tuple[dt.date, int], Succession] = {}
    for e in events.select_related("related_unit").order_by("date", "related_unit__path", "old_name", "id"):
        # the filter above asks for dated events that name their successor
        assert e.date is not None and e.related_unit is not None and e.related_unit_id is not None
        key = (e.date, e.related_unit_id)
        grouped.setdefault(key, Succession(e.date, [], e.related_unit.name)).olds.append(e.old_name or "")
    return list(grouped.values())


# ---------------------------------------------------------------- what the import screen reads
# (intake): the rollouts of the documents a report names, and their steps.


def rollouts_of_documents(*, viewer: Any, document_ids: list[int]) -> list[Rollout]:
    """The visible rollouts of the documents ``document_ids``, their documents loaded."""
    return list(
        Rollout.objects.restrict(viewer).select_related("document").filter(document_id__in=document_ids)
    )


def rollout_steps_of_kind(*, viewer: Any, rollout: Rollout, kind: str) -> list[Step]:
    """The visible steps of ``kind`` in every period of ``rollout``, by due date."""
    qs = Step.objects.restrict(viewer).filter(rollout=rollout, kind=kind)
    return list(qs.select_related("period", "rollout").order_by("due"))


def record_get(*, viewer: Any, pk: Any) -> StepRecord:
    """A version of a unit's record the viewer may read; missing and out of scope are 404."""
    return get_scoped_or_404(StepRecord.objects.select_related("step", "unit"), viewer, "view", pk=pk)
