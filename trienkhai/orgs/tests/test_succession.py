"""Issue 15.2: staff positions pass to a successor through ``unit_succeeded``; the closed
history stays with the old unit. The opinion-report obligation is no stored row: it is read
from the tree on the period's last day, so it follows the successor after the change and the
old unit before it.

The tree (root conftest): root → prov → city → ward → cell; prov → sibling; root → other.
The 2025 shape: the city's two wards merge into a new ward directly under the province, and
the city is dissolved with the province as successor.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import plans, services
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)
NEW = "Đảng ủy phường Phổ Yên Mới"


def row(line, unit, op, target="", kind="", parent=""):
    return {"line": line, "unit": unit, "op": op, "target": target, "kind": kind, "parent": parent}


@pytest.fixture
def ward2(tree):
    return services.unit_create(
        parent=tree.city,
        name="Đảng ủy phường Trung Thành",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD2",
        valid_from=dt.date(2015, 5, 15),
        acting_user=SYSTEM,
    )


def apply_2025(tree):
    admin = make_user("provadmin", tree.prov, "admin")
    rows = [
        row(2, "T-WARD", "gộp", NEW, "Đảng ủy phường", "Tỉnh ủy An Hòa"),
        row(3, "T-WARD2", "gộp", NEW, "Đảng ủy phường", "Tỉnh ủy An Hòa"),
        row(4, "T-CITY", "giải thể"),
    ]
    plan, _ = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=admin)
    plans.plan_apply(plan=plan, acting_user=admin)
    return Unit.objects.get(name=NEW)


def test_a_held_position_continues_at_the_successor_and_the_old_one_closes(tree, ward2):
    from trienkhai.training.models import Person, Position
    from trienkhai.training.services import person_create, person_move

    secretary = person_create(
        unit=tree.ward,
        full_name="Nguyễn Văn An",
        category="lanh_dao",
        title="Bí thư Đảng ủy phường",
        started_on=dt.date(2021, 1, 4),
        acting_user=SYSTEM,
    )
    # Someone who left the ward before the change: their closed position stays where it was.
    former = person_create(
        unit=tree.ward,
        full_name="Trần Thị Bình",
        category="lanh_dao",
        title="Phó Bí thư",
        started_on=dt.date(2020, 3, 1),
        acting_user=SYSTEM,
    )
    person_move(
        person=former,
        unit=tree.sibling,
        title="Chuyên viên",
        category="tuyen_giao",
        started_on=dt.date(2023, 2, 1),
        acting_user=SYSTEM,
    )
    new = apply_2025(tree)

    held = list(Position.objects.filter(person=secretary).order_by("started_on"))
    assert [(p.unit_id, p.title, p.started_on, p.ended_on) for p in held] == [
        (tree.ward.pk, "Bí thư Đảng ủy phường", dt.date(2021, 1, 4), dt.date(2025, 6, 30)),
        (new.pk, "Bí thư Đảng ủy phường", JULY, None),
    ]
    assert Person.objects.get(pk=secretary.pk).unit_id == new.pk
    # Closed history did not move.
    assert Position.objects.filter(person=former, unit=tree.ward, ended_on=dt.date(2023, 1, 31)).exists()
    assert not Position.objects.filter(person=former, unit=new).exists()
    assert Person.objects.get(pk=former.pk).unit_id == tree.sibling.pk


def test_the_report_obligation_follows_the_tree_of_the_period(tree, ward2):
    """The province's quarter II/2025 expects the city (which then existed); quarter III/2025
    expects the new ward, and no longer the ended city."""
    from trienkhai.opinion.selectors import opinion_synthesis

    new = apply_2025(tree)
    viewer = make_user("provviewer", tree.prov, "viewer")

    def owed(year, no):
        s = opinion_synthesis(viewer=viewer, unit=tree.prov, period_kind="quarter", year=year, period_no=no)
        return {u.name for u in s.missing}

    assert owed(2025, 2) == {"Thị ủy Bình Yên", "Thành ủy Đông Sơn"}
    assert owed(2025, 3) == {new.name, "Thành ủy Đông Sơn"}


def as_of_section(page: str) -> str:
    start = page.index('id="unit-as-of"')
    return page[start : page.index("</section>", start)]


def test_a_units_page_as_of_a_day_shows_that_days_name_parent_members_and_children(tree, ward2, client):
    """Issue 15.3: ?as_of= on a unit's page; the past is the same before and after the plan,
    and the successor names its predecessors with their last day."""
    from trienkhai.orgs.services import member_count_set

    member_count_set(unit=tree.ward, as_of=dt.date(2022, 1, 1), members=120, acting_user=SYSTEM)
    member_count_set(unit=tree.ward, as_of=dt.date(2024, 1, 1), members=131, acting_user=SYSTEM)
    client.force_login(make_user("provviewer", tree.prov, "viewer"))
    url = f"/units/{tree.ward.pk}/"
    before = as_of_section(client.get(url, {"as_of": "2022-08-11"}).content.decode())
    assert "Đảng ủy phường Cẩm Thủy" in before and "Thị ủy Bình Yên" in before  # its parent then
    assert "120" in before and "131" not in before and "Chi bộ Tổ dân phố số 1" in before
    new = apply_2025(tree)
    assert as_of_section(client.get(url, {"as_of": "2022-08-11"}).content.decode()) == before
    page = client.get(f"/units/{new.pk}/").content.decode()
    assert "Đảng ủy phường Cẩm Thủy</a> (đến 30/06/2025)" in page
    assert "Đảng ủy phường Trung Thành</a> (đến 30/06/2025)" in page
    gone = as_of_section(client.get(f"/units/{new.pk}/", {"as_of": "2025-06-30"}).content.decode())
    assert "chưa thành lập" in gone
    now = as_of_section(client.get(f"/units/{new.pk}/", {"as_of": "2025-07-01"}).content.decode())
    assert "Tỉnh ủy An Hòa" in now and "Chi bộ Tổ dân phố số 1" in now
    bad = client.get(url, {"as_of": "hôm qua"})
    assert bad.status_code == 200 and "Ngày xem không hợp lệ" in bad.content.decode()
    # The API: the name of that day; 404 on a day the unit did not exist.
    r = client.get(f"/api/v1/units/{new.pk}", {"as_of": "2025-07-01"})
    assert r.status_code == 200 and r.json()["name"] == NEW
    assert client.get(f"/api/v1/units/{new.pk}", {"as_of": "2025-06-30"}).status_code == 404
    assert client.get(f"/api/v1/units/{tree.ward.pk}", {"as_of": "2022-08-11"}).json()["name"] == (
        "Đảng ủy phường Cẩm Thủy"
    )
