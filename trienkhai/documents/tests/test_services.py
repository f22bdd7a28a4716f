from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.documents.models import Attachment, Document, DocumentLink
from trienkhai.documents.services import attachment_add, document_link, document_register, document_update


def test_register_parses_code_and_keeps_raw(tree, personas):
    doc = document_register(
        issuing_unit=tree.city,
        code="Kế hoạch số 0091- KH/TU",
        title="Kế hoạch",
        issued_on=dt.date(2019, 3, 1),
        acting_user=personas.own,
    )
    assert (doc.code, doc.number, doc.doc_type, doc.issuer_code, doc.system) == (
        "0091-KH/TU",
        "0091",
        "KH",
        "TU",
        "party",
    )
    assert doc.code_raw == "Kế hoạch số 0091- KH/TU"
    assert doc.kind == DocKind.KE_HOACH
    assert doc.term == "2015-2020"  # party numbers restart per committee term
    assert AuditEvent.objects.filter(action="document.register", object_id=str(doc.pk)).count() == 1


def test_kind_is_stored_apart_from_code(tree):
    """A "quy định" is written QĐ (Party, before 2018), QĐi (Party) or QyĐ (State)."""
    a = document_register(
        issuing_unit=tree.root, code="Quy định số 37-QĐ/TW", title="Quy định A", acting_user=SYSTEM
    )
    b = document_register(issuing_unit=tree.root, code="22-QĐi/TW", title="Quy định B", acting_user=SYSTEM)
    c = document_register(issuing_unit=tree.city, code="05/QyĐ-UBND", title="Quy định C", acting_user=SYSTEM)
    d = document_register(issuing_unit=tree.root, code="99-QĐ/TW", title="Quyết định D", acting_user=SYSTEM)
    assert [x.kind for x in (a, b, c, d)] == ["quy_dinh", "quy_dinh", "quy_dinh", "quyet_dinh"]
    assert [x.doc_type for x in (a, b, c)] == ["QĐ", "QĐi", "QyĐ"]


def test_state_codes_restart_each_year(tree):
    a = document_register(
        issuing_unit=tree.city,
        code="Số: 15/QĐ-UBND",
        title="A",
        issued_on=dt.date(2021, 1, 5),
        acting_user=SYSTEM,
    )
    b = document_register(
        issuing_unit=tree.city,
        code="15/QĐ-UBND",
        title="B",
        issued_on=dt.date(2022, 1, 5),
        acting_user=SYSTEM,
    )
    assert (a.system, a.term, b.term) == ("state", "2021", "2022")


@pytest.mark.parametrize(
    "spelling",
    ["0091-KH/TU", "0091 - KH / TU", "91-KH/TU", unicodedata.normalize("NFD", "Kế hoạch số 0091-KH/TU")],
)
def test_duplicate_code_same_issuer_and_term_refused(tree, spelling):
    document_register(
        issuing_unit=tree.city, code="0091- KH/TU", term="2020-2025", title="A", acting_user=SYSTEM
    )
    count = Document.objects.count()
    with pytest.raises(ValidationError) as err:
        document_register(
            issuing_unit=tree.city, code=spelling, term="2020-2025", title="B", acting_user=SYSTEM
        )
    assert "đã có trong sổ" in str(err.value)
    assert Document.objects.count() == count


def test_same_code_other_issuer_or_term_is_fine(tree):
    document_register(
        issuing_unit=tree.city, code="01-NQ/TU", term="2020-2025", title="A", acting_user=SYSTEM
    )
    document_register(
        issuing_unit=tree.sibling, code="01-NQ/TU", term="2020-2025", title="B", acting_user=SYSTEM
    )
    document_register(
        issuing_unit=tree.city, code="01-NQ/TU", term="2025-2030", title="C", acting_user=SYSTEM
    )
    assert Document.objects.filter(code="01-NQ/TU").count() == 3


@pytest.mark.parametrize("bad", ["hello", "12345", "KH/TU", "-/-", "Kế hoạch số"])
def test_malformed_code_gets_clear_message_and_writes_nothing(tree, bad):
    with pytest.raises(ValidationError) as err:
        document_register(issuing_unit=tree.city, code=bad, title="X", acting_user=SYSTEM)
    assert "số hiệu" in str(err.value).lower()
    assert not Document.objects.exists()


def test_future_date_refused(tree):
    with pytest.raises(ValidationError):
        document_register(
            issuing_unit=tree.city,
            code="1-KH/TU",
            title="X",
            issued_on=dt.date(2999, 1, 1),
            acting_user=SYSTEM,
        )


def test_register_outside_scope_is_404(tree, personas):
    with pytest.raises(Http404):
        document_register(issuing_unit=tree.sibling, code="1-KH/TU", title="X", acting_user=personas.own)
    with pytest.raises(PermissionDenied):  # a viewer: sees the city, may not register for it
        document_register(issuing_unit=tree.city, code="1-KH/TU", title="X", acting_user=personas.parent)


def test_link_cycle_and_self_refused(docs):
    with pytest.raises(ValidationError) as err:
        document_link(source=docs.nq, target=docs.ward_plan, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    assert "vòng lặp" in str(err.value)
    with pytest.raises(ValidationError):
        document_link(source=docs.nq, target=docs.nq, kind=LinkKind.AMENDS, acting_user=SYSTEM)
    with pytest.raises(ValidationError):
        document_link(source=docs.kh, target=docs.nq, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    assert DocumentLink.objects.count() == 2


def test_update_reparses_and_audits_diff(docs, personas):
    document_update(document=docs.kh, title="Kế hoạch mới", acting_user=personas.own)
    docs.kh.refresh_from_db()
    assert docs.kh.title == "Kế hoạch mới"
    event = AuditEvent.objects.filter(action="document.update").get()
    assert event.changes["title"] == ["Kế hoạch thực hiện Nghị quyết 35", "Kế hoạch mới"]


def _pdf() -> io.BytesIO:
    return io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_attachment_pdf_and_docx_stored_with_checksum(docs, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    att = attachment_add(document=docs.kh, upload=_pdf(), name="ke-hoach.pdf", acting_user=personas.own)
    assert att.sha256 and att.size > 0 and att.content_type == "application/pdf"
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Kế hoạch")
    d.save(buf)
    buf.seek(0)
    att2 = attachment_add(document=docs.kh, upload=buf, name="ke-hoach.docx", acting_user=personas.own)
    assert att2.extension == ".docx"


@pytest.mark.parametrize(
    "name,data,msg",
    [
        ("x.pdf", b"<html>not a pdf</html>", "không phải PDF"),
        ("x.docx", b"%PDF-1.4 pretending", "không đúng định dạng"),
        ("x.exe", b"MZ", "Chỉ nhận tệp"),
        ("x.pdf", b"", "rỗng"),
    ],
)
def test_disguised_attachment_refused(docs, personas, settings, tmp_path, name, data, msg):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as err:
        attachment_add(document=docs.kh, upload=io.BytesIO(data), name=name, acting_user=personas.own)
    assert msg in str(err.value)
    assert not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.*"))
