from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents import selectors, services
from trienkhai.orgs.selectors import unit_get

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    code: str
    code_raw: str
    number: str
    doc_type: str
    issuer_code: str
    system: str
    kind: str
    kind_label: str
    issuing_unit_id: int
    issuing_unit_name: str
    issued_on: dt.date | None
    term: str
    title: str
    summary: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display()) if hasattr(obj, "get_kind_display") else obj["kind_label"]

    @staticmethod
    def resolve_issuing_unit_name(obj) -> str:
        return obj.issuing_unit.name if hasattr(obj, "issuing_unit") else obj["issuing_unit_name"]


class AttachmentOut(Schema):
    id: int
    original_name: str
    size: int
    sha256: str
    content_type: str


class ChainStepOut(Schema):
    document: DocumentOut
    kind: str
    depth: int


class DocumentDetailOut(DocumentOut):
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())

    chain_up: list[ChainStepOut]
    chain_down: list[ChainStepOut]


class DocumentIn(Schema):
    issuing_unit_id: Id
    title: str
    code: str = ""
    kind: str | None = None
    issued_on: dt.date | None = None
    term: str = ""
    summary: str = ""


class LinkIn(Schema):
    target_id: Id
    kind: str


@router.get("/", response=list[DocumentOut], summary="Tìm văn bản (bỏ dấu, bỏ khoảng trắng trong số hiệu)")
@paginated
def list_documents(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    issuer: Id | None = None,
    year: Year | None = None,
    term: str = "",
):
    return selectors.document_search(viewer=request.user, q=q, kind=kind, issuer=issuer, year=year, term=term)


@router.post("/", response={201: DocumentOut}, summary="Đăng ký văn bản")
def create_document(request: HttpRequest, payload: DocumentIn):
    unit = unit_get(viewer=request.user, pk=payload.issuing_unit_id, action="change")
    data = payload.dict()
    data.pop("issuing_unit_id")
    return Status(201, services.document_register(issuing_unit=unit, acting_user=request.user, **data))


@router.get("/{doc_id}", response=DocumentDetailOut, summary="Chi tiết văn bản và chuỗi liên kết")
def get_document(request: HttpRequest, doc_id: Id):
    doc = selectors.document_get(viewer=request.user, pk=doc_id)
    chain = selectors.document_chain(viewer=request.user, document=doc)
    doc.chain_up, doc.chain_down = chain["up"], chain["down"]  # type: ignore[attr-defined]  # read by DocumentDetailOut
    return doc


@router.get("/{doc_id}/links", response=list[ChainStepOut], summary="Liên kết trực tiếp (lên)")
def links(request: HttpRequest, doc_id: Id):
    doc = selectors.document_get(viewer=request.user, pk=doc_id)
    return [s for s in selectors.document_chain(viewer=request.user, document=doc)["up"] if s.depth == 1]


@router.post("/{doc_id}/links", response={201: ChainStepOut}, summary="Thêm liên kết")
def add_link(request: HttpRequest, doc_id: Id, payload: LinkIn):
    source = selectors.document_get(viewer=request.user, pk=doc_id, action="change")
    target = selectors.document_get(viewer=request.user, pk=payload.target_id)
    services.document_link(source=source, target=target, kind=payload.kind, acting_user=request.user)
    return Status(201, {"document": target, "kind": payload.kind, "depth": 1})
