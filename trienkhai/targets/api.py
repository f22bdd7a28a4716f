from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.selectors import unit_get
from trienkhai.targets import selectors, services
from trienkhai.targets.models import Measurement, Target

if TYPE_CHECKING:
    from trienkhai.rollout.models import Step

router = Router(tags=["targets"])


class MeasurementOut(Schema):
    id: int
    on: dt.date
    value: Decimal | None
    reached: bool | None
    note: str


class TargetOut(Schema):
    id: int
    unit_id: int
    term: str
    title: str
    description: str
    kind: str
    value_unit: str
    baseline: Decimal | None
    target_value: Decimal | None
    target_text: str
    starts_on: dt.date
    target_date: dt.date
    due_precision: str
    source_document_id: int | None
    step_id: int | None
    counted_measure: str
    counted: bool
    illustrative: bool


class ProgressOut(Schema):
    status: str
    status_label: str
    current: Decimal | None
    current_on: dt.date | None
    achieved_on: dt.date | None
    in_scope: int | None
    done: int | None
    ahead_text: str


class TargetDetailOut(TargetOut):
    progress: ProgressOut
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_measurements(obj: Target) -> list[Measurement]:
        return list(obj.measurements.all())


class TargetIn(Schema):
    unit_id: Id
    title: str
    term: str = ""  # empty: from the dates, like the form
    kind: str
    starts_on: dt.date
    target_date: dt.date
    due_precision: str = "day"
    description: str = ""
    value_unit: str = ""
    baseline: Decimal | None = None
    target_value: Decimal | None = None
    target_text: str = ""
    source_document_id: Id | None = None
    step_id: Id | None = None
    counted_measure: str = ""


class MeasurementIn(Schema):
    on: dt.date
    value: Decimal | None = None
    reached: bool | None = None
    note: str = ""


def _detail(request: HttpRequest, t: Target) -> Target:
    p = selectors.progress_for(viewer=request.user, target=t)
    t.progress = p  # type: ignore[attr-defined]  # read by TargetDetailOut
    return t


@router.get("/", response=list[TargetOut], summary="Mục tiêu, chỉ tiêu trong phạm vi")
@paginated
def list_targets(request: HttpRequest, q: str = "", term: str = "", kind: str = "") -> QuerySet[Target]:
    return selectors.target_search(viewer=request.user, q=q, term=term, kind=kind)


@router.get("/{target_id}", response=TargetDetailOut, summary="Chỉ tiêu với tình trạng tính toán")
def get_target(request: HttpRequest, target_id: Id) -> Target:
    t = selectors.target_get(viewer=request.user, pk=target_id)
    return _detail(request, t)


@router.post(
    "/", response={201: TargetOut}, summary="Thêm chỉ tiêu (có thể đếm từ một yêu cầu của đợt triển khai)"
)
def create_target(request: HttpRequest, payload: TargetIn) -> Status[Target]:
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    doc = (
        document_get(viewer=request.user, pk=payload.source_document_id)
        if payload.source_document_id
        else None
    )
    step = _step(request, payload.step_id) if payload.step_id else None
    data = payload.dict(exclude={"unit_id", "source_document_id", "step_id"})
    return Status(
        201,
        services.target_create(unit=unit, source_document=doc, step=step, acting_user=request.user, **data),
    )


def _step(request: HttpRequest, pk: int) -> Step:
    step = selectors.steps_linkable(viewer=request.user).filter(pk=pk).first()
    if step is None:
        from django.http import Http404

        raise Http404
    return step


@router.get("/{target_id}/measurements", response=list[MeasurementOut])
def list_measurements(request: HttpRequest, target_id: Id) -> list[Measurement]:
    return list(selectors.target_get(viewer=request.user, pk=target_id).measurements.all())


@router.post(
    "/{target_id}/measurements",
    response={201: MeasurementOut},
    summary="Ghi kết quả đo (không áp dụng cho chỉ tiêu do hệ thống đếm)",
)
def add_measurement(request: HttpRequest, target_id: Id, payload: MeasurementIn) -> Status[Measurement]:
    t = selectors.target_get(viewer=request.user, pk=target_id, action="change")
    return Status(201, services.measurement_add(target=t, acting_user=request.user, **payload.dict()))
