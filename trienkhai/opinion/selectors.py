"""Reads of opinion reports and their synthesis over a subtree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.opinion.choices import Mood, PeriodKind, Trend
from trienkhai.opinion.models import OpinionReport, PressingIssue, ReportTopic, Topic
from trienkhai.opinion.services import period_end, period_start, previous_period
from trienkhai.orgs.models import Unit, UnitVersion
from trienkhai.textmine.normalize import fold

TROUBLED = (Mood.WORRIED, Mood.AGGRIEVED)
RISING = (Trend.NEW, Trend.RISING)
ISSUES_SHOWN = 50


def report_get(*, viewer: Any, pk: Any) -> OpinionReport:
    return get_scoped_or_404(OpinionReport.objects.select_related("unit"), viewer, "view", pk=pk)


def report_search(
    *,
    viewer: Any,
    q: str = "",
    period_kind: str = "",
    year: Any = None,
    period_no: Any = None,
    mood: str = "",
    topic: Any = None,
    unit: Unit | None = None,
) -> QuerySet[OpinionReport]:
    qs = OpinionReport.objects.restrict(viewer).select_related("unit")
    for word in fold(q or "").split():
        qs = qs.filter(unit__name_folded__contains=word)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if period_kind in PeriodKind.values:
        qs = qs.filter(period_kind=period_kind)
    for name, value in (("year", year), ("period_no", period_no)):
        if value not in (None, ""):
            try:
                qs = qs.filter(**{name: int(value)})
            except (TypeError, ValueError):
                qs = qs.none()
    if mood in Mood.values:
        qs = qs.filter(mood=mood)
    if topic:
        qs = qs.filter(topics__topic__slug=topic).distinct()
    return qs


def topics_active() -> QuerySet[Topic]:
    return Topic.objects.filter(active=True)


# --- synthesis -----------------------------------------------------------------------


@dataclass
class MoodRow:
    mood: str
    label: str
    count: int
    pct: int


@dataclass
class TopicRow:
    topic_id: int
    name: str
    units: int
    prev_units: int
    rising_reports: int
    troubled_reports: int
    pct: int = 0

    @property
    def is_new(self) -> bool:
        return self.units > 0 and self.prev_units == 0

    @property
    def is_rising(self) -> bool:
        return self.prev_units > 0 and (self.units > self.prev_units or 2 * self.rising_reports > self.units)


@dataclass
class Synthesis:
    unit: Unit
    period_kind: str
    year: int
    period_no: int
    label: str
    previous_label: str
    reports: int
    illustrative: bool
    moods: list[MoodRow]
    topics: list[TopicRow]
    children_total: int
    missing: list[Unit]
    unit_reported: bool
    issues: list[PressingIssue]
    issues_total: int
    quick_reports: int
    notes: list[str] = field(default_factory=list)

    @property
    def new_or_rising(self) -> list[TopicRow]:
        return [t for t in self.topics if t.is_new or t.is_rising]

    @property
    def reported_children(self) -> int:
        return self.children_total - len(self.missing)


def period_label(kind: str, year: int, number: int) -> str:
    return f"{PeriodKind(kind).label} {number}/{year}"


def opinion_synthesis(*, viewer: Any, unit: Unit, period_kind: str, year: int, period_no: int) -> Synthesis:
    """Mood distribution, topics ranked by how many units raise them (with the previous
    period beside them), the direct units that did not report, and pressing issues — for
    ``unit`` and everything under it.

    Scope is checked once on ``unit``: a viewer who may see a unit sees every report of its
    subtree (reports are visible at their unit and above), so the aggregates below need no
    per-row scope condition and stay plain indexed prefix queries.
    """
    unit = get_scoped_or_404(Unit.objects, viewer, "view", pk=unit.pk)
    if period_kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
        raise ValueError("synthesis is by month or quarter")
    prev_year, prev_no = previous_period(period_kind, year, period_no)
    in_tree = Q(unit__path__startswith=unit.path)
    current = Q(period_kind=period_kind, year=year, period_no=period_no)
    reports = OpinionReport.objects.filter(in_tree, current)

    # Moods, the illustrative flag and the reporting branches in one grouped query. The
    # unit's own path is shorter than ``width``: it shows up as itself if it reported.
    width: int = unit.child_path_len
    mood_rows = list(
        reports.annotate(branch=Substr("unit__path", 1, width))
        .order_by()
        .values("mood", "branch")
        .annotate(n=Count("id"), shown=Count("id", filter=Q(illustrative=True)))
    )
    mood_counts: dict[str, int] = {}
    for r in mood_rows:
        mood_counts[r["mood"]] = mood_counts.get(r["mood"], 0) + r["n"]
    branches = {r["branch"] for r in mood_rows}
    illustrative = any(r["shown"] for r in mood_rows)
    total = sum(mood_counts.values())
    moods = [
        MoodRow(
            m.value,
            str(m.label),
            mood_counts.get(m.value, 0),
            round(100 * mood_counts.get(m.value, 0) / total) if total else 0,
        )
        for m in Mood
    ]

    # Current and previous period in one grouped query.
    if prev_year == year:  # an IN on one column plans better than an OR of pairs
        both = Q(report__year=year, report__period_no__in=[period_no, prev_no])
    else:
        both = Q(report__year=year, report__period_no=period_no) | Q(
            report__year=prev_year, report__period_no=prev_no
        )
    rows = (
        ReportTopic.objects.filter(
            both, report__unit__path__startswith=unit.path, report__period_kind=period_kind
        )
        .order_by()
        .values("topic_id", "report__year", "report__period_no")
        .annotate(
            # = distinct units: one periodic report per unit and period, each topic once per report
            units=Count("id"),
            rising=Count("id", filter=Q(trend__in=RISING)),
            troubled=Count("id", filter=Q(mood__in=TROUBLED)),
        )
    )
    names = dict(Topic.objects.values_list("pk", "name"))
    by_topic: dict[int, TopicRow] = {}
    for tr in rows:
        t = by_topic.setdefault(
            tr["topic_id"], TopicRow(tr["topic_id"], names.get(tr["topic_id"], "?"), 0, 0, 0, 0)
        )
        if (tr["report__year"], tr["report__period_no"]) == (year, period_no):
            t.units, t.rising_reports, t.troubled_reports = tr["units"], tr["rising"], tr["troubled"]
        else:
            t.prev_units = tr["units"]
    topics = sorted(
        (t for t in by_topic.values() if t.units), key=lambda t: (-t.units, -t.troubled_reports, t.name)
    )
    # One periodic report per unit and period (a constraint), so reports = reporting units.
    for t in topics:
        t.pct = round(100 * t.units / total) if total else 0

    # Direct units that sent nothing for the period (counting reports from anywhere in their branch).
    # The obligation to report is no stored row: it is the tree on the period's last day, so
    # after a reorganisation a successor owes the periods it exists in and its predecessors
    # the ones before (issue 15.2).
    end = period_end(period_kind, year, period_no)
    children = list(
        Unit.objects.filter(
            pk__in=UnitVersion.objects.filter(parent_id=unit.pk)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end))
            .values("unit_id")
        ).order_by("path")
    )
    missing = [c for c in children if c.path not in branches]

    issues_qs = PressingIssue.objects.filter(
        report__unit__path__startswith=unit.path,
        report__period_kind=period_kind,
        report__year=year,
        report__period_no=period_no,
    ).select_related("report__unit", "topic", "proposal__addressee")
    issues = list(issues_qs.order_by("report__unit__path", "id")[:ISSUES_SHOWN])
    issues_total = len(issues) if len(issues) < ISSUES_SHOWN else issues_qs.count()
    quick = OpinionReport.objects.filter(
        in_tree,
        period_kind=PeriodKind.QUICK,
        report_date__gte=period_start(period_kind, year, period_no),
        report_date__lte=period_end(period_kind, year, period_no),
    ).count()
    return Synthesis(
        unit=unit,
        period_kind=period_kind,
        year=year,
        period_no=period_no,
        label=period_label(period_kind, year, period_no),
        previous_label=period_label(period_kind, prev_year, prev_no),
        reports=total,
        illustrative=illustrative,
        moods=moods,
        topics=topics,
        children_total=len(children),
        missing=missing,
        unit_reported=unit.path in branches,
        issues=issues,
        issues_total=issues_total,
        quick_reports=quick,
    )


# ---------------------------------------------------------------- what the import screen reads
# (intake): whether the period a report speaks of already has the unit's opinion report.
import typing  # noqa: E402

if typing.TYPE_CHECKING:
    import datetime as dt


def report_of_period(*, viewer: Any, unit: Unit, on: dt.date) -> OpinionReport | None:
    """The unit's visible opinion report of the quarter of ``on``, or its quick report of that day."""
    quarter = (on.month - 1) // 3 + 1
    return (
        OpinionReport.objects.restrict(viewer)
        .filter(unit=unit, year=on.year)
        .filter(
            Q(period_kind=PeriodKind.QUARTER, period_no=quarter)
            | Q(period_kind=PeriodKind.QUICK, report_date=on)
        )
        .first()
    )


def pressing_issue_get(*, viewer: Any, pk: Any) -> PressingIssue:
    """A pressing issue of an opinion report the viewer sees; missing and out of scope are 404."""
    from django.http import Http404

    try:
        return PressingIssue.objects.select_related("report").get(
            pk=pk, report__in=OpinionReport.objects.restrict(viewer).values("pk")
        )
    except (PressingIssue.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
