from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id
from trienkhai.orgs import selectors
from trienkhai.orgs.models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    code: str | None
    depth: int
    path: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    illustrative: bool
    numchild: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class UnitEventOut(Schema):
    id: int
    kind: str
    date: dt.date | None
    old_name: str
    new_name: str
    old_kind: str
    new_kind: str
    old_parent_id: int | None
    new_parent_id: int | None
    related_unit_id: int | None
    basis: str
    note: str


class MemberCountOut(Schema):
    as_of: dt.date
    members: int


class HistoryOut(Schema):
    unit: UnitOut
    events: list[UnitEventOut]
    predecessors: list[UnitOut]
    successors: list[UnitOut]
    member_counts: list[MemberCountOut]


class AsOfNodeOut(Schema):
    unit_id: int
    name: str
    kind: str
    illustrative: bool
    children: list[AsOfNodeOut]


@router.get("/", response=list[UnitOut], summary="Danh sách / tìm kiếm đơn vị")
@paginated
def list_units(
    request: HttpRequest, q: str = "", kind: str = "", parent: Id | None = None, include_ended: bool = False
):
    if parent is not None:
        unit = selectors.unit_get(viewer=request.user, pk=parent)
        return selectors.unit_children(viewer=request.user, unit=unit, include_ended=include_ended)
    if q or kind:
        return selectors.unit_search(viewer=request.user, q=q, kind=kind, include_ended=include_ended)
    return selectors.units_visible(viewer=request.user)


@router.get("/roots", response=list[UnitOut], summary="Các đơn vị gốc trong phạm vi")
def roots(request: HttpRequest):
    return list(selectors.unit_roots(viewer=request.user))


@router.get("/as-of", response=list[AsOfNodeOut], summary="Cây tổ chức tại một ngày")
def as_of(request: HttpRequest, date: dt.date, root: Id | None = None):
    root_unit = selectors.unit_get(viewer=request.user, pk=root) if root is not None else None
    return selectors.tree_as_of(viewer=request.user, date=date, root=root_unit)


@router.get("/{unit_id}", response=UnitOut, summary="Một đơn vị")
def get_unit(request: HttpRequest, unit_id: Id):
    return selectors.unit_get(viewer=request.user, pk=unit_id)


@router.get("/{unit_id}/children", response=list[UnitOut], summary="Đơn vị trực thuộc")
def children(request: HttpRequest, unit_id: Id, include_ended: bool = False):
    unit = selectors.unit_get(viewer=request.user, pk=unit_id)
    return list(selectors.unit_children(viewer=request.user, unit=unit, include_ended=include_ended))


@router.get("/{unit_id}/history", response=HistoryOut, summary="Lịch sử đơn vị")
def history(request: HttpRequest, unit_id: Id):
    unit: Unit = selectors.unit_get(viewer=request.user, pk=unit_id)
    h = selectors.unit_history(viewer=request.user, unit=unit)
    return {
        "unit": unit,
        "events": h.events,
        "predecessors": h.predecessors,
        "successors": h.successors,
        "member_counts": h.member_counts,
    }
