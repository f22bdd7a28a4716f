"""The "Thay đổi tổ chức" pages: one form per change, for an admin of the unit above."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import Unit, UnitEvent
from trienkhai.orgs.services import unit_create


@pytest.fixture
def ward2(tree):
    return unit_create(
        parent=tree.city, name="Đảng ủy phường Trung Thành", kind=UnitKind.WARD_COMMITTEE, acting_user=SYSTEM
    )


@pytest.fixture
def decision(tree):
    return document_register(
        issuing_unit=tree.city, code="123-QĐ/TU", title="Quyết định sắp xếp", acting_user=SYSTEM
    )


def url(unit, op):
    return reverse("orgs:reorganise", args=[unit.pk, op])


def test_menu_shown_to_admin_above_only(login, personas, tree):
    c = login(personas.own)
    ward_page = c.get(reverse("orgs:detail", args=[tree.ward.pk])).content.decode()
    assert "Thay đổi tổ chức" in ward_page and url(tree.ward, "merge") in ward_page
    # The city is decided by the province: its own admin gets no menu and no form.
    city_page = c.get(reverse("orgs:detail", args=[tree.city.pk])).content.decode()
    assert url(tree.city, "move") not in city_page
    assert c.get(url(tree.city, "move")).status_code == 404
    assert login(make_user("ce", tree.city, "editor")).get(url(tree.ward, "dissolve")).status_code == 403


def test_merge_into_new_ward_with_basis_code_links_decision(login, personas, tree, ward2, decision):
    c = login(personas.own)
    r = c.post(
        url(tree.ward, "merge"),
        {
            "others": [ward2.pk],
            "new_name": "Đảng ủy phường Phan Đình Phùng",
            "new_kind": UnitKind.WARD_COMMITTEE,
            "date": "2025-07-01",
            "basis_code": "123-qđ/tu",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    new = Unit.objects.get(name="Đảng ủy phường Phan Đình Phùng")
    assert new.valid_from == dt.date(2025, 7, 1)
    page = c.get(reverse("orgs:detail", args=[tree.ward.pk])).content.decode()
    assert reverse("documents:detail", args=[decision.pk]) in page


def test_unknown_basis_code_explains_offers_register_and_writes_nothing(login, personas, tree):
    before = UnitEvent.objects.count()
    r = login(personas.own).post(
        url(tree.cell, "dissolve"), {"date": "2025-07-01", "basis_code": "999-QĐ/TU"}
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "Không có văn bản “999-QĐ/TU” trong sổ văn bản" in body
    assert "Đăng ký văn bản" in body
    assert UnitEvent.objects.count() == before
    assert Unit.objects.get(pk=tree.cell.pk).valid_to is None


def test_bad_input_explained_per_form(login, personas, tree, ward2):
    c = login(personas.own)
    before = UnitEvent.objects.count()
    r = c.post(url(tree.ward, "merge"), {"date": "2025-07-01"})
    assert r.status_code == 400 and "Hãy chọn đơn vị nhận hợp nhất" in r.content.decode()
    r = c.post(url(tree.ward, "merge"), {"date": "2025-07-01", "target": tree.ward.pk})
    assert r.status_code == 400  # itself is not offered as a target
    r = c.post(url(tree.ward, "reestablish"), {"date": "2025-07-01"})
    assert r.status_code == 400 and "đang hoạt động: không cần tái lập" in r.content.decode()
    r = c.post(url(tree.ward, "split"), {"date": "2025-07-01", "parts": "Phường A\nphường a"})
    assert r.status_code == 400 and "Hai phần được tách ra trùng tên." in r.content.decode()
    assert UnitEvent.objects.count() == before


def test_move_split_dissolve_reestablish_rename_pages(login, personas, tree, ward2):
    c = login(personas.own)
    assert c.get(url(tree.cell, "move")).status_code == 200
    r = c.post(url(tree.cell, "move"), {"new_parent": ward2.pk, "date": "2025-07-01"})
    assert r.status_code == 302
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == ward2.pk
    r = c.post(
        url(tree.ward, "split"), {"date": "2025-07-02", "parts": "Đảng ủy phường Bắc\nĐảng ủy phường Nam"}
    )
    assert r.status_code == 302 and Unit.objects.filter(name="Đảng ủy phường Nam").exists()
    assert c.post(url(tree.cell, "dissolve"), {"date": "2025-07-03"}).status_code == 302
    assert c.post(url(tree.cell, "reestablish"), {"date": "2025-08-01"}).status_code == 302
    assert tree.cell.events.filter(kind=UnitEventKind.REESTABLISHED).exists()
    r = c.post(
        url(tree.cell, "rename"), {"date": "2025-08-02", "new_name": "Chi bộ Tổ 1", "new_kind": "chi_bo"}
    )
    assert r.status_code == 302 and Unit.objects.get(pk=tree.cell.pk).name == "Chi bộ Tổ 1"
    assert c.get(url(tree.cell, "nonsense")).status_code == 404


def test_merge_page_new_unit_under_the_province(login, tree, ward2):
    prov_admin = make_user("pa", tree.prov, "admin")
    r = login(prov_admin).post(
        url(tree.ward, "merge"),
        {
            "others": [ward2.pk],
            "new_name": "Đảng ủy phường Cẩm Thủy",
            "new_kind": UnitKind.WARD_COMMITTEE,
            "new_target_parent": tree.prov.pk,
            "date": "2025-07-01",
        },
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    new = Unit.objects.get(name="Đảng ủy phường Cẩm Thủy", valid_to__isnull=True)
    assert new.parent_unit().pk == tree.prov.pk


def test_a_split_whose_old_unit_ends_names_its_first_part_successor(login, personas, tree):
    """The single split form with "Đơn vị cũ kết thúc hoạt động": the ward ends, the first part
    ("Bắc") succeeds it — the ward's chi bộ, its waiting proposal and the rollout it runs pass to
    Bắc, which reads the ward's history; the second part ("Nam") is split from it too."""
    from tests.builders import RolloutFactory
    from trienkhai.orgs.selectors import unit_heirs, unit_history
    from trienkhai.proposals.models import Proposal
    from trienkhai.proposals.services import proposal_send
    from trienkhai.rollout.models import Rollout

    proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="Kinh phí",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    rollout = RolloutFactory(owner_unit=tree.ward, scope_kinds=[UnitKind.PARTY_CELL])
    r = login(personas.own).post(
        url(tree.ward, "split"),
        {"date": "2025-07-02", "parts": "Đảng ủy phường Bắc\nĐảng ủy phường Nam", "dissolve_source": "on"},
    )
    assert r.status_code == 302
    north, south = (Unit.objects.get(name=n) for n in ("Đảng ủy phường Bắc", "Đảng ủy phường Nam"))
    ward = Unit.objects.get(pk=tree.ward.pk)
    assert ward.valid_to == dt.date(2025, 7, 2)
    ended = ward.events.get(kind=UnitEventKind.DISSOLVED)
    assert ended.related_unit_id == north.pk and "Đảng ủy phường Nam" in ended.note
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == north.pk
    assert Proposal.objects.get(title="Kinh phí").sender_id == north.pk
    assert Rollout.objects.get(pk=rollout.pk).owner_unit_id == north.pk
    assert ward in unit_history(viewer=personas.own, unit=north).predecessors
    assert {u.pk for u in unit_heirs(viewer=SYSTEM, units=[ward])[ward.pk]} == {north.pk, south.pk}
