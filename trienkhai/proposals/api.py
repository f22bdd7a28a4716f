from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.selectors import unit_get
from trienkhai.proposals import selectors, services

router = Router(tags=["proposals"])


class ProposalEventOut(Schema):
    kind: str
    on: dt.date
    unit_id: int | None
    note: str


class ProposalAttachmentOut(Schema):
    id: int
    original_name: str
    size: int
    sha256: str
    content_type: str


class ProposalOut(Schema):
    id: int
    sender_id: int
    sender_name: str
    addressee_id: int
    addressee_name: str
    department_id: int | None
    category: str
    title: str
    content: str
    status: str
    status_label: str
    state: str
    sent_on: dt.date
    due_on: dt.date
    responded_on: dt.date | None
    closed_on: dt.date | None
    answer_text: str
    answer_document_id: int | None
    decline_reason: str
    escalated_to_id: int | None
    source_meeting_id: int | None
    source_report_id: int | None
    illustrative: bool

    @staticmethod
    def resolve_sender_name(obj) -> str:
        return obj.sender.name

    @staticmethod
    def resolve_addressee_name(obj) -> str:
        return obj.addressee.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ProposalDetailOut(ProposalOut):
    events: list[ProposalEventOut]
    attachments: list[ProposalAttachmentOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())


class ProposalIn(Schema):
    sender_id: Id
    addressee_id: Id
    category: str
    content: str
    title: str = ""
    due_on: dt.date | None = None


class NoteIn(Schema):
    on: dt.date | None = None
    note: str = ""


class AssignIn(NoteIn):
    department_id: Id


class AnswerIn(Schema):
    on: dt.date | None = None
    text: str = ""
    document_id: Id | None = None


class DeclineIn(Schema):
    on: dt.date | None = None
    reason: str


class FiguresOut(Schema):
    addressee_id: int
    name: str
    total: int
    answered: int
    on_time: int
    overdue: int
    median_days: float | None


@router.get("/", response=list[ProposalOut], summary="Kiến nghị trong phạm vi (box=inbox|outbox)")
@paginated
def list_proposals(
    request: HttpRequest,
    box: str = "",
    q: str = "",
    status: str = "",
    category: str = "",
    state: str = "",
    addressee: Id | None = None,
    sender: Id | None = None,
    year: Year | None = None,
):
    return selectors.proposal_search(
        viewer=request.user,
        box=box,
        q=q,
        status=status,
        category=category,
        state=state,
        addressee=addressee,
        sender=sender,
        year=year,
    )


@router.get(
    "/figures", response=list[FiguresOut], summary="Số đã trả lời, đúng hạn, trung vị số ngày, theo nơi nhận"
)
def figures(request: HttpRequest, box: str = "", year: Year | None = None):
    return selectors.proposal_figures(
        queryset=selectors.proposal_search(viewer=request.user, box=box, year=year)
    )


@router.get("/{proposal_id}", response=ProposalDetailOut)
def get_proposal(request: HttpRequest, proposal_id: Id):
    return selectors.proposal_get(viewer=request.user, pk=proposal_id)


@router.post("/", response={201: ProposalOut}, summary="Gửi kiến nghị lên cấp trên")
def send(request: HttpRequest, payload: ProposalIn):
    sender = unit_get(viewer=request.user, pk=payload.sender_id, action="change")
    addressee = services.higher_units(sender=sender).filter(pk=payload.addressee_id).first()
    if addressee is None:
        raise ValidationError(
            {"addressee": _("Chỉ gửi kiến nghị lên cấp trên của “%(s)s”.") % {"s": sender.name}}
        )
    data = payload.dict(exclude={"sender_id", "addressee_id"})
    return Status(
        201, services.proposal_send(sender=sender, addressee=addressee, acting_user=request.user, **data)
    )


def _get(request, pk):
    return selectors.proposal_get(viewer=request.user, pk=pk)


@router.post("/{proposal_id}/attachments", response={201: ProposalAttachmentOut}, summary="Đính kèm PDF/DOCX")
def attach(request: HttpRequest, proposal_id: Id, file: File[UploadedFile]):
    return Status(
        201,
        services.proposal_attach(
            proposal=_get(request, proposal_id),
            upload=file,
            name=file.name,  # type: ignore[arg-type]  # an upload has a name
            acting_user=request.user,
        ),
    )


@router.post("/{proposal_id}/acknowledge", response=ProposalOut)
def acknowledge(request: HttpRequest, proposal_id: Id, payload: NoteIn):
    return services.proposal_acknowledge(
        proposal=_get(request, proposal_id), acting_user=request.user, **payload.dict()
    )


@router.post("/{proposal_id}/assign", response=ProposalOut)
def assign(request: HttpRequest, proposal_id: Id, payload: AssignIn):
    p = _get(request, proposal_id)
    department = (
        services.department_choices(addressee=p.addressee, on=payload.on)
        .filter(pk=payload.department_id)
        .first()
    )
    if department is None:
        raise ValidationError({"department": _("Không tìm thấy bộ phận.")})
    return services.proposal_assign(
        proposal=p, department=department, on=payload.on, note=payload.note, acting_user=request.user
    )


@router.post("/{proposal_id}/answer", response=ProposalOut)
def answer(request: HttpRequest, proposal_id: Id, payload: AnswerIn):
    p = _get(request, proposal_id)
    doc = document_get(viewer=request.user, pk=payload.document_id) if payload.document_id else None
    return services.proposal_answer(
        proposal=p, text=payload.text, document=doc, on=payload.on, acting_user=request.user
    )


@router.post("/{proposal_id}/decline", response=ProposalOut)
def decline(request: HttpRequest, proposal_id: Id, payload: DeclineIn):
    return services.proposal_decline(
        proposal=_get(request, proposal_id), acting_user=request.user, **payload.dict()
    )


@router.post("/{proposal_id}/close", response=ProposalOut)
def close(request: HttpRequest, proposal_id: Id, payload: NoteIn):
    return services.proposal_close(
        proposal=_get(request, proposal_id), acting_user=request.user, **payload.dict()
    )
