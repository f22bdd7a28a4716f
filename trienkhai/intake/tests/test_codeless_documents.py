"""Resolutions named without a code ("Nghị quyết Đại hội XIII") are offered as registry entries:
kind resolution, no code, issuer guessed from the outside bodies; once each, and recognised
when the registry holds them."""

from __future__ import annotations

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document, IssuingBody
from trienkhai.documents.services import document_register
from trienkhai.intake.selectors import default_selections, report_findings
from trienkhai.intake.services import imported_report_confirm, imported_report_create

pytestmark = pytest.mark.django_db

TEXT = (
    "Ngày 05/6/2023, Thị ủy Bình Yên ban hành kế hoạch tiếp tục thực hiện Nghị quyết Đại hội XIII của Đảng.\n"
    "Các chi bộ học tập Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng trong tháng 6.\n"
)
TITLE = "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"


def _codeless(f):
    return [d for d in f.documents if d.get("codeless")]


def test_a_congress_resolution_is_offered_once_without_a_code(tree, personas):
    report = imported_report_create(unit=tree.city, text=TEXT, acting_user=personas.own)
    f = report_findings(report=report, viewer=personas.own)
    [doc] = _codeless(f)
    central = IssuingBody.objects.get(name="Ban Chấp hành Trung ương Đảng")
    assert doc["label"] == TITLE and doc["state"] == "new" and doc["selected"]
    assert doc["fields"] == {
        "code": "",
        "kind": "nghi_quyet",
        "title": TITLE,
        "issued_on": None,
        "issuing_unit": tree.city.pk,
        "issuing_body": central.pk,
    }
    imported_report_confirm(report=report, selections=default_selections(f), acting_user=personas.own)
    registered = Document.objects.get(title=TITLE)
    assert (registered.code, registered.kind, registered.issuing_body, registered.issuing_unit) == (
        "",
        "nghi_quyet",
        central,
        tree.city,
    )
    # read again, the registry's entry is recognised
    [again] = _codeless(report_findings(report=report, viewer=personas.own))
    assert again["state"] == "existing" and again["document_id"] == registered.pk


def test_a_registered_congress_resolution_is_recognised(tree, personas):
    doc = document_register(issuing_unit=tree.root, title=TITLE, kind="nghi_quyet", acting_user=SYSTEM)
    report = imported_report_create(unit=tree.city, text=TEXT, acting_user=personas.own)
    [item] = _codeless(report_findings(report=report, viewer=personas.own))
    assert item["state"] == "existing" and item["document_id"] == doc.pk


def test_the_review_page_offers_the_outside_issuer(login, tree, personas):
    report = imported_report_create(unit=tree.city, text=TEXT, acting_user=personas.own)
    html = login(personas.own).get(f"/intake/{report.pk}/").content.decode()
    central = IssuingBody.objects.get(name="Ban Chấp hành Trung ương Đảng")
    assert TITLE in html and f'<option value="{central.pk}" selected>' in html
