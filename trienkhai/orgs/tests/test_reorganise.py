"""Issue 15.1: every reorganisation is a dated event decided by an admin of the unit above,
with the basis decision from the registry; bad input is refused with a clear message and
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs import selectors, services
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import Unit, UnitEvent, UnitVersion

JULY = dt.date(2025, 7, 1)


@pytest.fixture
def prov_admin(tree):
    return make_user("provadmin", tree.prov, "admin")


@pytest.fixture
def decision(tree):
    return document_register(
        issuing_unit=tree.prov,
        code="123-QĐ/TU",
        title="Quyết định sắp xếp tổ chức cơ sở đảng",
        issued_on=dt.date(2025, 6, 20),
        acting_user=SYSTEM,
    )


@pytest.fixture
def ward2(tree):
    return services.unit_create(
        parent=tree.city, name="Đảng ủy phường Trung Thành", kind=UnitKind.WARD_COMMITTEE, acting_user=SYSTEM
    )


def counts():
    return (Unit.objects.count(), UnitEvent.objects.count(), UnitVersion.objects.count())


def names_as_of(viewer, date, root):
    out = []

    def walk(nodes):
        for n in nodes:
            out.append(n.name)
            walk(n.children)

    walk(selectors.tree_as_of(viewer=viewer, date=date, root=root))
    return out


def test_merge_into_new_unit_dated_with_basis_document(tree, ward2, prov_admin, personas, decision):
    """Two wards become a new ward on 01/07/2025 by Quyết định 123-QĐ/TU: the tree as of
    30/06/2025 shows the old wards, as of today the new one, and the events link the decision."""
    events = services.unit_merge(
        sources=[tree.ward, ward2],
        new_target={"name": "Đảng ủy phường Phan Đình Phùng", "kind": UnitKind.WARD_COMMITTEE},
        date=JULY,
        basis_document=decision,
        acting_user=personas.own,
    )
    new = Unit.objects.get(name="Đảng ủy phường Phan Đình Phùng")
    assert new.valid_from == JULY and new.parent_unit().pk == tree.city.pk
    assert {e.unit_id for e in events} == {tree.ward.pk, ward2.pk}
    assert all(e.basis_document == decision and e.basis == "123-QĐ/TU" for e in events)
    assert new.events.get(kind=UnitEventKind.CREATED).basis_document == decision
    # The ward's chi bộ keeps its identity under the new ward.
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == new.pk
    before = names_as_of(prov_admin, dt.date(2025, 6, 30), tree.city)
    after = names_as_of(prov_admin, dt.date(2025, 7, 2), tree.city)
    assert "Đảng ủy phường Cẩm Thủy" in before and "Đảng ủy phường Trung Thành" in before
    assert "Đảng ủy phường Phan Đình Phùng" not in before
    assert "Đảng ủy phường Phan Đình Phùng" in after and "Đảng ủy phường Cẩm Thủy" not in after


def test_merge_with_itself_refused_nothing_written(tree, personas):
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_merge(
            sources=[tree.ward, tree.ward], target=tree.city, date=JULY, acting_user=personas.own
        )
    assert "hợp nhất một đơn vị với chính nó" in str(err.value)
    with pytest.raises(ValidationError) as err:
        services.unit_merge(sources=[tree.ward], target=tree.ward, date=JULY, acting_user=personas.own)
    assert "Không thể hợp nhất “Đảng ủy phường Cẩm Thủy” với chính nó" in str(err.value)
    assert counts() == before


def test_merge_into_own_subunit_is_a_cycle(tree, personas, prov_admin):
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_merge(sources=[tree.city], target=tree.ward, date=JULY, acting_user=prov_admin)
    assert "vào đơn vị cấp dưới của nó" in str(err.value)
    assert counts() == before
    assert Unit.objects.get(pk=tree.city.pk).valid_to is None


def test_merge_before_creation_of_a_source_refused(tree, personas, prov_admin):
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_merge(
            sources=[tree.city],
            new_target={"name": "Thành ủy Mới"},
            date=dt.date(2014, 1, 1),
            acting_user=prov_admin,
        )
    assert "trước khi đơn vị được thành lập (15/05/2015)" in str(err.value)
    assert counts() == before


def test_move_under_dissolved_parent_refused(tree, personas, ward2):
    services.unit_dissolve(unit=ward2, date=dt.date(2024, 1, 1), acting_user=personas.own)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_move(unit=tree.cell, new_parent=ward2, date=JULY, acting_user=personas.own)
    assert "Đơn vị cấp trên “Đảng ủy phường Trung Thành” đã kết thúc hoạt động." in str(err.value)
    assert counts() == before
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == tree.ward.pk


def test_event_after_dissolution_refused(tree, personas, ward2):
    services.unit_dissolve(unit=ward2, date=dt.date(2024, 1, 1), acting_user=personas.own)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_move(unit=ward2, new_parent=tree.ward, date=JULY, acting_user=personas.own)
    assert "đã kết thúc hoạt động từ 01/01/2024" in str(err.value)
    assert counts() == before


def test_move_is_decided_by_admin_above(tree, personas, prov_admin):
    """The city's own admin cannot move the city (decided by the province): 404, nothing written;
    an editor of the city cannot dissolve its ward (admin role needed): 403."""
    editor = make_user("cityeditor", tree.city, "editor")
    before = counts()
    with pytest.raises(Http404):
        services.unit_move(unit=tree.city, new_parent=tree.sibling, date=JULY, acting_user=personas.own)
    with pytest.raises(PermissionDenied):
        services.unit_dissolve(unit=tree.cell, date=JULY, acting_user=editor)
    assert counts() == before
    services.unit_move(unit=tree.city, new_parent=tree.sibling, date=JULY, acting_user=prov_admin)
    assert Unit.objects.get(pk=tree.city.pk).parent_unit().pk == tree.sibling.pk


def test_reestablish_brings_unit_back_with_new_version(tree, personas, ward2, decision, prov_admin):
    services.unit_dissolve(unit=ward2, date=dt.date(2024, 1, 1), acting_user=personas.own)
    event = services.unit_reestablish(
        unit=ward2, date=JULY, basis_document=decision, note="tái lập", acting_user=personas.own
    )
    ward2.refresh_from_db()
    assert ward2.valid_to is None
    assert event.kind == UnitEventKind.REESTABLISHED and event.basis_document == decision
    assert ward2.versions.filter(valid_from=JULY, valid_to__isnull=True).count() == 1
    assert "Đảng ủy phường Trung Thành" not in names_as_of(prov_admin, dt.date(2024, 6, 1), tree.city)
    assert "Đảng ủy phường Trung Thành" in names_as_of(prov_admin, dt.date(2025, 7, 2), tree.city)


def test_reestablish_refusals_nothing_written(tree, personas, ward2):
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_reestablish(unit=ward2, date=JULY, acting_user=personas.own)
    assert "đang hoạt động: không cần tái lập" in str(err.value)
    services.unit_dissolve(unit=ward2, date=dt.date(2024, 1, 1), acting_user=personas.own)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_reestablish(unit=ward2, date=dt.date(2023, 1, 1), acting_user=personas.own)
    assert "trước ngày đơn vị kết thúc hoạt động (01/01/2024)" in str(err.value)
    assert counts() == before
    # Under a dissolved parent: the chi bộ and its ward both ended.
    services.unit_dissolve(unit=tree.cell, date=dt.date(2024, 1, 1), acting_user=personas.own)
    services.unit_dissolve(unit=tree.ward, date=dt.date(2024, 2, 1), acting_user=personas.own)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_reestablish(unit=tree.cell, date=JULY, acting_user=personas.own)
    assert "Đơn vị cấp trên “Đảng ủy phường Cẩm Thủy” đã kết thúc hoạt động" in str(err.value)
    assert counts() == before
    # Back under a live parent instead.
    services.unit_reestablish(
        unit=tree.cell, date=JULY, new_parent=ward2_live(tree, personas), acting_user=personas.own
    )
    assert Unit.objects.get(pk=tree.cell.pk).valid_to is None


def ward2_live(tree, personas):
    return services.unit_create(
        parent=tree.city,
        name="Đảng ủy phường Túc Duyên",
        kind=UnitKind.WARD_COMMITTEE,
        acting_user=personas.own,
    )


def test_split_with_basis_document_and_duplicate_parts_refused(tree, personas, decision):
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.unit_split(
            source=tree.ward,
            parts=[{"name": "Phường A"}, {"name": "phường  a"}],
            date=JULY,
            acting_user=personas.own,
        )
    assert "Hai phần được tách ra trùng tên." in str(err.value)
    assert counts() == before
    parts = services.unit_split(
        source=tree.ward,
        parts=[{"name": "Đảng ủy phường Bắc"}, {"name": "Đảng ủy phường Nam"}],
        date=JULY,
        basis_document=decision,
        acting_user=personas.own,
    )
    assert all(p.events.get(kind=UnitEventKind.SPLIT_FROM).basis_document == decision for p in parts)


def test_new_merged_unit_may_take_a_source_name_and_another_parent(tree, ward2, prov_admin):
    """1/7/2025: wards went straight to the province, often under the name of one of the old wards."""
    services.unit_merge(
        sources=[tree.ward, ward2],
        new_target={"name": "Đảng ủy phường Cẩm Thủy", "kind": UnitKind.WARD_COMMITTEE, "parent": tree.prov},
        date=JULY,
        acting_user=prov_admin,
    )
    new = Unit.objects.get(name="Đảng ủy phường Cẩm Thủy", valid_to__isnull=True)
    assert new.pk != tree.ward.pk and new.parent_unit().pk == tree.prov.pk
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit().pk == new.pk


def test_new_merged_unit_under_the_same_parent_may_take_a_source_name(tree, ward2, personas):
    services.unit_merge(
        sources=[tree.ward, ward2],
        new_target={"name": "Đảng ủy phường Trung Thành"},
        date=JULY,
        acting_user=personas.own,
    )
    new = Unit.objects.get(name="Đảng ủy phường Trung Thành", valid_to__isnull=True)
    assert new.pk != ward2.pk and new.parent_unit().pk == tree.city.pk
    assert new.kind == UnitKind.WARD_COMMITTEE
