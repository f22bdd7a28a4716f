from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id
from trienkhai.orgs import selectors, services
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
    basis_document_id: int | None
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
def get_unit(request: HttpRequest, unit_id: Id, as_of: dt.date | None = None):
    """With ``as_of``: the name and kind the unit had on that day (404 if it did not exist then)."""
    unit = selectors.unit_get(viewer=request.user, pk=unit_id)
    if as_of is not None:
        then = selectors.unit_as_of(viewer=request.user, unit=unit, date=as_of)
        if not then.existed:
            raise Http404
        unit.name, unit.kind = then.name, then.kind  # shown, never saved
    return unit


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


# --- Reorganisation (issue 15.1): each operation is one service; refusals are 400 with the
# service's Vietnamese message, units or documents out of scope 404 (see decision 0067).


class EventIn(Schema):
    date: dt.date
    basis: str = ""
    basis_document_id: Id | None = None
    note: str = ""


class MoveIn(EventIn):
    new_parent_id: Id


class NewUnitIn(Schema):
    name: str
    kind: str = ""
    parent_id: Id | None = None
    code: str | None = None


class MergeIn(EventIn):
    source_ids: list[Id]
    target_id: Id | None = None
    new_target: NewUnitIn | None = None


class PartIn(Schema):
    name: str
    kind: str = ""


class SplitIn(EventIn):
    parts: list[PartIn]
    dissolve_source: bool = False


class DissolveIn(EventIn):
    successor_id: Id | None = None


class ReestablishIn(EventIn):
    new_parent_id: Id | None = None


class RenameIn(EventIn):
    new_name: str
    new_kind: str = ""


def _basis(request: HttpRequest, payload: EventIn | ReorgPlanIn) -> dict:
    from trienkhai.documents.selectors import document_get

    doc = None
    if payload.basis_document_id is not None:
        doc = document_get(viewer=request.user, pk=payload.basis_document_id)
    return {"date": payload.date, "basis": payload.basis, "basis_document": doc}


def _unit(request: HttpRequest, pk: int) -> Unit:
    return selectors.unit_get(viewer=request.user, pk=pk)


@router.post("/{unit_id}/move", response=UnitEventOut, summary="Chuyển trực thuộc")
def move(request: HttpRequest, unit_id: Id, payload: MoveIn):
    return services.unit_move(
        unit=_unit(request, unit_id),
        new_parent=_unit(request, payload.new_parent_id),
        note=payload.note,
        acting_user=request.user,
        **_basis(request, payload),
    )


@router.post("/{unit_id}/merge", response=list[UnitEventOut], summary="Hợp nhất, sáp nhập")
def merge(request: HttpRequest, unit_id: Id, payload: MergeIn):
    """``unit_id`` and ``source_ids`` merge into ``target_id`` or into a ``new_target``."""
    sources = [_unit(request, unit_id)] + [_unit(request, pk) for pk in payload.source_ids if pk != unit_id]
    new_target = None
    if payload.new_target is not None:
        nt = payload.new_target
        new_target = {
            "name": nt.name,
            "kind": nt.kind,
            "code": nt.code,
            "parent": _unit(request, nt.parent_id) if nt.parent_id is not None else None,
        }
    target = _unit(request, payload.target_id) if payload.target_id is not None else None
    return services.unit_merge(
        sources=sources,
        target=target,
        new_target=new_target,
        note=payload.note,
        acting_user=request.user,
        **_basis(request, payload),
    )


@router.post("/{unit_id}/split", response=list[UnitOut], summary="Chia tách")
def split(request: HttpRequest, unit_id: Id, payload: SplitIn):
    basis = _basis(request, payload)
    return services.unit_split(
        source=_unit(request, unit_id),
        parts=[p.dict() for p in payload.parts],
        dissolve_source=payload.dissolve_source,
        acting_user=request.user,
        **basis,
    )


@router.post("/{unit_id}/dissolve", response=UnitEventOut, summary="Giải thể")
def dissolve(request: HttpRequest, unit_id: Id, payload: DissolveIn):
    successor = _unit(request, payload.successor_id) if payload.successor_id is not None else None
    return services.unit_dissolve(
        unit=_unit(request, unit_id),
        successor=successor,
        note=payload.note,
        acting_user=request.user,
        **_basis(request, payload),
    )


@router.post("/{unit_id}/reestablish", response=UnitEventOut, summary="Tái lập")
def reestablish(request: HttpRequest, unit_id: Id, payload: ReestablishIn):
    parent = _unit(request, payload.new_parent_id) if payload.new_parent_id is not None else None
    return services.unit_reestablish(
        unit=_unit(request, unit_id),
        new_parent=parent,
        note=payload.note,
        acting_user=request.user,
        **_basis(request, payload),
    )


@router.post("/{unit_id}/rename", response=UnitEventOut, summary="Đổi tên, đổi loại hình")
def rename(request: HttpRequest, unit_id: Id, payload: RenameIn):
    """As a reorganisation, a rename is decided above the unit (the rename page of the unit's own
    editors keeps its older rule, see decision 0067)."""
    return services.unit_rename(
        unit=_unit(request, unit_id),
        decided_above=True,
        new_name=payload.new_name,
        new_kind=payload.new_kind or None,
        note=payload.note,
        acting_user=request.user,
        **_basis(request, payload),
    )


class ReorgPlanRowIn(Schema):
    unit: str
    op: str
    target: str = ""
    kind: str = ""
    parent: str = ""


class ReorgPlanIn(Schema):
    date: dt.date
    basis: str = ""
    basis_document_id: Id | None = None
    rows: list[ReorgPlanRowIn]
    apply: bool = False
    carry_roles: bool = False


class ReorgPlanChangeOut(Schema):
    op: str
    units: list[str]
    to: str
    lines: list[int]


class ReorgPlanOut(Schema):
    id: int
    status: str
    changes: list[ReorgPlanChangeOut]
    open_work: dict[str, int]
    events: int = 0


@router.post("/{unit_id}/plans", response=ReorgPlanOut, summary="Kế hoạch sắp xếp tổ chức")
def plan(request: HttpRequest, unit_id: Id, payload: ReorgPlanIn):
    """Many changes under ``unit_id`` at one date (rows as in the Excel plan: ``unit`` code or
    name, ``op`` gộp/chuyển/giải thể/đổi tên/tách, ``target``, ``kind``, ``parent``; a split is one
    ``tách`` row per new unit, the first its successor, and ``chuyển`` rows may name a new unit). Every conflict
    is listed with its row ("Dòng N: …") and nothing is written (400); otherwise the plan is kept for its
    preview, and with ``apply`` applied at once, all or nothing."""
    from trienkhai.orgs import plans

    rows = [{"line": i, **r.model_dump()} for i, r in enumerate(payload.rows, start=1)]
    if len(rows) > plans.MAX_ROWS:
        rows = rows[: plans.MAX_ROWS + 1]
    kept, checked = plans.plan_create(
        root=_unit(request, unit_id),
        rows=rows,
        **_basis(request, payload),
        acting_user=request.user,
    )
    if kept is None:
        raise plans.ImportFailed(checked.conflicts)
    body = {
        "id": kept.pk,
        "status": kept.status,
        "changes": checked.changes(),
        "open_work": dict(plans.open_work(checked.units())),
    }
    if payload.apply:
        body["events"] = len(
            plans.plan_apply(plan=kept, acting_user=request.user, carry_roles=payload.carry_roles)
        )
        body["status"] = "applied"
    return body
