"""``POST /api/v1/intake/`` reads a report (text or file) and returns what it found and
proposes; ``GET /api/v1/intake/{id}`` reads it again, with the reviewer's changes when given;
``POST /api/v1/intake/{id}/confirm`` creates the chosen records (all or nothing) with the same
changes the review page carries: another kind for a proposed sentence, an item added from a
span of the text, the fields of each record, and the items left unticked."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params.models import Body, BodyModel
from pydantic import ConfigDict

from trienkhai.api.types import Count, Id
from trienkhai.intake import selectors, services
from trienkhai.orgs.selectors import unit_get

router = Router(tags=["intake"])


class _JsonOrNothingModel(BodyModel):
    """A JSON body that may be left out: a POST that is not JSON (a bare ``curl -X POST``, a form)
    reads as no body, as this endpoint always has, instead of ninja's "Cannot parse" 400."""

    @classmethod
    def get_request_data(cls, request: HttpRequest, api: Any, path_params: Any) -> Any:
        if request.content_type != "application/json":
            return None
        return super().get_request_data(request, api, path_params)


class _JsonOrNothing(Body):  # type: ignore[misc]  # ninja's Param is a pydantic FieldInfo
    _model = _JsonOrNothingModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"  # documented and validated as the JSON body it is


# ---------------------------------------------------------------------- the reviewer's changes
class IntakeEditIn(Schema):
    """One change of the reviewer's, applied to the reading in the order sent, each on what the
    previous ones left. Give exactly one of ``key`` (make that proposed sentence another kind),
    ``span`` or ``text`` (make an item of a passage the reader missed). A change that cannot be
    made is refused (400, ``edits``: "Thay đổi N: …") and nothing is written."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    as_: str = Field(
        alias="as",
        description="What the passage becomes: proposal (kiến nghị), concern (ý kiến dư luận), or, kept "
        "apart from opinion, difficulty, lesson, own_work.",
        json_schema_extra={"enum": list(selectors.EDIT_KINDS)},
    )
    key: str | None = Field(
        None,
        max_length=80,
        description="The key of a proposed request, concern or kept-apart sentence (``proposal:120-210``).",
    )
    span: list[Count] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="[start, end): character offsets in the reading's ``text``.",
    )
    text: str | None = Field(
        None,
        max_length=20000,
        description="The passage as written (spaces and line breaks aside); its first occurrence, or the "
        "one at ``start``–``end`` when those offsets hold it.",
    )
    start: Count | None = None
    end: Count | None = None


def _edit_dicts(edits: list[IntakeEditIn]) -> list[dict]:
    return [e.model_dump(by_alias=True, exclude_none=True) for e in edits]


def _edits_query(raw: str) -> list[dict]:
    """The ``edits`` query parameter: a JSON list of changes, each as in ``IntakeEditIn``."""
    if not raw:
        return []
    try:
        rows = json.loads(raw)
    except ValueError:
        rows = None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValidationError({"edits": [_("“edits” phải là một danh sách JSON các thay đổi.")]})
    return rows


# ---------------------------------------------------------------------- the chosen records
class _Row(Schema):
    """A chosen item: its ``key`` and the fields the reviewer set. A field left out keeps the
    proposed value; one sent empty (null, "") is emptied."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=80)


class IntakeDocumentIn(_Row):
    code: str | None = Field(None, max_length=80)
    kind: str | None = None
    title: str | None = Field(None, max_length=500)
    issued_on: dt.date | None = None
    issuing_unit: Id | None = None
    issuing_body: Id | None = None


class IntakeLinkIn(_Row):
    kind: str | None = None


class IntakeMeetingIn(_Row):
    kind: str | None = None
    title: str | None = Field(None, max_length=300)
    date: dt.date | None = None
    host: Id | None = None
    visiting: Id | None = None
    form: str | None = None
    platform: str | None = Field(None, max_length=100)


class IntakeParticipantIn(_Row):
    name: str | None = Field(None, max_length=150)
    position: str | None = Field(None, max_length=300)
    unit: Id | None = None
    side: str | None = None
    role: str | None = None


class IntakeCoverageIn(_Row):
    step: Id | None = None
    value: Decimal | None = Field(None, description="The percentage the report gives (0–100).")


class IntakeStepRecordIn(_Row):
    step: Id | None = None
    done_on: dt.date | None = None
    form: str | None = None
    platform: str | None = None
    members_present: Count | None = None
    members_on_roll: Count | None = None
    masses: Count | None = None
    reach: Count | None = None
    channels: list[str] | None = None
    outcome: str | None = Field(None, description="Kept as proposed (the unit's record keeps its own).")
    note: str | None = None


class IntakeProposalIn(_Row):
    content: str | None = None
    sender: Id | None = None
    addressee: Id | None = None
    category: str | None = None


class IntakeConcernIn(_Row):
    description: str | None = Field(None, max_length=2000)
    topics: list[str] | None = None
    mood: str | None = None


class IntakeOpinionIn(Schema):
    """The general mood of the opinion report the chosen concerns make."""

    model_config = ConfigDict(extra="forbid")

    mood: str | None = None


class IntakeSelectionsIn(Schema):
    """The items to create, by group as in the reading's ``proposed``; an item not listed is
    not created (unticked)."""

    model_config = ConfigDict(extra="forbid")

    documents: list[IntakeDocumentIn] = []
    links: list[IntakeLinkIn] = []
    meeting: IntakeMeetingIn | None = None
    participants: list[IntakeParticipantIn] = []
    coverage: list[IntakeCoverageIn] = []
    records: list[IntakeStepRecordIn] = []
    proposals: list[IntakeProposalIn] = []
    concerns: list[IntakeConcernIn] = []
    opinion: IntakeOpinionIn | None = None


class IntakeConfirmIn(Schema):
    """What the review page posts, as JSON. Every part is optional: an empty body confirms the
    items ticked by default."""

    model_config = ConfigDict(extra="forbid")

    edits: list[IntakeEditIn] = Field(
        default=[],
        max_length=selectors.MAX_EDITS,
        description="Changes of kind and added items, applied first: the keys of ``selections`` and "
        "``unticked`` are those of the reading with them (``GET …?edits=`` shows it). An item made "
        "from a span has the key ``<kind>:<start>-<end>``.",
    )
    selections: IntakeSelectionsIn | None = Field(
        default=None,
        description="The items to create; left out, the items ticked by default (after the edits).",
    )
    unticked: list[str] = Field(
        default=[],
        max_length=1000,
        description="Keys not to create, taken out of ``selections`` or of the defaults.",
    )


def _selections(sel: IntakeSelectionsIn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("documents", "links", "participants", "coverage", "records", "proposals", "concerns"):
        out[name] = [row.model_dump(exclude_unset=True) for row in getattr(sel, name)]
    out["meeting"] = sel.meeting.model_dump(exclude_unset=True) if sel.meeting else None
    out["opinion"] = sel.opinion.model_dump(exclude_unset=True) if sel.opinion else None
    return out


class IntakeRefusedOut(Schema):
    """An item not created because the user may not create it (the unit is out of their reach,
    or it rests on an item refused so); the rest of the confirmation went through."""

    key: str
    kind: str
    label: str
    reason: str


class IntakeEditOut(Schema):
    """A change that was made: the key of the item it made (and the key it had before)."""

    model_config = ConfigDict(populate_by_name=True)

    as_: str = Field(alias="as")
    span: list[int]
    key: str
    from_: str | None = Field(None, alias="from")


class IntakeConfirmOut(Schema):
    id: int
    status: str
    created: int
    recognised: int
    refused: list[IntakeRefusedOut]
    edits: list[IntakeEditOut]


# ---------------------------------------------------------------------- routes
def _out(report: Any, viewer: Any, edits: list[dict] | None = None) -> dict:
    f = selectors.report_findings(report=report, viewer=viewer, edits=edits, strict=True)
    return {
        "id": report.pk,
        "unit_id": report.unit_id,
        "title": report.title,
        "file_name": report.file_name,
        "sha256": report.sha256,
        "status": report.status,
        "text": f.text,
        **f.to_dict(),
    }


@router.post("/", response={201: dict}, summary="Đọc một báo cáo (dán nội dung hoặc tải tệp)")
def create(
    request: HttpRequest,
    unit_id: Form[Id],
    title: Form[str] = "",
    text: Form[str] = "",
    file: UploadedFile | None = File(None),  # noqa: B008 — ninja's way of declaring a file part
):
    unit = unit_get(viewer=request.user, pk=unit_id, action="change")
    if file is not None:
        from django.conf import settings

        report = services.imported_report_create(
            unit=unit,
            title=title,
            data=file.read(settings.MAX_IMPORT_BYTES + 1),
            file_name=file.name or "",
            acting_user=request.user,
        )
    else:
        report = services.imported_report_create(unit=unit, title=title, text=text, acting_user=request.user)
    return Status(201, _out(report, request.user))


@router.get("/{report_id}", response=dict, summary="Kết quả đọc và các bản ghi đề xuất")
def detail(
    request: HttpRequest,
    report_id: Id,
    edits: str = Query(  # noqa: B008 — ninja's way of describing a parameter
        "",
        max_length=200_000,
        description="A JSON list of changes as in the confirmation's ``edits``: the reading comes back "
        "with them made (nothing is written), so an added item's key and fields can be chosen.",
    ),
):
    report = selectors.report_get(viewer=request.user, pk=report_id)
    return _out(report, request.user, _edits_query(edits))


@router.post(
    "/{report_id}/confirm",
    response=IntakeConfirmOut,
    by_alias=True,
    summary="Xác nhận: tạo các bản ghi đã chọn",
)
def confirm(
    request: HttpRequest,
    report_id: Id,
    payload: Annotated[IntakeConfirmIn | None, _JsonOrNothing(None)] = None,
):
    """Creates the chosen records in one transaction, with the reviewer's changes (the body, JSON,
    is optional). A chosen item the user may not create is not created and is listed under
    ``refused`` with why; any other item that cannot be created refuses the whole confirmation
    (400, messages under the item's key) and nothing is written. Confirming again creates
    nothing twice."""
    report = selectors.report_get(viewer=request.user, pk=report_id, action="change")
    body = payload or IntakeConfirmIn()
    edits = _edit_dicts(body.edits)
    if edits:
        # every change must apply, each named when it does not (the page drops such a change)
        selectors.report_findings(report=report, viewer=request.user, edits=edits, strict=True)
    try:
        result = services.imported_report_confirm(
            report=report,
            selections=_selections(body.selections) if body.selections is not None else None,
            edits=edits,
            unticked=body.unticked,
            set_aside=True,
            acting_user=request.user,
        )
    except services.ImportItemError as exc:
        raise ValidationError({exc.item_key: exc.messages}) from exc
    report.refresh_from_db()
    return {"id": report.pk, "status": report.status, **result}
