from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents.selectors import document_get
from trienkhai.emulation import selectors, services
from trienkhai.orgs.selectors import unit_get
from trienkhai.training.selectors import person_get

router = Router(tags=["emulation"])


class CampaignOut(Schema):
    id: int
    unit_id: int
    title: str
    description: str
    criteria: list[str]
    starts_on: dt.date
    ends_on: dt.date
    document_id: int | None
    illustrative: bool

    @staticmethod
    def resolve_criteria(obj) -> list[str]:
        return obj.criteria_list()


class CampaignIn(Schema):
    unit_id: Id
    title: str
    starts_on: dt.date
    ends_on: dt.date
    description: str = ""
    criteria: str = ""
    document_id: Id | None = None


class NominationOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    kind: str
    nominee_unit_id: int | None
    person_id: int | None
    nominee_name: str
    achievements: str
    nominated_on: dt.date
    status: str
    decided_on: dt.date | None
    decision_document_id: int | None
    decision_note: str


class NominationIn(Schema):
    unit_id: Id
    kind: str
    achievements: str
    nominee_unit_id: Id | None = None
    person_id: Id | None = None
    nominated_on: dt.date | None = None


class DecideIn(Schema):
    approve: bool
    on: dt.date | None = None
    document_id: Id | None = None
    note: str = ""


class PracticeOut(Schema):
    id: int
    unit_id: int
    title: str
    work_kind: str
    description: str
    results: str
    started_on: dt.date | None
    featured_by_id: int | None
    featured_on: dt.date | None
    adoption_count: int
    illustrative: bool


class FeatureIn(Schema):
    by_unit_id: Id
    on: dt.date | None = None
    note: str = ""


class AdoptionOut(Schema):
    id: int
    practice_id: int
    unit_id: int
    adopted_on: dt.date
    outcome: str


class AdoptionIn(Schema):
    unit_id: Id
    adopted_on: dt.date
    outcome: str = ""


@router.get("/campaigns", response=list[CampaignOut], summary="Phong trào thi đua trong phạm vi")
@paginated
def list_campaigns(request: HttpRequest, q: str = "", year: Year | None = None):
    return selectors.campaign_search(viewer=request.user, q=q, year=year)


@router.get("/campaigns/{campaign_id}", response=CampaignOut)
def get_campaign(request: HttpRequest, campaign_id: Id):
    return selectors.campaign_get(viewer=request.user, pk=campaign_id)


@router.post("/campaigns", response={201: CampaignOut}, summary="Phát động phong trào")
def create_campaign(request: HttpRequest, payload: CampaignIn):
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    doc = document_get(viewer=request.user, pk=payload.document_id) if payload.document_id else None
    data = payload.dict(exclude={"unit_id", "document_id"})
    return Status(201, services.campaign_create(unit=unit, document=doc, acting_user=request.user, **data))


@router.get("/campaigns/{campaign_id}/nominations", response=list[NominationOut])
def list_nominations(request: HttpRequest, campaign_id: Id, status: str = ""):
    c = selectors.campaign_get(viewer=request.user, pk=campaign_id)
    return list(selectors.nominations_of(viewer=request.user, campaign=c, status=status))


@router.get("/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request: HttpRequest, nomination_id: Id):
    return selectors.nomination_get(viewer=request.user, pk=nomination_id)


@router.post(
    "/campaigns/{campaign_id}/nominations", response={201: NominationOut}, summary="Đề nghị khen thưởng"
)
def nominate(request: HttpRequest, campaign_id: Id, payload: NominationIn):
    c = selectors.campaign_get(viewer=request.user, pk=campaign_id)
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    nominee = unit_get(viewer=request.user, pk=payload.nominee_unit_id) if payload.nominee_unit_id else None
    person = person_get(viewer=request.user, pk=payload.person_id) if payload.person_id else None
    return Status(
        201,
        services.nomination_create(
            campaign=c,
            unit=unit,
            kind=payload.kind,
            achievements=payload.achievements,
            nominee_unit=nominee,
            person=person,
            nominated_on=payload.nominated_on,
            acting_user=request.user,
        ),
    )


@router.post("/nominations/{nomination_id}/decide", response=NominationOut, summary="Xét khen thưởng")
def decide(request: HttpRequest, nomination_id: Id, payload: DecideIn):
    n = selectors.nomination_get(viewer=request.user, pk=nomination_id)
    doc = document_get(viewer=request.user, pk=payload.document_id) if payload.document_id else None
    return services.nomination_decide(
        nomination=n,
        approve=payload.approve,
        on=payload.on,
        document=doc,
        note=payload.note,
        acting_user=request.user,
    )


@router.get(
    "/practices", response=list[PracticeOut], summary="Cách làm hay (order=adopted: nhân rộng nhiều nhất)"
)
@paginated
def list_practices(
    request: HttpRequest, q: str = "", work_kind: str = "", featured: bool = False, order: str = ""
):
    return selectors.practice_search(
        viewer=request.user, q=q, work_kind=work_kind, featured=featured, order=order
    )


@router.get("/practices/{practice_id}", response=PracticeOut)
def get_practice(request: HttpRequest, practice_id: Id):
    return selectors.practice_get(viewer=request.user, pk=practice_id)


@router.post(
    "/practices", response={201: PracticeOut}, summary="Giới thiệu cách làm hay (tệp đính kèm tùy chọn)"
)
def create_practice(
    request: HttpRequest,
    unit_id: Form[Id],
    title: Form[str],
    work_kind: Form[str],
    description: Form[str],
    results: Form[str] = "",
    started_on: Form[dt.date | None] = None,
    file: File[UploadedFile] | None = None,
):
    unit = unit_get(viewer=request.user, pk=unit_id, action="change")
    p = services.practice_create(
        unit=unit,
        title=title,
        work_kind=work_kind,
        description=description,
        results=results,
        started_on=started_on,
        attachments=[(file, file.name)] if file else [],  # type: ignore[list-item]  # an upload reads like a file and has a name
        acting_user=request.user,
    )
    return Status(201, selectors.practice_get(viewer=request.user, pk=p.pk))


@router.post(
    "/practices/{practice_id}/feature", response=PracticeOut, summary="Cấp ủy giới thiệu, biểu dương"
)
def feature(request: HttpRequest, practice_id: Id, payload: FeatureIn):
    p = selectors.practice_get(viewer=request.user, pk=practice_id)
    by = unit_get(viewer=request.user, pk=payload.by_unit_id, action="change")
    services.practice_feature(practice=p, by=by, on=payload.on, note=payload.note, acting_user=request.user)
    return selectors.practice_get(viewer=request.user, pk=p.pk)


@router.get("/practices/{practice_id}/adoptions", response=list[AdoptionOut])
def list_adoptions(request: HttpRequest, practice_id: Id):
    p = selectors.practice_get(viewer=request.user, pk=practice_id)
    return list(selectors.practice_adoptions(viewer=request.user, practice=p))


@router.get("/adoptions/{adoption_id}", response=AdoptionOut)
def get_adoption(request: HttpRequest, adoption_id: Id):
    return selectors.adoption_get(viewer=request.user, pk=adoption_id)


@router.post("/practices/{practice_id}/adoptions", response={201: AdoptionOut}, summary="Ghi nhân rộng")
def adopt(request: HttpRequest, practice_id: Id, payload: AdoptionIn):
    p = selectors.practice_get(viewer=request.user, pk=practice_id)
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    return Status(
        201,
        services.adoption_record(
            practice=p,
            unit=unit,
            adopted_on=payload.adopted_on,
            outcome=payload.outcome,
            acting_user=request.user,
        ),
    )
