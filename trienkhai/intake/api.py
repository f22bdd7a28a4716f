"""``POST /api/v1/intake/`` reads a report (text or file) and returns what it found and
proposes; ``POST /api/v1/intake/{id}/confirm`` creates the chosen records (all or nothing)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from trienkhai.api.types import Id
from trienkhai.intake import selectors, services
from trienkhai.orgs.selectors import unit_get

router = Router(tags=["intake"])


def _out(report: Any, viewer: Any) -> dict:
    f = selectors.report_findings(report=report, viewer=viewer)
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
def detail(request: HttpRequest, report_id: Id):
    return _out(selectors.report_get(viewer=request.user, pk=report_id), request.user)


@router.post("/{report_id}/confirm", response=dict, summary="Xác nhận: tạo các bản ghi đã chọn")
def confirm(request: HttpRequest, report_id: Id):
    """Body (JSON, optional): ``{"selections": {...}}`` as in the ``proposed`` groups (``key``
    and the edited ``fields``); without it, the items ticked by default are confirmed."""
    report = selectors.report_get(viewer=request.user, pk=report_id, action="change")
    selections = None
    if request.content_type == "application/json" and request.body:
        try:
            selections = json.loads(request.body).get("selections")
        except (ValueError, AttributeError):
            raise ValidationError(_("Nội dung gửi lên không phải JSON hợp lệ.")) from None
    if selections is None:
        selections = selectors.default_selections(
            selectors.report_findings(report=report, viewer=request.user)
        )
    try:
        result = services.imported_report_confirm(
            report=report, selections=selections, acting_user=request.user
        )
    except services.ImportItemError as exc:
        raise ValidationError({exc.item_key: exc.messages}) from exc
    report.refresh_from_db()
    return {"id": report.pk, "status": report.status, **result}
