"""Reads of the organisation tree. Every selector takes the viewer and applies scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from trienkhai.core.scoping import get_scoped_or_404, scope_roots
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import MemberCount, Unit, UnitEvent, UnitVersion
from trienkhai.textmine.normalize import fold


def unit_get(*, viewer: Any, pk: Any, action: str = "view") -> Unit:
    return get_scoped_or_404(Unit.objects, viewer, action, pk=pk)


def units_visible(*, viewer: Any, action: str = "view") -> QuerySet[Unit]:
    return Unit.objects.restrict(viewer, action)


def unit_roots(*, viewer: Any) -> QuerySet[Unit]:
    """The top of what the viewer sees: the units where their roles sit (or the real roots)."""
    return scope_roots(viewer, "view")


def unit_children(*, viewer: Any, unit: Unit, include_ended: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.restrict(viewer).filter(path__startswith=unit.path, depth=unit.depth + 1)
    if not include_ended:
        qs = qs.filter(valid_to__isnull=True)
    return qs


def unit_subtree(*, viewer: Any, unit: Unit) -> QuerySet[Unit]:
    """This unit and everything below it, within the viewer's scope: one prefix query."""
    return Unit.objects.restrict(viewer).filter(path__startswith=unit.path)


def unit_search(*, viewer: Any, q: str, kind: str = "", include_ended: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.restrict(viewer)
    key = fold(q or "")
    if key:
        cond = Q()
        for word in key.split():
            cond &= Q(name_folded__contains=word)
        qs = qs.filter(cond | Q(code__iexact=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if not include_ended:
        qs = qs.filter(valid_to__isnull=True)
    return qs


def unit_ancestors_visible(*, viewer: Any, unit: Unit) -> list[Unit]:
    """Breadcrumb: the unit's ancestors the viewer may open."""
    if unit.depth <= 1:
        return []
    paths = unit.ancestor_paths()
    return list(Unit.objects.restrict(viewer).filter(path__in=paths).order_by("depth"))


@dataclass
class UnitHistory:
    events: list[UnitEvent]
    versions: list[UnitVersion]
    predecessors: list[Unit] = field(default_factory=list)
    successors: list[Unit] = field(default_factory=list)
    member_counts: list[MemberCount] = field(default_factory=list)


def unit_history(*, viewer: Any, unit: Unit) -> UnitHistory:
    visible = Unit.objects.restrict(viewer)
    events = list(
        unit.events.select_related("old_parent", "new_parent", "related_unit", "basis_document").order_by(
            "date", "id"
        )
    )
    # Predecessors: units merged into this one, or that this one was split from.
    merged_in = UnitEvent.objects.filter(related_unit=unit, kind=UnitEventKind.MERGED_INTO).values("unit_id")
    split_src = [
        e.related_unit_id for e in events if e.kind == UnitEventKind.SPLIT_FROM and e.related_unit_id
    ]
    predecessors = list(visible.filter(Q(pk__in=merged_in) | Q(pk__in=split_src)))
    for p in predecessors:
        # "Tiền thân: … (đến 30/6/2025)": the last day it existed (``valid_to`` is the change day).
        p.last_day = p.valid_to - dt.timedelta(days=1) if p.valid_to else None
    successor_ids = [
        e.related_unit_id
        for e in events
        if e.kind in (UnitEventKind.MERGED_INTO, UnitEventKind.DISSOLVED) and e.related_unit_id
    ]
    split_children = UnitEvent.objects.filter(related_unit=unit, kind=UnitEventKind.SPLIT_FROM).values(
        "unit_id"
    )
    successors = list(visible.filter(Q(pk__in=successor_ids) | Q(pk__in=split_children)))
    return UnitHistory(
        events=events,
        versions=list(unit.versions.select_related("parent").order_by("valid_from")),
        predecessors=predecessors,
        successors=successors,
        member_counts=list(unit.member_counts.order_by("-as_of")),
    )


@dataclass
class AsOfNode:
    unit_id: int
    name: str
    kind: str
    illustrative: bool
    children: list[AsOfNode] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


def tree_as_of(*, viewer: Any, date: dt.date, root: Unit | None = None) -> list[AsOfNode]:
    """The tree as it was on ``date``: names, kinds and parents from the versions then valid.

    Scope is today's: a viewer sees the units now under their roles, as they were then.
    One query over versions; the nesting is built in memory.
    """
    visible = Unit.objects.restrict(viewer)
    then = (
        UnitVersion.objects.filter(unit__in=visible.values("pk"))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))
        .select_related("unit")
        .order_by("unit__path")
    )
    if root is None:
        versions = list(then)
    else:
        # Level by level from the root along that day's parents: a province's page reads its
        # own subtree (one query per level), not the whole country's versions.
        versions = list(then.filter(unit_id=root.pk))
        seen = {v.unit_id for v in versions}
        frontier = list(seen)
        while frontier:
            level = [
                v
                for i in range(0, len(frontier), 5000)  # SQLite's limit on parameters
                for v in then.filter(parent_id__in=frontier[i : i + 5000])
                if v.unit_id not in seen
            ]
            versions += level
            seen.update(v.unit_id for v in level)
            frontier = [v.unit_id for v in level]
    nodes: dict[int, AsOfNode] = {}
    parent_of: dict[int, int | None] = {}
    for v in versions:
        nodes[v.unit_id] = AsOfNode(v.unit_id, v.name, v.kind, v.unit.illustrative)
        parent_of[v.unit_id] = v.parent_id
    roots: list[AsOfNode] = []
    for uid, node in nodes.items():
        pid = parent_of[uid]
        if pid in nodes:
            nodes[pid].children.append(node)
        else:
            roots.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: fold(n.name))
    if root is not None:
        # The root's subtree *as it was then*: units since moved away are still under it.
        return [nodes[root.pk]] if root.pk in nodes else []
    return roots


def member_count_latest(*, unit: Unit) -> MemberCount | None:
    return unit.member_counts.order_by("-as_of").first()


def plan_get(*, viewer: Any, pk: Any, action: str = "admin") -> Any:
    """A reorganisation plan of a unit the viewer administers; else 404."""
    from trienkhai.orgs.models import ReorgPlan

    return get_scoped_or_404(
        ReorgPlan.objects.select_related("root", "basis_document"), viewer, action, pk=pk
    )


@dataclass
class UnitAsOf:
    """A unit as it stood on ``date``: its name, kind and parent of that day, the members on
    the roll then, and the units under it then (names of that day)."""

    date: dt.date
    existed: bool
    name: str = ""
    kind: str = ""
    parent_name: str = ""
    members: MemberCount | None = None
    children: list[AsOfNode] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


def unit_as_of(*, viewer: Any, unit: Unit, date: dt.date) -> UnitAsOf:
    """``unit`` on ``date`` (scope: the viewer's, as for :func:`tree_as_of`). Reads versions and
    member counts only: looking at the past writes and changes nothing of today."""
    version = (
        UnitVersion.objects.filter(unit=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))
        .select_related("parent")
        .first()
    )
    if version is None:
        return UnitAsOf(date, existed=False)
    nodes = tree_as_of(viewer=viewer, date=date, root=unit)
    parent_name = ""
    if version.parent_id is not None:
        then = (
            UnitVersion.objects.filter(unit_id=version.parent_id)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))
            .first()
        )
        parent_name = then.name if then else version.parent.name if version.parent else ""
    return UnitAsOf(
        date,
        existed=True,
        name=version.name,
        kind=version.kind,
        parent_name=parent_name,
        members=unit.member_counts.filter(as_of__lte=date).order_by("-as_of").first(),
        children=nodes[0].children if nodes else [],
    )


def unit_heirs(*, viewer: Any, units: list[Unit]) -> dict[int, list[Unit]]:
    """For each of ``units`` that has ended: the units still existing that carry it on — the
    unit it merged into or was dissolved naming, the units split from it — followed through
    their own later changes (a successor merged again) until one still exists. A unit still
    existing is its own heir; one that ended with nobody after it has none. Among the units the
    viewer sees."""
    heirs: dict[int, set[int]] = {}
    pending: dict[int, set[int]] = {}  # an ended unit → the units it is followed through now
    for u in units:
        if u.valid_to is None:
            heirs[u.pk] = {u.pk}
        else:
            heirs[u.pk], pending[u.pk] = set(), {u.pk}
    for _hop in range(20):  # a chain of changes is short; a cycle cannot loop forever
        ids = {i for step in pending.values() for i in step}
        if not ids:
            break
        nxt: dict[int, set[int]] = {}
        for uid, to in UnitEvent.objects.filter(
            unit_id__in=ids,
            kind__in=(UnitEventKind.MERGED_INTO, UnitEventKind.DISSOLVED),
            related_unit__isnull=False,
        ).values_list("unit_id", "related_unit_id"):
            nxt.setdefault(uid, set()).add(to)
        # Split from it on its last day: a unit split earlier and going on keeps its parts apart.
        ends = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "valid_to"))
        for source, part, on in UnitEvent.objects.filter(
            related_unit_id__in=ids, kind=UnitEventKind.SPLIT_FROM
        ).values_list("related_unit_id", "unit_id", "date"):
            if on is not None and on == ends.get(source):
                nxt.setdefault(source, set()).add(part)
        reached = {i for step in nxt.values() for i in step}
        ended = set(Unit.objects.filter(pk__in=reached, valid_to__isnull=False).values_list("pk", flat=True))
        for origin, step in list(pending.items()):
            after = {i for s in step for i in nxt.get(s, ())}
            heirs[origin] |= after - ended
            pending[origin] = after & ended
    found = {
        u.pk: u for u in Unit.objects.restrict(viewer).filter(pk__in={i for h in heirs.values() for i in h})
    }
    return {uid: [found[i] for i in sorted(h) if i in found] for uid, h in heirs.items()}
