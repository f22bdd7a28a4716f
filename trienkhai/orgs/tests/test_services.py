from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import selectors, services
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import MemberCount, Unit, UnitEvent, UnitVersion


def test_create_records_version_event_and_audit(tree, personas):
    """GIVEN an editor at the city WHEN they add a ward THEN the unit, its first version,
    a 'created' event and one audit row exist."""
    before = AuditEvent.objects.count()
    unit = services.unit_create(
        parent=tree.city,
        name="Đảng ủy phường Mới",
        kind=UnitKind.WARD_COMMITTEE,
        valid_from=dt.date(2020, 1, 1),
        acting_user=personas.own,
    )
    assert unit.parent_unit().pk == tree.city.pk
    assert UnitVersion.objects.filter(unit=unit, valid_to__isnull=True).count() == 1
    assert UnitEvent.objects.get(unit=unit).kind == UnitEventKind.CREATED
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert event.actor == personas.own and event.action == "unit.create" and event.unit == unit


def test_text_is_stored_nfc_with_modern_tones(tree):
    nfd = unicodedata.normalize("NFD", "Chi bộ Khu Hoà Bình")
    unit = services.unit_create(parent=tree.ward, name=nfd, kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
    unit.refresh_from_db()
    assert unit.name == "Chi bộ Khu Hòa Bình"
    assert unicodedata.is_normalized("NFC", unit.name)


@pytest.mark.parametrize(
    "variant",
    [
        "Chi bộ Tổ dân phố số 1",
        unicodedata.normalize("NFD", "Chi bộ Tổ dân phố số 1"),
        "chi bộ  tổ dân phố số 1",
    ],
)
def test_duplicate_sibling_name_refused_in_any_spelling(tree, variant):
    with pytest.raises(ValidationError) as err:
        services.unit_create(parent=tree.ward, name=variant, kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
    assert "Đã có đơn vị" in str(err.value)
    assert Unit.objects.filter(path__startswith=tree.ward.path).count() == 2


def test_old_style_tone_marks_are_the_same_name(tree):
    services.unit_create(
        parent=tree.ward, name="Chi bộ Thuỷ Lợi", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM
    )
    with pytest.raises(ValidationError):
        services.unit_create(
            parent=tree.ward, name="Chi bộ Thủy Lợi", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM
        )


def test_rename_upgrade_keeps_history_and_as_of(tree, personas):
    """Thị ủy → Thành ủy on 10/4/2022: the tree as of 2021 shows the old name."""
    services.unit_rename(
        unit=tree.city,
        new_name="Thành ủy Bình Yên",
        new_kind=UnitKind.CITY_COMMITTEE,
        date=dt.date(2022, 4, 10),
        basis="nâng cấp",
        acting_user=personas.own,
    )
    tree.city.refresh_from_db()
    assert tree.city.name == "Thành ủy Bình Yên"
    event = tree.city.events.get(kind=UnitEventKind.RECLASSIFIED)
    assert (event.old_name, event.new_name) == ("Thị ủy Bình Yên", "Thành ủy Bình Yên")

    def names(date):
        out = []

        def walk(nodes):
            for n in nodes:
                out.append(n.name)
                walk(n.children)

        walk(selectors.tree_as_of(viewer=personas.superuser, date=date))
        return out

    assert "Thị ủy Bình Yên" in names(dt.date(2021, 6, 1))
    assert "Thành ủy Bình Yên" not in names(dt.date(2021, 6, 1))
    assert "Thành ủy Bình Yên" in names(dt.date(2023, 1, 1))
    # Before the unit existed it is not in the tree at all.
    assert not any("Bình Yên" in n for n in names(dt.date(2014, 1, 1)))


def test_event_before_unit_existed_is_refused(tree, personas):
    with pytest.raises(ValidationError) as err:
        services.unit_rename(
            unit=tree.city, new_name="Thành ủy Bình Yên", date=dt.date(2014, 1, 1), acting_user=personas.own
        )
    assert "trước khi đơn vị được thành lập" in str(err.value)
    tree.city.refresh_from_db()
    assert tree.city.name == "Thị ủy Bình Yên"
    assert not tree.city.events.exclude(kind=UnitEventKind.CREATED).exists()


def test_event_in_future_or_out_of_order_is_refused(tree, personas):
    services.unit_rename(
        unit=tree.city, new_name="Thành ủy Bình Yên", date=dt.date(2022, 4, 10), acting_user=personas.own
    )
    with pytest.raises(ValidationError):
        services.unit_rename(
            unit=tree.city, new_name="Tên khác", date=dt.date(2020, 1, 1), acting_user=personas.own
        )
    with pytest.raises(ValidationError):
        services.unit_rename(
            unit=tree.city, new_name="Tên khác", date=dt.date(2999, 1, 1), acting_user=personas.own
        )


def test_move_into_own_subtree_is_a_cycle_and_refused(tree, personas):
    before = Unit.objects.values_list("pk", "path").order_by("pk")
    with pytest.raises(ValidationError) as err:
        services.unit_move(
            unit=tree.city, new_parent=tree.cell, date=dt.date(2020, 1, 1), acting_user=personas.superuser
        )
    assert "vòng lặp" in str(err.value)
    assert list(Unit.objects.values_list("pk", "path").order_by("pk")) == list(before)


def test_move_changes_parent_and_as_of_shows_old_parent(tree, personas):
    services.unit_move(
        unit=tree.ward, new_parent=tree.sibling, date=dt.date(2023, 1, 1), acting_user=personas.superuser
    )
    tree.ward.refresh_from_db()
    assert tree.ward.parent_unit().pk == tree.sibling.pk
    # Its chi bộ moved with it.
    assert Unit.objects.get(pk=tree.cell.pk).path.startswith(tree.ward.path)
    old = selectors.tree_as_of(viewer=personas.superuser, date=dt.date(2022, 1, 1), root=tree.city)
    assert [c.name for c in old[0].children] == ["Đảng ủy phường Cẩm Thủy"]


def test_merge_ends_sources_moves_children_and_links_predecessors(tree, personas):
    services.unit_merge(
        sources=[tree.city], target=tree.sibling, date=dt.date(2025, 7, 1), acting_user=personas.superuser
    )
    tree.city.refresh_from_db()
    assert tree.city.valid_to == dt.date(2025, 7, 1)
    assert Unit.objects.get(pk=tree.ward.pk).parent_unit().pk == tree.sibling.pk
    history = selectors.unit_history(viewer=personas.superuser, unit=tree.sibling)
    assert tree.city in history.predecessors
    assert tree.sibling in selectors.unit_history(viewer=personas.superuser, unit=tree.city).successors
    # As of the day before the merger, the city still stands with its ward.
    roots = selectors.tree_as_of(viewer=personas.superuser, date=dt.date(2025, 6, 30), root=tree.prov)
    names = [c.name for c in roots[0].children]
    assert "Thị ủy Bình Yên" in names


def test_split_creates_units_linked_to_source(tree, personas):
    parts = services.unit_split(
        source=tree.ward,
        parts=[{"name": "Đảng ủy phường Cẩm Thủy Bắc"}, {"name": "Đảng ủy phường Cẩm Thủy Nam"}],
        date=dt.date(2024, 1, 1),
        acting_user=personas.own,
    )
    assert len(parts) == 2
    history = selectors.unit_history(viewer=personas.own, unit=parts[0])
    assert tree.ward in history.predecessors


def test_editor_below_cannot_change_above_404(tree, personas):
    with pytest.raises(Http404):
        services.unit_create(parent=tree.city, name="X", kind=UnitKind.PARTY_CELL, acting_user=personas.child)
    with pytest.raises(Http404):
        services.unit_rename(
            unit=tree.sibling, new_name="Y", date=dt.date(2020, 1, 1), acting_user=personas.own
        )
    assert not Unit.objects.filter(name__in=["X", "Y"]).exists()


def test_viewer_role_cannot_change(tree, personas):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            parent=tree.city, name="Chi bộ Z", kind=UnitKind.PARTY_CELL, acting_user=personas.parent
        )


def test_member_counts_per_period(tree, personas):
    services.member_count_set(
        unit=tree.cell, as_of=dt.date(2021, 12, 31), members=30, acting_user=personas.own
    )
    services.member_count_set(
        unit=tree.cell, as_of=dt.date(2022, 6, 30), members=32, acting_user=personas.own
    )
    services.member_count_set(
        unit=tree.cell, as_of=dt.date(2022, 6, 30), members=33, acting_user=personas.own
    )
    assert list(MemberCount.objects.filter(unit=tree.cell).values_list("members", flat=True)) == [33, 30]
    with pytest.raises(ValidationError):
        services.member_count_set(
            unit=tree.cell, as_of=dt.date(2022, 6, 30), members=-1, acting_user=personas.own
        )
