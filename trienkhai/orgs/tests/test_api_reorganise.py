"""The reorganisation operations of the API: same services, 400 with the message, 404 out of scope."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit, UnitEvent
from trienkhai.orgs.services import unit_create, unit_dissolve


@pytest.fixture
def prov_admin(tree):
    return make_user("provadmin", tree.prov, "admin")


@pytest.fixture
def ward2(tree):
    return unit_create(
        parent=tree.city, name="Đảng ủy phường Trung Thành", kind=UnitKind.WARD_COMMITTEE, acting_user=SYSTEM
    )


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_merge_into_new_unit_with_basis_document(login, personas, tree, ward2):
    doc = document_register(
        issuing_unit=tree.city, code="123-QĐ/TU", title="Quyết định sắp xếp", acting_user=SYSTEM
    )
    c = login(personas.own)
    r = post(
        c,
        f"/api/v1/units/{tree.ward.pk}/merge",
        {
            "source_ids": [ward2.pk],
            "new_target": {"name": "Đảng ủy phường Phan Đình Phùng", "kind": UnitKind.WARD_COMMITTEE},
            "date": "2025-07-01",
            "basis_document_id": doc.pk,
        },
    )
    assert r.status_code == 200, r.content
    assert {e["kind"] for e in r.json()} == {"merged_into"}
    assert {e["basis_document_id"] for e in r.json()} == {doc.pk}
    new = Unit.objects.get(name="Đảng ủy phường Phan Đình Phùng")
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == new.pk


def test_refusal_is_400_with_message_nothing_written(login, personas, tree):
    c = login(personas.own)
    before = UnitEvent.objects.count()
    r = post(
        c,
        f"/api/v1/units/{tree.ward.pk}/merge",
        {"source_ids": [], "target_id": tree.ward.pk, "date": "2025-07-01"},
    )
    assert r.status_code == 400
    assert "với chính nó" in str(r.json())
    r = post(c, f"/api/v1/units/{tree.ward.pk}/move", {"new_parent_id": tree.cell.pk, "date": "2025-07-01"})
    assert r.status_code == 400 and "vòng lặp" in str(r.json())
    assert UnitEvent.objects.count() == before


def test_out_of_scope_is_404_and_own_unit_is_decided_above(login, personas, tree, prov_admin):
    before = UnitEvent.objects.count()
    assert (
        post(
            login(personas.sibling), f"/api/v1/units/{tree.ward.pk}/dissolve", {"date": "2025-07-01"}
        ).status_code
        == 404
    )
    # The city's own admin cannot move the city; the province's admin can.
    r = post(
        login(personas.own),
        f"/api/v1/units/{tree.city.pk}/move",
        {"new_parent_id": tree.sibling.pk, "date": "2025-07-01"},
    )
    assert r.status_code == 404
    assert UnitEvent.objects.count() == before
    r = post(
        login(prov_admin),
        f"/api/v1/units/{tree.city.pk}/move",
        {"new_parent_id": tree.sibling.pk, "date": "2025-07-01"},
    )
    assert r.status_code == 200 and r.json()["kind"] == "moved"


def test_dissolve_reestablish_split_rename(login, personas, tree, ward2):
    c = login(personas.own)
    assert post(c, f"/api/v1/units/{ward2.pk}/dissolve", {"date": "2024-01-01"}).json()["kind"] == "dissolved"
    r = post(c, f"/api/v1/units/{ward2.pk}/reestablish", {"date": "2023-01-01"})
    assert r.status_code == 400 and "trước ngày đơn vị kết thúc hoạt động" in str(r.json())
    assert (
        post(c, f"/api/v1/units/{ward2.pk}/reestablish", {"date": "2025-07-01"}).json()["kind"]
        == "reestablished"
    )
    r = post(
        c,
        f"/api/v1/units/{tree.ward.pk}/split",
        {"date": "2025-07-01", "parts": [{"name": "Đảng ủy phường Bắc"}]},
    )
    assert [u["name"] for u in r.json()] == ["Đảng ủy phường Bắc"]
    r = post(c, f"/api/v1/units/{tree.cell.pk}/rename", {"date": "2025-07-01", "new_name": "Chi bộ Tổ 1"})
    assert r.json()["new_name"] == "Chi bộ Tổ 1"


def test_basis_document_out_of_scope_is_404(login, personas, tree):
    doc = document_register(issuing_unit=tree.other, code="9-QĐ/TU", title="Khác", acting_user=SYSTEM)
    r = post(
        login(personas.own),
        f"/api/v1/units/{tree.cell.pk}/dissolve",
        {"date": "2025-07-01", "basis_document_id": doc.pk},
    )
    assert r.status_code == 404
    assert Unit.objects.get(pk=tree.cell.pk).valid_to is None


def test_dissolved_unit_event_refused(login, personas, tree, ward2):
    unit_dissolve(unit=ward2, date=dt.date(2024, 1, 1), acting_user=SYSTEM)
    r = post(
        login(personas.own), f"/api/v1/units/{ward2.pk}/rename", {"date": "2025-07-01", "new_name": "Tên mới"}
    )
    assert r.status_code == 400 and "đã kết thúc hoạt động từ 01/01/2024" in str(r.json())


def test_api_rename_is_decided_above(login, personas, tree):
    """The ward's own editor cannot rename the ward through the reorganisation API."""
    r = post(
        login(personas.child), f"/api/v1/units/{tree.ward.pk}/rename", {"date": "2025-07-01", "new_name": "X"}
    )
    assert r.status_code == 404
    assert Unit.objects.get(pk=tree.ward.pk).name == "Đảng ủy phường Cẩm Thủy"
