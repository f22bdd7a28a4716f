"""Reads of people and courses, always through the viewer's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import fold
from trienkhai.training.choices import EnrolmentStatus, RoleCategory
from trienkhai.training.models import Attendance, Course, Enrolment, Person, Position, Session


def _check_view(viewer: Any, unit: Unit) -> None:
    require(viewer, unit, action="view")


# --- people -------------------------------------------------------------------------------


def person_get(*, viewer: Any, pk: Any, action: str = "view") -> Person:
    return get_scoped_or_404(Person.objects.select_related("unit"), viewer, action, pk=pk)


def person_search(
    *, viewer: Any, q: str = "", category: str = "", unit: Unit | None = None, action: str = "view"
) -> QuerySet[Person]:
    qs = Person.objects.restrict(viewer, action).select_related("unit")
    for word in fold(q or "").split():
        qs = qs.filter(name_folded__contains=word)
    if category:
        qs = qs.filter(category=category)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def person_positions(*, viewer: Any, person: Person) -> list[Position]:
    # Earlier positions may sit at units outside the viewer's scope; their unit names are
    # part of the person's record the viewer may read, so the rows are all shown.
    return list(person.positions.select_related("unit").order_by("-started_on"))


def person_enrolments(*, viewer: Any, person: Person) -> list[Enrolment]:
    """The person's courses (completed first): what the viewer may see of them."""
    return list(
        Enrolment.objects.restrict(viewer)
        .filter(person=person)
        .select_related("course", "course__organiser")
        .order_by("-course__starts_on")
    )


# --- courses ------------------------------------------------------------------------------


def course_get(*, viewer: Any, pk: Any, action: str = "view") -> Course:
    return get_scoped_or_404(
        Course.objects.select_related("organiser", "reach", "source_proposal"), viewer, action, pk=pk
    )


def course_search(
    *,
    viewer: Any,
    q: str = "",
    form: str = "",
    audience: str = "",
    year: Any = None,
    organiser: Any = None,
) -> QuerySet[Course]:
    qs = (
        Course.objects.restrict(viewer)
        .select_related("organiser")
        .order_by("-starts_on", "-id")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            completed=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True
            ),
        )
    )
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if form:
        qs = qs.filter(form=form)
    if audience in RoleCategory.values:
        # JSON containment differs between engines; the audience code is a plain token.
        qs = qs.filter(audiences__icontains=f'"{audience}"')
    if year:
        try:
            qs = qs.filter(starts_on__year=int(year))
        except (TypeError, ValueError):
            qs = qs.none()
    if organiser:
        qs = qs.filter(organiser_id=organiser)
    return qs


@dataclass
class RosterRow:
    enrolment: Enrolment
    marks: dict[int, bool | None]
    present: int

    @property
    def person(self) -> Person:
        return self.enrolment.person


@dataclass
class Roster:
    course: Course
    sessions: list[Session]
    rows: list[RosterRow]

    @property
    def completed(self) -> int:
        return sum(1 for r in self.rows if r.enrolment.status == EnrolmentStatus.COMPLETED)


def course_roster(*, viewer: Any, course: Course) -> Roster:
    """Participants the viewer may see (the organiser: all; a nominating unit: its own),
    with a mark per session. Three queries."""
    sessions = list(course.sessions.all())
    enrolments = list(
        Enrolment.objects.restrict(viewer)
        .filter(course=course)
        .select_related("person", "person__unit", "unit")
        .order_by("person__full_name", "pk")
    )
    marks: dict[int, dict[int, bool]] = {}
    for a in Attendance.objects.filter(enrolment__in=[e.pk for e in enrolments]).values_list(
        "enrolment_id", "session_id", "present"
    ):
        marks.setdefault(a[0], {})[a[1]] = a[2]
    rows = []
    for e in enrolments:
        m = marks.get(e.pk, {})
        rows.append(RosterRow(e, {s.pk: m.get(s.pk) for s in sessions}, sum(1 for v in m.values() if v)))
    return Roster(course, sessions, rows)


def enrolments_visible(*, viewer: Any, pks: list) -> QuerySet[Enrolment]:
    """Enrolments (of any course) the viewer may read, by id: to name a person in a message."""
    return (
        Enrolment.objects.restrict(viewer)
        .filter(pk__in=[p for p in pks if p is not None])
        .select_related("person")
    )


def nominable_people(*, viewer: Any, course: Course, q: str = "") -> QuerySet[Person]:
    """People the viewer may nominate: in their change scope, under the organiser, of the
    course's audiences, not yet enrolled."""
    qs = person_search(viewer=viewer, q=q, action="change").filter(unit__path__startswith=course.reach.path)
    if course.audiences:
        qs = qs.filter(category__in=course.audiences)
    return qs.exclude(pk__in=Enrolment.objects.filter(course=course).values("person_id"))


def training_proposals(*, viewer: Any) -> QuerySet:
    """Training proposals addressed to the viewer's units that still await an answer."""
    from trienkhai.proposals.choices import AWAITING, ProposalCategory
    from trienkhai.proposals.selectors import proposal_search

    return proposal_search(viewer=viewer, box="inbox", category=ProposalCategory.TRAINING).filter(
        status__in=AWAITING
    )


# --- figures ------------------------------------------------------------------------------


@dataclass
class CategoryFigure:
    category: str
    label: str
    staff: int = 0
    trained: int = 0

    @property
    def pct(self) -> float:
        return round(100.0 * self.trained / self.staff, 1) if self.staff else 0.0


@dataclass
class UnitFigure:
    unit_id: int
    name: str
    staff: int = 0
    trained: int = 0

    @property
    def pct(self) -> float:
        return round(100.0 * self.trained / self.staff, 1) if self.staff else 0.0


@dataclass
class TrainingFigures:
    unit: Unit
    year: int
    categories: list[CategoryFigure]
    children: list[UnitFigure]
    units_with_staff: int = 0
    units_without: list[UnitFigure] = field(default_factory=list)
    units_without_count: int = 0

    @property
    def staff(self) -> int:
        return sum(c.staff for c in self.categories)

    @property
    def trained(self) -> int:
        return sum(c.trained for c in self.categories)

    @property
    def max_staff(self) -> int:
        return max([c.staff for c in self.categories] + [1])


def _staff_with_done(*, viewer: Any, unit: Unit, year: int) -> QuerySet[Person]:
    """Tracked staff of ``unit``'s subtree (in the viewer's scope), each with ``done``:
    whether they completed at least one course in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    completed = Enrolment.objects.filter(
        person=OuterRef("pk"), status=EnrolmentStatus.COMPLETED, completed_on__range=(start, end)
    )
    qs = Person.objects.restrict(viewer).filter(unit__path__startswith=unit.path)
    return qs.annotate(done=Exists(completed)).order_by()


def figures_day(*, unit: Unit, year: int, today: dt.date | None = None) -> dt.date | None:
    """The day a past year's figures are read on: the year's last day, or the unit's last day
    if it ended before. None for this year (and later): today's tree and staff."""
    today = today or timezone.localdate()
    if year >= today.year:
        return None
    day = dt.date(year, 12, 31)
    if unit.valid_to is not None and unit.valid_to <= day:
        day = unit.valid_to - dt.timedelta(days=1)
    return day


def _subtree_then(*, viewer: Any, unit: Unit, day: dt.date) -> Any:
    """``unit``'s subtree as it stood on ``day`` (``orgs.selectors.tree_as_of``: names and
    parents then; the units the viewer may read today), or None if it did not exist."""
    from trienkhai.orgs.selectors import tree_as_of

    nodes = tree_as_of(viewer=viewer, date=day, root=unit)
    return nodes[0] if nodes else None


def _ids_by_branch(root: Any) -> dict[int, int | None]:
    """{unit id: the child of ``root`` it is under (None: the root itself)} of an as-of tree."""
    out: dict[int, int | None] = {root.unit_id: None}
    for child in root.children:
        stack = [child]
        while stack:
            node = stack.pop()
            out[node.unit_id] = child.unit_id
            stack.extend(node.children)
    return out


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]  # SQLite's limit on parameters


def _training_figures_then(
    *, viewer: Any, unit: Unit, year: int, day: dt.date, without_limit: int
) -> TrainingFigures:
    """:func:`training_figures` for a past year, read as of ``day``: the units of the subtree
    then, and who held a staff position at them that day (``Position``'s dates), with the role
    category of that position; a person with no position at all counts at their unit. A later
    reorganisation (units moved or merged, positions passed on) changes nothing."""
    cats = {c.value: CategoryFigure(c.value, str(c.label)) for c in RoleCategory}
    root = _subtree_then(viewer=viewer, unit=unit, day=day)
    if root is None:
        return TrainingFigures(unit=unit, year=year, categories=list(cats.values()), children=[])
    branch = _ids_by_branch(root)
    names: dict[int, str] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        names[node.unit_id] = node.name
        stack.extend(node.children)
    held: dict[int, tuple[dt.date, int, str]] = {}  # person → (since, unit, category) that day
    positions = Position.objects.restrict(viewer).filter(started_on__lte=day)
    positions = positions.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    for part in _chunks(list(branch)):
        for person_id, unit_id, category, since in positions.filter(unit_id__in=part).values_list(
            "person_id", "unit_id", "category", "started_on"
        ):
            if person_id not in held or since > held[person_id][0]:
                held[person_id] = (since, unit_id, category)
        for person_id, unit_id, category in (
            Person.objects.restrict(viewer)
            .filter(unit_id__in=part, positions__isnull=True)
            .values_list("pk", "unit_id", "category")
        ):
            held[person_id] = (dt.date.min, unit_id, category)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    done: set[int] = set()
    for part in _chunks(list(held)):
        done.update(
            Enrolment.objects.filter(
                person_id__in=part, status=EnrolmentStatus.COMPLETED, completed_on__range=(start, end)
            ).values_list("person_id", flat=True)
        )
    children = {c.unit_id: UnitFigure(c.unit_id, c.name) for c in root.children}
    per_unit: dict[int, list[int]] = {}
    for person_id, (_since, unit_id, category) in held.items():
        trained = person_id in done
        cats[category].staff += 1
        cats[category].trained += trained
        row = per_unit.setdefault(unit_id, [0, 0])
        row[0] += 1
        row[1] += trained
        child = children.get(branch[unit_id])  # type: ignore[arg-type]  # None: the root's own
        if child is not None:
            child.staff += 1
            child.trained += trained
    without = sorted((-n, fold(names[u]), u) for u, (n, trained) in per_unit.items() if trained == 0)
    return TrainingFigures(
        unit=unit,
        year=year,
        categories=list(cats.values()),
        children=sorted(children.values(), key=lambda u: (u.trained > 0, u.name)),
        units_with_staff=len(per_unit),
        units_without=[UnitFigure(u, names[u], -n, 0) for n, _k, u in without[:without_limit]],
        units_without_count=len(without),
    )


def training_figures(
    *, viewer: Any, unit: Unit, year: int | None = None, without_limit: int = 50
) -> TrainingFigures:
    """For ``unit``'s subtree: staff and trained per role category, per direct child, and
    the units (with staff tracked here) where nobody was trained in ``year``.

    This year: today's tree and staff. Two GROUP BY queries (per category; per unit, ids and
    paths only) plus the children and the names of the units listed; the per-unit rows are
    rolled up to the children in Python by path prefix, so the cost does not grow with the
    depth of the tree. A past year is read on the tree and the positions of its last day
    (:func:`figures_day`), so a later reorganisation leaves it as it was."""
    _check_view(viewer, unit)
    year = year or timezone.localdate().year
    day = figures_day(unit=unit, year=year)
    if day is not None:
        return _training_figures_then(
            viewer=viewer, unit=unit, year=year, day=day, without_limit=without_limit
        )
    staff = _staff_with_done(viewer=viewer, unit=unit, year=year)
    counts = {"staff": Count("id"), "trained": Count("id", filter=Q(done=True))}
    cats = {c.value: CategoryFigure(c.value, str(c.label)) for c in RoleCategory}
    for category, n, trained in staff.values_list("category").annotate(**counts):
        cats[category].staff, cats[category].trained = n, trained
    children = {
        c.path: UnitFigure(c.pk, c.name)
        for c in Unit.objects.restrict(viewer)
        .filter(path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True)
        .only("pk", "path", "name")
    }
    cut = unit.child_path_len
    without: list[tuple[int, str, int]] = []
    units_with_staff = 0
    # One row per staffed unit: read at once (a server-side cursor costs round trips).
    for unit_id, path, n, trained in staff.values_list("unit_id", "unit__path").annotate(**counts):
        units_with_staff += 1
        if trained == 0:
            without.append((-n, path, unit_id))
        child = children.get(path[:cut])
        if child is not None:
            child.staff += n
            child.trained += trained
    without.sort()
    shown = without[:without_limit]
    names = (
        dict(Unit.objects.filter(pk__in=[u for _n, _p, u in shown]).values_list("pk", "name"))
        if shown
        else {}
    )
    return TrainingFigures(
        unit=unit,
        year=year,
        categories=list(cats.values()),
        children=sorted(children.values(), key=lambda u: (u.trained > 0, u.name)),
        units_with_staff=units_with_staff,
        units_without=[UnitFigure(u, names.get(u, ""), -n, 0) for n, _p, u in shown],
        units_without_count=len(without),
    )


@dataclass
class TrainingPanel:
    unit: Unit
    year: int
    courses: int
    upcoming: list[Course]
    staff: int
    trained: int
    units_without_count: int
    categories: list[CategoryFigure]

    @property
    def pct(self) -> float:
        return round(100.0 * self.trained / self.staff, 1) if self.staff else 0.0


def training_panel(*, viewer: Any, unit: Unit, today: dt.date | None = None) -> TrainingPanel:
    today = today or timezone.localdate()
    figures = training_figures(viewer=viewer, unit=unit, year=today.year, without_limit=0)
    courses = Course.objects.restrict(viewer).filter(organiser__path__startswith=unit.path)
    return TrainingPanel(
        unit=unit,
        year=today.year,
        courses=courses.filter(starts_on__year=today.year).count(),
        upcoming=list(
            courses.filter(ends_on__gte=today).select_related("organiser").order_by("starts_on")[:3]
        ),
        staff=figures.staff,
        trained=figures.trained,
        units_without_count=figures.units_without_count,
        categories=[c for c in figures.categories if c.staff],
    )


def report_sections(*, viewer: Any, unit: Unit, year: int) -> list:
    """The training part of the periodic Word report."""
    from trienkhai.core.partydoc import Item, Section, Table

    figures = training_figures(viewer=viewer, unit=unit, year=year, without_limit=30)
    courses_then = course_search(viewer=viewer, year=year)
    day = figures_day(unit=unit, year=year)
    if day is None:
        courses_then = courses_then.filter(organiser__path__startswith=unit.path)
    else:
        # A past year: the courses organised by the units of the subtree of that year's last day.
        root = _subtree_then(viewer=viewer, unit=unit, day=day)
        courses_then = courses_then.filter(organiser_id__in=list(_ids_by_branch(root)) if root else [])
    courses = list(courses_then.order_by("starts_on"))
    body: list = [
        _(
            "Năm %(y)s, các đơn vị tổ chức %(n)s lớp bồi dưỡng, tập huấn; %(t)s/%(s)s cán bộ được theo dõi trên "
            "hệ thống đã hoàn thành ít nhất một lớp."
        )
        % {"y": year, "n": len(courses), "t": figures.trained, "s": figures.staff},
    ]
    if courses:
        body.append(
            Table(
                headers=[
                    _("TT"),
                    _("Tên lớp"),
                    _("Đơn vị tổ chức"),
                    _("Thời gian"),
                    _("Học viên"),
                    _("Hoàn thành"),
                ],
                rows=[
                    [
                        i,
                        c.title,
                        c.organiser.name,
                        f"{c.starts_on:%d/%m} – {c.ends_on:%d/%m/%Y}",
                        c.enrolled,  # type: ignore[attr-defined]  # annotated counts
                        c.completed,  # type: ignore[attr-defined]
                    ]
                    for i, c in enumerate(courses, start=1)
                ],
                caption=_("Các lớp bồi dưỡng, tập huấn năm %(y)s") % {"y": year},
            )
        )
    body.append(
        Item(
            _("Cán bộ được bồi dưỡng theo nhóm"),
            [
                Table(
                    headers=[_("Nhóm cán bộ"), _("Số cán bộ"), _("Đã bồi dưỡng"), _("Tỷ lệ")],
                    rows=[
                        [c.label, c.staff, c.trained, f"{c.pct:.1f}%".replace(".", ",")]
                        for c in figures.categories
                        if c.staff
                    ],
                )
            ],
        )
    )
    if figures.units_without:
        body.append(
            Item(
                _("Đơn vị chưa có cán bộ được bồi dưỡng"),
                [
                    ", ".join(u.name for u in figures.units_without)
                    + (
                        _(" và %(n)s đơn vị khác.")
                        % {"n": figures.units_without_count - len(figures.units_without)}
                        if figures.units_without_count > len(figures.units_without)
                        else "."
                    )
                ],
            )
        )
    return [Section(_("Công tác bồi dưỡng, tập huấn cán bộ"), body)]


def open_work_at(*, units: list[Unit]) -> list[tuple[str, int]]:
    """For a reorganisation's preview: staff positions still held at ``units``. A unit that
    ends with a successor passes them on (``services.positions_pass_to_successor``)."""
    n = Position.objects.filter(unit__in=[u.pk for u in units], ended_on__isnull=True).count()
    return [(_("chức vụ cán bộ đang đảm nhiệm tại các đơn vị này"), n)]
