from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document
from trienkhai.documents.services import attachment_add, document_register


def test_list_search_filter_page(login, personas, docs):
    c = login(personas.own)
    page = c.get(reverse("documents:list"), {"q": "0091-KH/TU"}).content.decode()
    assert "0091-KH/TU" in page and "35-NQ/TW" not in page
    assert "07-KH/TU" not in c.get(reverse("documents:list")).content.decode()


def test_paging(login, personas, tree, settings):
    settings.PAGE_SIZE = 5
    for n in range(1, 13):
        document_register(
            issuing_unit=tree.city, code=f"{n}-TB/TU", title=f"Thông báo {n}", acting_user=SYSTEM
        )
    c = login(personas.own)
    page3 = c.get(reverse("documents:list"), {"page": 3}).content.decode()
    assert "Trang 3 / 3" in page3


def test_export_neutralises_formulas(login, personas, tree):
    document_register(
        issuing_unit=tree.city, code="1-TB/TU", title='=HYPERLINK("http://x")', acting_user=SYSTEM
    )
    r = login(personas.own).get(reverse("documents:export"))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:3] == ["Số hiệu", "Loại văn bản", "Đơn vị ban hành"]
    titles = [row[5] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert titles == ['\'=HYPERLINK("http://x")']


def test_detail_shows_chain(login, personas, docs):
    page = login(personas.own).get(reverse("documents:detail", args=[docs.kh.pk])).content.decode()
    assert "0091-KH/TU" in page and "35-NQ/TW" in page and "12-KH/ĐU" in page
    assert "0091- KH/TU" in page  # the raw spelling is kept and shown


@pytest.mark.parametrize("who,status", [("own", 200), ("child", 200), ("sibling", 404), ("other", 404)])
def test_detail_scope(login, personas, docs, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("documents:detail", args=[docs.kh.pk])).status_code
        == status
    )


def test_create_form_validates_and_explains(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("documents:create"),
        {"code": "không phải số hiệu", "issuing_unit": tree.city.pk, "title": "X"},
    )
    assert r.status_code == 400 and "Không nhận ra số hiệu" in r.content.decode()
    r = c.post(
        reverse("documents:create"), {"code": "5-KH/TU", "issuing_unit": tree.sibling.pk, "title": "X"}
    )
    assert r.status_code == 400  # a unit outside the choices is a form error
    assert not Document.objects.exists()
    r = c.post(
        reverse("documents:create"), {"code": "5-KH/TU", "issuing_unit": tree.city.pk, "title": "Kế hoạch 5"}
    )
    assert r.status_code == 302 and Document.objects.get().code == "5-KH/TU"


def test_link_via_form(login, personas, docs):
    c = login(personas.own)
    r = c.post(reverse("documents:link", args=[docs.kh.pk]), {"kind": "amends", "target_code": "35-NQ/TW"})
    assert r.status_code == 302
    assert docs.kh.links_out.filter(kind="amends").exists()


def test_attachment_download_scoped(login, personas, docs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    att = attachment_add(
        document=docs.kh, upload=io.BytesIO(b"%PDF-1.4\n%%EOF"), name="kh.pdf", acting_user=SYSTEM
    )
    r = login(personas.child).get(reverse("documents:attachment", args=[att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert login(personas.sibling).get(reverse("documents:attachment", args=[att.pk])).status_code == 404
    assert login(personas.own).get(reverse("documents:attachment", args=[att.pk + 100])).status_code == 404


def test_the_register_form_speaks_english_when_asked(login, personas, tree):
    """The issuing-body picker (groups, outside bodies) and the code/issuer mismatch warning."""
    c = login(personas.own)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = c.get(reverse("documents:create")).content.decode()
    assert "Issuing body" in page and "Cơ quan ban hành" not in page
    assert "Bodies outside the system" in page and "Cơ quan ngoài hệ thống" not in page
    r = c.post(
        reverse("documents:create"),
        {"code": "57-NQ/TW", "issuing_unit": tree.city.pk, "title": "X"},
        follow=True,
    )
    body = r.content.decode()
    assert "does not match" in body and "không khớp" not in body, body[:2000]
