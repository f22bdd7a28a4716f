"""What the review proposes: addressees written relative to the writer, and items the viewer
could not create shown unticked with the reason."""

from __future__ import annotations

import pytest

from trienkhai.documents.models import Document
from trienkhai.intake.selectors import default_selections, report_findings
from trienkhai.intake.services import imported_report_confirm, imported_report_create
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def _proposal(f, words: str) -> dict:
    [p] = [p for p in f.proposals if words in p["quote"]]
    return p


def test_a_ward_asking_the_thanh_uy_addresses_its_city(ward_report):
    """GIVEN a ward's report "Đảng ủy phường đề nghị Thành ủy quan tâm …" (no proper name)
    THEN the proposal goes from the ward to the Thành ủy above it, Thành ủy Phổ Yên;
    AND "Thành ủy Sông Công", a committee not above the ward, is not guessed to be it."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    p = _proposal(f, "hỗ trợ kinh phí")
    assert p["fields"]["sender"] == w.ward.pk and p["fields"]["addressee"] == w.city.pk
    assert [a["id"] for a in p["addressees"]] == [w.city.pk]
    assert p["fields"]["category"] == ProposalCategory.RESOURCES and p["selected"]
    assert not [p for p in f.proposals if "Sông Công" in p["quote"]]


def test_a_department_of_the_committee_above_is_that_department_or_the_committee(ward_report):
    """ "Ban Tuyên giáo Thành ủy" is the city's Ban Tuyên giáo; the tree has no Ban Tổ chức of the
    city, so "Ban Tổ chức Thành ủy" is the Thành ủy itself."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    assert _proposal(f, "Ban Tổ chức")["fields"]["addressee"] == w.city.pk
    both = _proposal(f, "Ban Tuyên giáo Thành ủy")
    assert w.propaganda.pk in [a["id"] for a in both["addressees"]]


def test_a_sentence_naming_two_bodies_has_both_addressees(ward_report):
    """ "Đề nghị Ban Thường vụ Thành ủy và Ban Tuyên giáo Thành ủy mở lớp …": the standing
    committee is the Thành ủy; both bodies are the proposal's addressees, the first proposed."""
    w = ward_report
    p = _proposal(report_findings(report=w.report, viewer=w.user), "mở lớp tập huấn")
    assert [a["id"] for a in p["addressees"]] == [w.city.pk, w.propaganda.pk]
    assert p["fields"]["addressee"] == w.city.pk


def test_cap_tren_is_the_direct_parent(tree, personas):
    """A chi bộ writing "kiến nghị cấp trên" means its Đảng ủy phường, not the town above it."""
    text = "Chi bộ kiến nghị cấp trên sớm cấp tài liệu sinh hoạt chuyên đề năm nay cho đảng viên."
    r = imported_report_create(unit=tree.cell, text=text, acting_user=personas.child)
    [p] = report_findings(report=r, viewer=personas.child).proposals
    assert p["fields"]["sender"] == tree.cell.pk and p["fields"]["addressee"] == tree.ward.pk
    assert [a["id"] for a in p["addressees"]] == [tree.ward.pk]


def test_an_item_the_viewer_cannot_create_is_unticked_with_the_reason(ward_report):
    """GIVEN a ward's report citing 57-NQ/TW of Bộ Chính trị, not in the registry, whose registry
    would be the centre's, and the ward's plan 15-KH/ĐU carrying it out
    WHEN the ward's editor reviews it
    THEN 57-NQ/TW is unticked with the reason, and so is the link to it; the ward's own plan is
    ticked; AND confirming the defaults succeeds, registering the plan and not 57-NQ/TW."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    docs = {d["label"]: d for d in f.documents}
    nq = docs["57-NQ/TW"]
    assert nq["state"] == "new" and not nq["selected"]
    assert nq["refused"].startswith("Bạn không có quyền tạo mục này:")
    assert "Ban Chấp hành Trung ương Đảng" in nq["refused"]
    assert docs["15-KH/ĐU"]["selected"] and "refused" not in docs["15-KH/ĐU"]
    [link] = f.links
    assert not link["selected"] and "57-NQ/TW" in link["refused"]

    result = imported_report_confirm(report=w.report, selections=default_selections(f), acting_user=w.user)
    assert result["created"] >= 4  # the plan, the conference, the proposals
    assert Document.objects.filter(code="15-KH/ĐU", issuing_unit=w.ward).exists()
    assert not Document.objects.filter(code="57-NQ/TW").exists()
    assert Proposal.objects.filter(sender=w.ward, addressee=w.city).count() >= 2
