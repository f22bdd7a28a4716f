from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents.selectors import document_get
from trienkhai.followups.api import FollowUpOut
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.oversight import selectors, services

router = Router(tags=["oversight"])


class PlanOut(Schema):
    id: int
    unit_id: int
    year: int
    title: str
    note: str
    illustrative: bool


class RecommendationOut(Schema):
    id: int
    text: str
    unit_id: int
    due_on: dt.date | None


class InspectionOut(Schema):
    id: int
    plan_id: int | None
    conducting_unit_id: int
    conducting_unit_name: str
    kind: str
    mode: str
    title: str
    subject_matter: str
    subject_unit_ids: list[int]
    start_on: dt.date
    end_on: dt.date | None
    concluded_on: dt.date | None
    illustrative: bool

    @staticmethod
    def resolve_conducting_unit_name(obj) -> str:
        return obj.conducting_unit.name

    @staticmethod
    def resolve_subject_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.subject_units.all()]


class InspectionDetailOut(InspectionOut):
    team: str
    findings: str
    conclusion: str
    document_ids: list[int]
    recommendations: list[RecommendationOut]

    @staticmethod
    def resolve_document_ids(obj) -> list[int]:
        return list(obj.documents.values_list("pk", flat=True))

    @staticmethod
    def resolve_recommendations(obj, context) -> list:
        # Only those the caller may read: a subject unit does not see what the inspection
        # asked of the other subjects (issue 13, point 2b).
        return list(selectors.recommendations_of(viewer=context["request"].user, inspection=obj))


class PlanIn(Schema):
    unit_id: Id
    year: Year
    title: str
    note: str = ""


class InspectionIn(Schema):
    conducting_unit_id: Id
    kind: str
    mode: str
    title: str
    start_on: dt.date
    subject_unit_ids: list[Id]
    end_on: dt.date | None = None
    subject_matter: str = ""
    document_ids: list[Id] = []
    team: str = ""
    plan_id: Id | None = None


class RecommendationIn(Schema):
    text: str
    unit_id: Id
    due_on: dt.date | None = None


class ConcludeIn(Schema):
    findings: str = ""
    conclusion: str
    concluded_on: dt.date | None = None
    recommendations: list[RecommendationIn] = []


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch kiểm tra, giám sát năm")
def plans(request: HttpRequest):
    return list(selectors.plan_list(viewer=request.user)[:200])


@router.post("/plans", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PlanIn):
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    return Status(
        201, services.plan_create(unit=unit, acting_user=request.user, **payload.dict(exclude={"unit_id"}))
    )


@router.get("/", response=list[InspectionOut], summary="Cuộc kiểm tra, giám sát trong phạm vi")
@paginated
def list_inspections(
    request: HttpRequest,
    q: str = "",
    year: Year | None = None,
    kind: str = "",
    mode: str = "",
    plan: Id | None = None,
):
    return selectors.inspection_search(viewer=request.user, q=q, year=year, kind=kind, mode=mode, plan=plan)


@router.get("/{inspection_id}", response=InspectionDetailOut)
def get_inspection(request: HttpRequest, inspection_id: Id):
    return selectors.inspection_get(viewer=request.user, pk=inspection_id)


@router.post("/", response={201: InspectionDetailOut})
def create(request: HttpRequest, payload: InspectionIn):
    unit = unit_get(viewer=request.user, pk=payload.conducting_unit_id, action="change")
    subjects = list(Unit.objects.filter(pk__in=payload.subject_unit_ids))
    if len(subjects) != len(set(payload.subject_unit_ids)):
        raise ValidationError({"subject_units": _("Không tìm thấy đối tượng.")})
    docs = [document_get(viewer=request.user, pk=pk) for pk in payload.document_ids]
    plan = selectors.plan_get(viewer=request.user, pk=payload.plan_id) if payload.plan_id else None
    data = payload.dict(exclude={"conducting_unit_id", "subject_unit_ids", "document_ids", "plan_id"})
    return Status(
        201,
        services.inspection_create(
            conducting_unit=unit,
            subject_units=subjects,
            documents=docs,
            plan=plan,
            acting_user=request.user,
            **data,
        ),
    )


@router.post("/{inspection_id}/conclude", response=InspectionDetailOut)
def conclude(request: HttpRequest, inspection_id: Id, payload: ConcludeIn):
    insp = selectors.inspection_get(viewer=request.user, pk=inspection_id)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[r.unit_id for r in payload.recommendations])}
    recs = [
        {"text": r.text, "unit": units.get(r.unit_id), "due_on": r.due_on} for r in payload.recommendations
    ]
    return services.inspection_conclude(
        inspection=insp,
        findings=payload.findings,
        conclusion=payload.conclusion,
        concluded_on=payload.concluded_on,
        recommendations=recs,
        acting_user=request.user,
    )


@router.post("/{inspection_id}/recommendations/{item_id}/followup", response={201: FollowUpOut})
def to_followup(request: HttpRequest, inspection_id: Id, item_id: Id):
    insp = selectors.inspection_get(viewer=request.user, pk=inspection_id)
    rec = selectors.recommendation_get(viewer=request.user, inspection=insp, pk=item_id)
    return Status(201, services.recommendation_to_followup(recommendation=rec, acting_user=request.user))
