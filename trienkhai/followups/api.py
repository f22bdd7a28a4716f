from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id
from trienkhai.followups import selectors, services
from trienkhai.followups.models import FollowUp
from trienkhai.orgs.selectors import unit_get

router = Router(tags=["followups"])


class FollowUpOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    assigned_by_id: int | None
    title: str
    expected_result: str
    accountable: str
    due_on: dt.date
    done_on: dt.date | None
    result_note: str
    state: str
    source_conclusion_id: int | None
    source_recommendation_id: int | None
    source_proposal_id: int | None
    illustrative: bool

    @staticmethod
    def resolve_unit_name(obj: FollowUp) -> str:
        return obj.unit.name


class FollowUpIn(Schema):
    unit_id: Id
    assigned_by_id: Id
    title: str
    due_on: dt.date
    expected_result: str = ""
    accountable: str = ""


class CompleteIn(Schema):
    done_on: dt.date | None = None
    result_note: str


class ReopenIn(Schema):
    reason: str


@router.get("/", response=list[FollowUpOut], summary="Việc cần theo dõi (lọc theo đơn vị, tình trạng, nguồn)")
@paginated
def list_followups(
    request: HttpRequest,
    unit: Id | None = None,
    below: bool = False,
    q: str = "",
    state: str = "",
    source: str = "",
) -> QuerySet[FollowUp]:
    u = unit_get(viewer=request.user, pk=unit) if unit else None
    return selectors.followup_search(
        viewer=request.user, unit=u, include_below=below, q=q, state=state, source=source
    )


@router.get("/{item_id}", response=FollowUpOut)
def get_followup(request: HttpRequest, item_id: Id) -> FollowUp:
    return selectors.followup_get(viewer=request.user, pk=item_id)


@router.post("/", response={201: FollowUpOut}, summary="Giao việc")
def create_followup(request: HttpRequest, payload: FollowUpIn) -> Status[FollowUp]:
    assigned_by = unit_get(viewer=request.user, pk=payload.assigned_by_id, action="change")
    unit = unit_get(viewer=request.user, pk=payload.unit_id)
    data = payload.dict(exclude={"unit_id", "assigned_by_id"})
    return Status(
        201, services.followup_create(unit=unit, assigned_by=assigned_by, acting_user=request.user, **data)
    )


@router.post("/{item_id}/complete", response=FollowUpOut, summary="Báo cáo hoàn thành")
def complete(request: HttpRequest, item_id: Id, payload: CompleteIn) -> FollowUp:
    item = selectors.followup_get(viewer=request.user, pk=item_id)
    return services.followup_complete(followup=item, acting_user=request.user, **payload.dict())


@router.post("/{item_id}/reopen", response=FollowUpOut, summary="Mở lại")
def reopen(request: HttpRequest, item_id: Id, payload: ReopenIn) -> FollowUp:
    item = selectors.followup_get(viewer=request.user, pk=item_id)
    return services.followup_reopen(followup=item, reason=payload.reason, acting_user=request.user)
