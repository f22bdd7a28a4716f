from __future__ import annotations

import datetime as dt
from typing import overload

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents.selectors import document_get
from trienkhai.followups.api import FollowUpOut
from trienkhai.meetings import selectors, services
from trienkhai.meetings.models import Conclusion, RaisedProposal
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.proposals.api import ProposalOut

router = Router(tags=["meetings"])


class ParticipantOut(Schema):
    name: str
    position: str
    unit_id: int | None
    side: str
    role: str


class ConclusionOut(Schema):
    id: int
    text: str
    unit_id: int | None
    due_on: dt.date | None


class RaisedOut(Schema):
    id: int
    text: str
    sender_id: int
    addressee_id: int
    proposal_id: int | None

    @staticmethod
    def resolve_proposal_id(obj) -> int | None:
        p = getattr(obj, "proposal", None)
        return p.pk if p is not None else None


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    date: dt.date
    place: str
    form: str
    platform: str
    host_id: int
    host_name: str
    visiting_unit_ids: list[int]
    summary: str
    illustrative: bool

    @staticmethod
    def resolve_host_name(obj) -> str:
        return obj.host.name

    @staticmethod
    def resolve_visiting_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.visiting_units.all()]


class MeetingDetailOut(MeetingOut):
    document_ids: list[int]
    participants: list[ParticipantOut]
    conclusions: list[ConclusionOut]
    raised_proposals: list[RaisedOut]

    @staticmethod
    def resolve_document_ids(obj) -> list[int]:
        return list(obj.documents.values_list("pk", flat=True))

    @staticmethod
    def resolve_participants(obj) -> list:
        return list(obj.participants.all())

    @staticmethod
    def resolve_conclusions(obj) -> list:
        return list(obj.conclusions.all())

    @staticmethod
    def resolve_raised_proposals(obj) -> list:
        return list(obj.raised_proposals.all())


class MeetingIn(Schema):
    host_id: Id
    title: str
    date: dt.date
    form: str
    kind: str = "lam_viec"
    place: str = ""
    platform: str = ""
    visiting_unit_ids: list[Id] = []
    document_ids: list[Id] = []
    summary: str = ""


class ParticipantIn(Schema):
    name: str
    position: str = ""
    unit_id: Id | None = None
    side: str = "host"
    role: str = "du"


class ConclusionIn(Schema):
    text: str
    unit_id: Id | None = None
    due_on: dt.date | None = None


class RaisedIn(Schema):
    text: str
    sender_id: Id
    addressee_id: Id


@overload
def _unit(pk: int) -> Unit: ...
@overload
def _unit(pk: int | None) -> Unit | None: ...
def _unit(pk: int | None) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({"unit": _("Không tìm thấy đơn vị.")})
    return unit


@router.get("/", response=list[MeetingOut], summary="Buổi làm việc, hội nghị trong phạm vi")
@paginated
def list_meetings(
    request: HttpRequest, q: str = "", year: Year | None = None, form: str = "", kind: str = ""
):
    return selectors.meeting_search(viewer=request.user, q=q, year=year, form=form, kind=kind)


@router.get("/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request: HttpRequest, meeting_id: Id):
    return selectors.meeting_get(viewer=request.user, pk=meeting_id)


@router.post("/", response={201: MeetingDetailOut}, summary="Ghi buổi làm việc")
def create(request: HttpRequest, payload: MeetingIn):
    host = unit_get(viewer=request.user, pk=payload.host_id, action="change")
    visiting = [_unit(pk) for pk in payload.visiting_unit_ids]
    docs = [document_get(viewer=request.user, pk=pk) for pk in payload.document_ids]
    data = payload.dict(exclude={"host_id", "visiting_unit_ids", "document_ids"})
    return Status(
        201,
        services.meeting_create(
            host=host, visiting_units=visiting, documents=docs, acting_user=request.user, **data
        ),
    )


@router.post("/{meeting_id}/participants", response={201: ParticipantOut})
def add_participant(request: HttpRequest, meeting_id: Id, payload: ParticipantIn):
    m = selectors.meeting_get(viewer=request.user, pk=meeting_id)
    data = payload.dict(exclude={"unit_id"})
    return Status(
        201,
        services.participant_add(meeting=m, unit=_unit(payload.unit_id), acting_user=request.user, **data),
    )


@router.post("/{meeting_id}/conclusions", response={201: ConclusionOut})
def add_conclusion(request: HttpRequest, meeting_id: Id, payload: ConclusionIn):
    m = selectors.meeting_get(viewer=request.user, pk=meeting_id)
    return Status(
        201,
        services.conclusion_add(
            meeting=m,
            text=payload.text,
            unit=_unit(payload.unit_id),
            due_on=payload.due_on,
            acting_user=request.user,
        ),
    )


@router.post("/{meeting_id}/proposals", response={201: RaisedOut})
def add_raised(request: HttpRequest, meeting_id: Id, payload: RaisedIn):
    m = selectors.meeting_get(viewer=request.user, pk=meeting_id)
    return Status(
        201,
        services.raised_proposal_add(
            meeting=m,
            text=payload.text,
            sender=_unit(payload.sender_id),
            addressee=_unit(payload.addressee_id),
            acting_user=request.user,
        ),
    )


@router.post(
    "/{meeting_id}/conclusions/{item_id}/followup",
    response={201: FollowUpOut},
    summary="Kết luận → việc cần theo dõi",
)
def to_followup(request: HttpRequest, meeting_id: Id, item_id: Id):
    m = selectors.meeting_get(viewer=request.user, pk=meeting_id)
    c = Conclusion.objects.filter(meeting=m, pk=item_id).select_related("meeting", "unit").first()
    if c is None:
        raise Http404
    return Status(201, services.conclusion_to_followup(conclusion=c, acting_user=request.user))


@router.post(
    "/{meeting_id}/proposals/{item_id}/send",
    response={201: ProposalOut},
    summary="Kiến nghị tại buổi làm việc → kiến nghị",
)
def to_proposal(request: HttpRequest, meeting_id: Id, item_id: Id):
    m = selectors.meeting_get(viewer=request.user, pk=meeting_id)
    item = (
        RaisedProposal.objects.filter(meeting=m, pk=item_id)
        .select_related("meeting", "sender", "addressee")
        .first()
    )
    if item is None:
        raise Http404
    return Status(201, services.raised_to_proposal(item=item, acting_user=request.user))
