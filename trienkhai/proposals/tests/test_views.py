from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.scoping import SYSTEM
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.services import proposal_attach, proposal_send

from .conftest import pdf


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, proposal, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("proposals:detail", args=[proposal.pk])).status_code
        == status
    )


def test_inbox_outbox_pages(login, personas, proposal, prov_editor):
    out = login(personas.own).get(reverse("proposals:outbox")).content.decode()
    assert proposal.title in out and "Kết quả trả lời theo nơi nhận" in out
    assert proposal.title in login(prov_editor).get(reverse("proposals:inbox")).content.decode()
    assert proposal.title not in login(personas.sibling).get(reverse("proposals:inbox")).content.decode()
    page = login(personas.own).get(reverse("proposals:outbox"), {"q": "bo duong"}).content.decode()
    assert proposal.title in page


def test_detail_shows_timeline_and_actions_by_side(login, personas, proposal, prov_editor):
    sender_page = login(personas.own).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Diễn biến xử lý" in sender_page and "Gửi kiến nghị" in sender_page
    assert reverse("proposals:acknowledge", args=[proposal.pk]) not in sender_page
    addressee_page = login(prov_editor).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert reverse("proposals:acknowledge", args=[proposal.pk]) in addressee_page


def test_answer_via_form_and_after_close(login, prov_editor, proposal):
    c = login(prov_editor)
    c.post(reverse("proposals:answer", args=[proposal.pk]), {"on": "2022-09-01", "text": "Đã trả lời"})
    c.post(reverse("proposals:close", args=[proposal.pk]), {"on": "2022-09-02"})
    r = c.post(
        reverse("proposals:answer", args=[proposal.pk]), {"on": "2022-09-03", "text": "Lần nữa"}, follow=True
    )
    assert "đã đóng" in r.content.decode()
    proposal.refresh_from_db()
    assert proposal.answer_text == "Đã trả lời" and proposal.status == "closed"


def test_answer_links_guidance_document_by_code(login, prov_editor, proposal, tree):
    from trienkhai.documents.services import document_register

    doc = document_register(issuing_unit=tree.prov, code="12-HD/TU", title="Hướng dẫn", acting_user=SYSTEM)
    login(prov_editor).post(
        reverse("proposals:answer", args=[proposal.pk]), {"on": "2022-09-01", "document_code": "12-HD/TU"}
    )
    proposal.refresh_from_db()
    assert proposal.answer_document == doc


def test_create_form_refuses_sibling_addressee(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("proposals:create"),
        {"sender": tree.city.pk, "addressee": tree.sibling.pk, "category": "khac", "content": "X"},
    )
    assert r.status_code == 400 and not Proposal.objects.exists()
    r = c.post(
        reverse("proposals:create"),
        {
            "sender": tree.city.pk,
            "addressee": tree.prov.pk,
            "category": "khac",
            "content": "Đề nghị hướng dẫn",
        },
    )
    assert r.status_code == 302 and Proposal.objects.get().addressee == tree.prov


def test_create_form_with_disguised_file(login, personas, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = login(personas.own).post(
        reverse("proposals:create"),
        {
            "sender": tree.city.pk,
            "addressee": tree.prov.pk,
            "category": "khac",
            "content": "X",
            "file": SimpleUploadedFile("a.pdf", b"not a pdf"),
        },
    )
    assert r.status_code == 400 and "không phải PDF" in r.content.decode()
    assert not Proposal.objects.exists()


def test_export_neutralises_formulas(login, personas, tree):
    proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="khac",
        title="=HYPERLINK(1)",
        content="@x",
        acting_user=SYSTEM,
    )
    r = login(personas.own).get(reverse("proposals:export"), {"box": "outbox"})
    ws = load_workbook(io.BytesIO(r.content)).active
    row = next(ws.iter_rows(min_row=2, values_only=True))
    assert row[4] == "'=HYPERLINK(1)" and row[5] == "'@x"


def test_attachment_download_scoped(login, personas, proposal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    att = proposal_attach(proposal=proposal, upload=pdf(), name="kn.pdf", acting_user=SYSTEM)
    assert login(personas.parent).get(reverse("proposals:attachment", args=[att.pk])).status_code == 200
    assert login(personas.child).get(reverse("proposals:attachment", args=[att.pk])).status_code == 404


def test_a_proposal_lists_only_the_follow_ups_the_viewer_may_open(login, personas, proposal, tree):
    """GIVEN the city's proposal to the province became a task of the sibling city
    WHEN the city (the sender) opens its proposal THEN that task is not listed (title, link);
    the province, which set it, sees it."""
    import datetime as dt

    from trienkhai.followups.models import FollowUp
    from trienkhai.followups.services import followup_create

    followup_create(
        unit=tree.sibling,
        assigned_by=tree.prov,
        title="Thành ủy Đông Sơn mở lớp thí điểm",
        due_on=dt.date(2022, 12, 1),
        source=proposal,
        acting_user=SYSTEM,
    )
    link = reverse("followups:detail", args=[FollowUp.objects.get().pk])
    url = reverse("proposals:detail", args=[proposal.pk])
    page = login(personas.own).get(url).content.decode()
    assert "Thành ủy Đông Sơn mở lớp thí điểm" not in page and link not in page
    page = login(personas.parent).get(url).content.decode()
    assert "Thành ủy Đông Sơn mở lớp thí điểm" in page and link in page


def _options(html: str, name: str) -> dict[str, bool]:
    """{option text: selected} of the <select name=…> in ``html``."""
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {
        text.strip(): "selected" in attrs
        for attrs, text in re.findall(r"<option([^>]*)>(.*?)</option>", select, re.S)
    }


def test_create_form_addresses_the_direct_superior(login, personas, tree):
    """GIVEN the city's administrator WHEN they open the form THEN 'Gửi đến' starts at the
    province (the city's parent), not at the top of the tree, and the city is not offered."""
    html = login(personas.own).get(reverse("proposals:create")).content.decode()
    addressees = _options(html, "addressee")
    assert addressees["Tỉnh ủy An Hòa"] is True
    assert [name for name, selected in addressees.items() if selected] == ["Tỉnh ủy An Hòa"]
    assert "Thị ủy Bình Yên" not in addressees  # the sender itself
    assert "Đảng ủy phường Cẩm Thủy" not in addressees  # below the sender
    assert "Trung ương" in addressees  # higher up is still offered
    assert _options(html, "sender")["Thị ủy Bình Yên"] is True


def test_create_form_for_a_ward_starts_at_the_city(login, personas, tree):
    html = login(personas.child).get(reverse("proposals:create")).content.decode()
    addressees = _options(html, "addressee")
    assert [name for name, selected in addressees.items() if selected] == ["Thị ủy Bình Yên"]
    assert "Đảng ủy phường Cẩm Thủy" not in addressees
