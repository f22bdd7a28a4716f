"""Issue 15.1: a reorganisation plan applies many changes at one date in one step — checked
as a whole (every conflict listed, nothing written), previewed with the open work it touches,
then applied atomically.

The tree (root conftest): root → prov → city → ward → cell; prov → sibling; root → other.
The expected trees below are written from that drawing, not read from the code.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from conftest import make_user
from trienkhai.core.importing import ImportFailed
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import plans, selectors, services
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import ReorgPlan, Unit, UnitEvent, UnitVersion
from trienkhai.proposals.services import proposal_send

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)


@pytest.fixture
def prov_admin(tree):
    return make_user("provadmin", tree.prov, "admin")


@pytest.fixture
def ward2(tree):
    return services.unit_create(
        parent=tree.city,
        name="Đảng ủy phường Trung Thành",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD2",
        acting_user=SYSTEM,
    )


def row(line, unit, op, target="", kind="", parent=""):
    return {"line": line, "unit": unit, "op": op, "target": target, "kind": kind, "parent": parent}


def district_level_ends(tree, ward2):
    """The 2025 shape: the city's two wards become one new ward directly under the province,
    and the city is dissolved."""
    return [
        row(2, "T-WARD", "gộp", "Đảng ủy phường Phổ Yên Mới", "Đảng ủy phường", "Tỉnh ủy An Hòa"),
        row(
            3,
            "Đảng ủy phường Trung Thành",
            "gộp",
            "Đảng ủy phường Phổ Yên Mới",
            "Đảng ủy phường",
            "Tỉnh ủy An Hòa",
        ),
        row(4, "T-CITY", "giải thể"),
    ]


def state():
    return (
        Unit.objects.count(),
        UnitEvent.objects.count(),
        UnitVersion.objects.count(),
        ReorgPlan.objects.count(),
    )


def parents_as_of(viewer, date, root) -> dict[str, str | None]:
    """{unit name: the name of the unit above it} in the tree as of ``date``."""
    out: dict[str, str | None] = {}

    def walk(nodes, parent=None):
        for n in nodes:
            out[n.name] = parent
            walk(n.children, n.name)

    walk(selectors.tree_as_of(viewer=viewer, date=date, root=root))
    return out


def test_a_plan_applies_many_changes_at_one_date(tree, ward2, prov_admin):
    plan, checked = plans.plan_create(
        root=tree.prov,
        date=JULY,
        rows=district_level_ends(tree, ward2),
        basis="NQ 1683",
        acting_user=prov_admin,
    )
    assert checked.ok and plan.status == ReorgPlan.Status.DRAFT
    # Previewing writes nothing to the tree.
    assert Unit.objects.get(pk=tree.city.pk).valid_to is None
    events = plans.plan_apply(plan=plan, acting_user=prov_admin)
    assert len(events) == 3  # two merged into, one dissolved
    new = Unit.objects.get(name="Đảng ủy phường Phổ Yên Mới")
    assert new.parent_unit() == tree.prov and new.valid_from == JULY and new.kind == UnitKind.WARD_COMMITTEE
    # The chi bộ keeps its identity and passes under the new ward.
    cell = Unit.objects.get(pk=tree.cell.pk)
    assert cell.parent_unit() == new and cell.valid_to is None
    for old in (tree.ward, ward2, tree.city):
        assert Unit.objects.get(pk=old.pk).valid_to == JULY
    assert UnitEvent.objects.filter(unit=tree.ward, kind=UnitEventKind.MERGED_INTO, related_unit=new).exists()
    assert set(UnitEvent.objects.filter(date=JULY).values_list("basis", flat=True)) == {"NQ 1683"}
    plan.refresh_from_db()
    assert plan.status == ReorgPlan.Status.APPLIED and plan.applied_at is not None
    # The tree the day before is the old one; the tree on the day is the new one.
    assert parents_as_of(prov_admin, JULY - dt.timedelta(days=1), tree.prov) == {
        "Tỉnh ủy An Hòa": None,
        "Thị ủy Bình Yên": "Tỉnh ủy An Hòa",
        "Đảng ủy phường Cẩm Thủy": "Thị ủy Bình Yên",
        "Chi bộ Tổ dân phố số 1": "Đảng ủy phường Cẩm Thủy",
        "Đảng ủy phường Trung Thành": "Thị ủy Bình Yên",
        "Thành ủy Đông Sơn": "Tỉnh ủy An Hòa",
    }
    assert parents_as_of(prov_admin, JULY, tree.prov) == {
        "Tỉnh ủy An Hòa": None,
        "Thành ủy Đông Sơn": "Tỉnh ủy An Hòa",
        "Đảng ủy phường Phổ Yên Mới": "Tỉnh ủy An Hòa",
        "Chi bộ Tổ dân phố số 1": "Đảng ủy phường Phổ Yên Mới",
    }
    with pytest.raises(ValidationError):
        plans.plan_apply(plan=plan, acting_user=prov_admin)  # twice: refused


def test_merged_wards_chi_bo_of_the_same_name_stay_distinct(tree, ward2, prov_admin):
    """Both wards have a "Chi bộ Tổ dân phố số 1" (every ward numbers its own): the second to
    arrive under the new ward takes its old ward's place in brackets ("phường Trung Thành"), recorded as a rename of
    the same day; the first keeps its name. Without it the whole plan was refused at apply."""
    services.unit_create(
        parent=ward2, name="Chi bộ Tổ dân phố số 1", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM
    )
    plan, checked = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    assert checked.ok
    plans.plan_apply(plan=plan, acting_user=prov_admin)
    new = Unit.objects.get(name="Đảng ủy phường Phổ Yên Mới")
    assert sorted(u.name for u in Unit.objects.get_children(new)) == [
        "Chi bộ Tổ dân phố số 1",
        "Chi bộ Tổ dân phố số 1 (phường Trung Thành)",
    ]
    assert Unit.objects.get(pk=tree.cell.pk).name == "Chi bộ Tổ dân phố số 1"
    renamed = UnitEvent.objects.get(kind=UnitEventKind.RENAMED, date=JULY)
    assert renamed.old_name == "Chi bộ Tổ dân phố số 1" and "Phổ Yên Mới" in renamed.note
    # The day before, both had their own names under their own wards.
    assert parents_as_of(prov_admin, JULY - dt.timedelta(days=1), ward2) == {
        "Đảng ủy phường Trung Thành": None,
        "Chi bộ Tổ dân phố số 1": "Đảng ủy phường Trung Thành",
    }


def test_a_new_unit_may_take_the_name_of_one_of_its_sources(tree, ward2, prov_admin):
    """2025: the new phường Trung Thành is made of phường Trung Thành and its neighbours. A
    target named like one of the rows' own units is a new unit of that name under the province,
    not the old ward receiving the others (which was refused: "the receiver also changes")."""
    rows = [
        row(2, "T-WARD", "gộp", "Đảng ủy phường Trung Thành", "Đảng ủy phường", "Tỉnh ủy An Hòa"),
        row(3, "T-WARD2", "gộp", "Đảng ủy phường Trung Thành", "Đảng ủy phường", "Tỉnh ủy An Hòa"),
    ]
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=prov_admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=prov_admin)
    old, new = Unit.objects.filter(name="Đảng ủy phường Trung Thành").order_by("pk")
    assert old.pk == ward2.pk and old.valid_to == JULY
    assert new.valid_to is None and new.valid_from == JULY
    assert Unit.objects.get(pk=new.pk).parent_unit() == tree.prov
    merged = UnitEvent.objects.filter(kind=UnitEventKind.MERGED_INTO, date=JULY, related_unit=new)
    assert sorted(e.unit.pk for e in merged) == sorted([tree.ward.pk, ward2.pk])


def test_a_dissolved_city_passes_whole_subtrees_to_its_successor(tree, ward2, prov_admin):
    """The city ends with the province as successor: its wards move directly under the
    province with their chi bộ below them (two levels moved at once, depths shifted), and
    the tree's paths, depths and child counts stay consistent."""
    services.unit_dissolve(unit=tree.city, successor=tree.prov, date=JULY, acting_user=prov_admin)
    assert parents_as_of(prov_admin, JULY, tree.prov) == {
        "Tỉnh ủy An Hòa": None,
        "Thành ủy Đông Sơn": "Tỉnh ủy An Hòa",
        "Đảng ủy phường Cẩm Thủy": "Tỉnh ủy An Hòa",
        "Chi bộ Tổ dân phố số 1": "Đảng ủy phường Cẩm Thủy",
        "Đảng ủy phường Trung Thành": "Tỉnh ủy An Hòa",
    }
    cell = Unit.objects.get(pk=tree.cell.pk)
    assert cell.depth == tree.cell.depth - 1 and cell.path.startswith(Unit.objects.get(pk=tree.ward.pk).path)
    assert all(not problems for problems in Unit.objects.find_problems())
    assert (
        Unit.objects.get(pk=tree.prov.pk).numchild
        == Unit.objects.filter(path__startswith=tree.prov.path, depth=tree.prov.depth + 1).count()
    )
    moved = UnitEvent.objects.filter(kind=UnitEventKind.MOVED, date=JULY, new_parent=tree.prov)
    assert sorted(e.unit.name for e in moved) == ["Đảng ủy phường Cẩm Thủy", "Đảng ủy phường Trung Thành"]


def test_every_conflict_is_listed_and_nothing_is_written(tree, ward2, prov_admin):
    before = state()
    rows = [
        row(2, "Đảng ủy phường Không Có", "gộp", "X"),  # unknown unit
        row(3, "T-WARD", "chuyển", "T-SIB"),
        row(4, "T-WARD", "giải thể"),  # the same unit twice
        row(5, "T-CITY", "chuyển", "T-CELL"),  # into its own subtree
        row(6, "T-SIB", "sáp xếp"),  # unknown change
        row(7, "T-WARD2", "gộp", "T-SIB"),  # into a unit that also changes (row 8)
        row(8, "T-SIB", "đổi tên"),  # rename without a new name
        row(9, "T-OTHER", "giải thể"),  # outside the plan's root
    ]
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=prov_admin)
    assert plan is None
    lines = [line for line, _ in checked.conflicts]
    assert lines == [2, 4, 5, 6, 7, 8, 9]
    text = dict(checked.conflicts)
    assert "Không Có" in text[2]
    assert "dòng 3" in text[4]
    assert "vòng lặp" in text[5]
    assert "sáp xếp" in text[6]
    assert "dòng 8" in text[7]
    assert "tên mới" in text[8]
    assert "Phú Lâm" not in text[9] and "Tỉnh ủy An Hòa" in text[9]
    assert state() == before


def test_a_date_before_a_unit_existed_and_children_left_behind(tree, prov_admin):
    rows = [row(2, "T-CITY", "đổi tên", "Thành ủy Bình Yên", "Thành ủy")]
    _, checked = plans.plan_create(
        root=tree.prov, date=dt.date(2010, 1, 1), rows=rows, acting_user=prov_admin
    )
    assert "15/05/2015" in dict(checked.conflicts)[2]
    # Dissolving the city while its ward stays: refused, the ward named.
    _, checked = plans.plan_create(
        root=tree.prov, date=JULY, rows=[row(2, "T-CITY", "giải thể")], acting_user=prov_admin
    )
    assert "Đảng ủy phường Cẩm Thủy" in dict(checked.conflicts)[2]


def test_a_failure_while_applying_undoes_every_change(tree, ward2, prov_admin, monkeypatch):
    plan, _ = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    before = (Unit.objects.count(), UnitEvent.objects.count(), UnitVersion.objects.count())

    def broken(**kw):
        raise ValidationError("hỏng giữa chừng")

    monkeypatch.setattr(plans, "unit_dissolve", broken)  # after both merges have run
    with pytest.raises(ImportFailed) as err:
        plans.plan_apply(plan=plan, acting_user=prov_admin)
    assert err.value.row_errors == [(4, "hỏng giữa chừng")]
    assert (Unit.objects.count(), UnitEvent.objects.count(), UnitVersion.objects.count()) == before
    assert Unit.objects.get(pk=tree.ward.pk).valid_to is None
    plan.refresh_from_db()
    assert plan.status == ReorgPlan.Status.DRAFT


def test_only_an_admin_of_the_planning_unit(tree, ward2, personas):
    rows = district_level_ends(tree, ward2)
    # The province's viewer reads but may not plan; another branch does not see the province.
    for who in (personas.parent, personas.other, None):
        with pytest.raises((Http404, Exception)):
            plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=who)
    assert ReorgPlan.objects.count() == 0


def test_the_preview_counts_the_open_work_it_touches(tree, ward2, prov_admin):
    proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="Kinh phí",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    make_user("wardeditor", tree.ward, "editor")
    _, checked = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    work = dict(plans.open_work(checked.units()))
    assert work["kiến nghị đang chờ do các đơn vị này gửi"] == 1
    assert work["kiến nghị đang chờ gửi đến các đơn vị này"] == 1
    assert work["vai trò của người dùng tại các đơn vị này"] == 1


def sheet(rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(plans.TEMPLATE_HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_rows_from_an_excel_sheet():
    rows = plans.rows_from_sheet(
        sheet(
            [
                ["T-WARD", "Gộp", "Phường Mới", "Đảng ủy phường", "T-PROV"],
                [None, None, None, None, None],
                ["T-CITY", "giải thể"],
            ]
        ),
        "ke-hoach.xlsx",
    )
    assert [(r["line"], r["unit"], r["op"]) for r in rows] == [
        (2, "T-WARD", "Gộp"),
        (4, "T-CITY", "giải thể"),
    ]
    with pytest.raises(ImportFailed):
        plans.rows_from_sheet(sheet([]), "trong.xlsx")


def test_the_plan_pages_upload_preview_apply(tree, ward2, prov_admin, client, tmp_path):
    client.force_login(prov_admin)
    page = client.get(reverse("orgs:detail", args=[tree.prov.pk]))
    assert reverse("orgs:plan_new", args=[tree.prov.pk]) in page.content.decode()
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(
        sheet(
            [
                ["T-WARD", "gộp", "Đảng ủy phường Phổ Yên Mới", "Đảng ủy phường", "Tỉnh ủy An Hòa"],
                ["T-WARD2", "gộp", "Đảng ủy phường Phổ Yên Mới", "Đảng ủy phường", "Tỉnh ủy An Hòa"],
                ["T-CITY", "giải thể"],
            ]
        ).getvalue()
    )
    url = reverse("orgs:plan_new", args=[tree.prov.pk])
    with path.open("rb") as f:
        r = client.post(
            url, {"date": "2025-07-01", "file": f, "rows-TOTAL_FORMS": "0", "rows-INITIAL_FORMS": "0"}
        )
    assert r.status_code == 302
    plan = ReorgPlan.objects.get()
    preview = client.get(r["Location"]).content.decode()
    assert "Đảng ủy phường Phổ Yên Mới" in preview and "Giải thể" in preview and 'id="plan-apply"' in preview
    assert Unit.objects.get(pk=tree.city.pk).valid_to is None
    r = client.post(reverse("orgs:plan_apply", args=[plan.pk]))
    assert r.status_code == 302
    assert Unit.objects.get(pk=tree.city.pk).valid_to == JULY
    assert "Đã áp dụng" in client.get(r["Location"]).content.decode()


def test_the_on_screen_table_and_a_refused_plan(tree, ward2, prov_admin, client):
    client.force_login(prov_admin)
    url = reverse("orgs:plan_new", args=[tree.prov.pk])
    assert client.get(url).status_code == 200
    data = {"date": "2025-07-01", "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0"}
    data.update({"rows-0-unit": "T-CITY", "rows-0-op": "chuyển", "rows-0-target": "T-CELL"})
    r = client.post(url, data)
    assert r.status_code == 400 and "vòng lặp" in r.content.decode()
    assert ReorgPlan.objects.count() == 0
    data.update({"rows-0-unit": "T-WARD2", "rows-0-op": "chuyển", "rows-0-target": "T-SIB"})
    r = client.post(url, data)
    assert r.status_code == 302
    client.post(reverse("orgs:plan_apply", args=[ReorgPlan.objects.get().pk]))
    assert Unit.objects.get(pk=ward2.pk).parent_unit() == tree.sibling
    # Nothing filled in: a clear message, nothing written.
    r = client.post(url, {"date": "2025-07-01", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"})
    assert r.status_code == 400 and "ít nhất một dòng" in r.content.decode()


def test_a_plan_is_not_found_outside_its_branch(tree, ward2, prov_admin, personas, client):
    plan, _ = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    for who in (personas.other, personas.sibling, personas.parent):
        client.force_login(who)
        assert client.get(reverse("orgs:plan", args=[plan.pk])).status_code in (403, 404)
        assert client.post(reverse("orgs:plan_apply", args=[plan.pk])).status_code in (403, 404)
    assert Unit.objects.get(pk=tree.city.pk).valid_to is None


def test_the_api_refuses_with_every_conflict_then_applies(tree, ward2, prov_admin, client):
    client.force_login(prov_admin)
    url = f"/api/v1/units/{tree.prov.pk}/plans"
    bad = {
        "date": "2025-07-01",
        "rows": [{"unit": "T-CITY", "op": "chuyển", "target": "T-CELL"}, {"unit": "Không Có", "op": "gộp"}],
    }
    r = client.post(url, bad, content_type="application/json")
    assert r.status_code == 400
    messages = r.json()["detail"]["__all__"]
    assert [m.split(":")[0] for m in messages] == ["Dòng 1", "Dòng 2"] and ReorgPlan.objects.count() == 0
    rows = [{k: v for k, v in r.items() if k != "line"} for r in district_level_ends(tree, ward2)]
    r = client.post(url, {"date": "2025-07-01", "rows": rows, "apply": True}, content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "applied" and body["events"] == 3 and len(body["changes"]) == 2
    assert Unit.objects.get(pk=tree.city.pk).valid_to == JULY


def test_successors_inherit_the_open_work_and_history_stays(tree, ward2, prov_admin):
    """Waiting proposals and follow-ups not done pass to the merged unit; an answered proposal
    and a done follow-up stay with the old unit; roles pass only when asked."""
    from trienkhai.accounts.models import Role
    from trienkhai.followups.models import FollowUp
    from trienkhai.followups.services import followup_create
    from trienkhai.proposals.choices import EventKind
    from trienkhai.proposals.services import proposal_answer

    waiting = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="Máy chiếu",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    answered = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="Loa",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    proposal_answer(proposal=answered, text="Đã cấp.", acting_user=SYSTEM)
    task = followup_create(
        unit=tree.ward,
        assigned_by=tree.city,
        title="Rà soát đảng viên",
        due_on=dt.date(2025, 9, 1),
        acting_user=SYSTEM,
    )
    editor = make_user("wardeditor", tree.ward, "editor")
    plan, _ = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    plans.plan_apply(plan=plan, acting_user=prov_admin)
    new = Unit.objects.get(name="Đảng ủy phường Phổ Yên Mới")
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert waiting.sender_id == new.pk and answered.sender_id == tree.ward.pk
    assert waiting.events.filter(kind=EventKind.SUCCEEDED, on=JULY).exists()
    assert FollowUp.objects.get(pk=task.pk).unit_id == new.pk
    # The city ended too, without a successor: what waits for its answer stays (nobody took over).
    assert waiting.addressee_id == tree.city.pk
    # Roles were not asked to pass.
    assert not Role.objects.filter(user=editor, unit=new).exists()


def test_roles_pass_when_the_preview_asks(tree, ward2, prov_admin, client):
    from trienkhai.accounts.models import Role

    editor = make_user("wardeditor", tree.ward, "editor")
    plan, _ = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    client.force_login(prov_admin)
    preview = client.get(reverse("orgs:plan", args=[plan.pk])).content.decode()
    assert 'name="carry_roles"' in preview
    client.post(reverse("orgs:plan_apply", args=[plan.pk]), {"carry_roles": "1"})
    new = Unit.objects.get(name="Đảng ủy phường Phổ Yên Mới")
    assert Role.objects.filter(user=editor, unit=new, role="editor").exists()
    assert Role.objects.filter(user=editor, unit=tree.ward).exists()  # still reads the old ward's history


def test_the_preview_shows_the_staff_positions_that_pass_to_successors(tree, ward2, prov_admin, client):
    """Issue 15.2: staff positions pass to the successor (decision 0075); the preview counts
    those still held at the changing units, with the other open work. A position already
    closed, and one at a unit the plan leaves alone, are not counted."""
    from trienkhai.training.services import person_create, person_move

    for name, unit in (("Nguyễn Văn An", tree.ward), ("Lê Thị Hoa", ward2), ("Phạm Văn Minh", tree.sibling)):
        person_create(
            unit=unit,
            full_name=name,
            category="lanh_dao",
            title="Bí thư",
            started_on=dt.date(2021, 1, 4),
            acting_user=SYSTEM,
        )
    left = person_create(
        unit=tree.ward,
        full_name="Trần Thị Bình",
        category="lanh_dao",
        title="Phó Bí thư",
        started_on=dt.date(2020, 3, 1),
        acting_user=SYSTEM,
    )
    person_move(
        person=left,
        unit=tree.sibling,
        title="Chuyên viên",
        category="tuyen_giao",
        started_on=dt.date(2023, 2, 1),
        acting_user=SYSTEM,
    )
    plan, checked = plans.plan_create(
        root=tree.prov, date=JULY, rows=district_level_ends(tree, ward2), acting_user=prov_admin
    )
    label = "chức vụ cán bộ đang đảm nhiệm tại các đơn vị này"
    assert dict(plans.open_work(checked.units()))[label] == 2  # An at the ward, Hoa at ward 2
    client.force_login(prov_admin)
    preview = client.get(reverse("orgs:plan", args=[plan.pk])).content.decode()
    section = preview[
        preview.index('id="open-work"') : preview.index("</section>", preview.index('id="open-work"'))
    ]
    assert f"<strong>2</strong> {label}" in section


# --- Splits (issue 15.1): one unit into several new ones, with which children go where --------

NORTH, SOUTH = "Đảng ủy phường Cẩm Thủy Bắc", "Đảng ủy phường Cẩm Thủy Nam"


@pytest.fixture
def three_cells(tree):
    """The ward has three chi bộ: the conftest's number 1, and 2 and 3 made here."""
    for n in (2, 3):
        services.unit_create(
            parent=tree.ward, name=f"Chi bộ Tổ dân phố số {n}", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM
        )


def ward_splits():
    """The ward into a north ward (where it was, under the city: its successor) and a south
    ward directly under the province; chi bộ 2 goes south, 1 and 3 stay with the successor."""
    return [
        row(2, "T-WARD", "tách", NORTH, "Đảng ủy phường"),
        row(3, "T-WARD", "tách", SOUTH, "Đảng ủy phường", "Tỉnh ủy An Hòa"),
        row(4, "Chi bộ Tổ dân phố số 2", "chuyển", SOUTH),
    ]


def test_a_split_is_previewed_then_applied_with_each_child_where_the_plan_sends_it(
    tree, ward2, three_cells, prov_admin
):
    waiting = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="Máy chiếu",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    before = state()
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=ward_splits(), acting_user=prov_admin)
    assert checked.ok, checked.conflicts
    assert [(c["op"], c["units"], c["lines"]) for c in checked.changes()] == [
        ("Chia tách thành", ["Đảng ủy phường Cẩm Thủy"], [2, 3]),
        ("Chuyển sang đơn vị kế thừa", ["Chi bộ Tổ dân phố số 1", "Chi bộ Tổ dân phố số 3"], [2]),
        ("Chuyển trực thuộc", ["Chi bộ Tổ dân phố số 2"], [4]),
    ]
    split = checked.changes()[0]["to"]
    assert "Đảng ủy phường Cẩm Thủy Bắc (thành lập mới, trực thuộc Thị ủy Bình Yên)" in split
    assert "Đảng ủy phường Cẩm Thủy Nam (thành lập mới, trực thuộc Tỉnh ủy An Hòa)" in split
    assert "kế thừa: Đảng ủy phường Cẩm Thủy Bắc" in split
    assert state()[:3] == before[:3]  # the preview wrote no unit, event or version

    events = plans.plan_apply(plan=plan, acting_user=prov_admin)
    north, south = Unit.objects.get(name=NORTH), Unit.objects.get(name=SOUTH)
    assert len(events) == 4  # two split-offs, one move, the ward's end
    assert parents_as_of(prov_admin, JULY - dt.timedelta(days=1), tree.prov) == {
        "Tỉnh ủy An Hòa": None,
        "Thị ủy Bình Yên": "Tỉnh ủy An Hòa",
        "Đảng ủy phường Cẩm Thủy": "Thị ủy Bình Yên",
        "Chi bộ Tổ dân phố số 1": "Đảng ủy phường Cẩm Thủy",
        "Chi bộ Tổ dân phố số 2": "Đảng ủy phường Cẩm Thủy",
        "Chi bộ Tổ dân phố số 3": "Đảng ủy phường Cẩm Thủy",
        "Đảng ủy phường Trung Thành": "Thị ủy Bình Yên",
        "Thành ủy Đông Sơn": "Tỉnh ủy An Hòa",
    }
    assert parents_as_of(prov_admin, JULY, tree.prov) == {
        "Tỉnh ủy An Hòa": None,
        "Thị ủy Bình Yên": "Tỉnh ủy An Hòa",
        NORTH: "Thị ủy Bình Yên",
        "Chi bộ Tổ dân phố số 1": NORTH,
        "Chi bộ Tổ dân phố số 3": NORTH,
        SOUTH: "Tỉnh ủy An Hòa",
        "Chi bộ Tổ dân phố số 2": SOUTH,
        "Đảng ủy phường Trung Thành": "Thị ủy Bình Yên",
        "Thành ủy Đông Sơn": "Tỉnh ủy An Hòa",
    }
    # The chi bộ keep their identity; the ward ends, its successor the first part.
    assert Unit.objects.get(pk=tree.cell.pk).parent_unit() == north
    assert Unit.objects.get(pk=tree.ward.pk).valid_to == JULY
    assert UnitEvent.objects.filter(unit=tree.ward, kind=UnitEventKind.DISSOLVED, related_unit=north).exists()
    for part in (north, south):
        assert part.valid_from == JULY and part.kind == UnitKind.WARD_COMMITTEE
        assert part.events.filter(kind=UnitEventKind.SPLIT_FROM, related_unit=tree.ward, date=JULY).exists()
    # Open work passes to the successor only.
    waiting.refresh_from_db()
    assert waiting.sender_id == north.pk
    assert all(not problems for problems in Unit.objects.find_problems())


def test_the_successor_of_a_split_reads_its_history_the_other_part_does_not(tree, three_cells, prov_admin):
    from trienkhai.meetings.choices import MeetingForm
    from trienkhai.meetings.models import Meeting
    from trienkhai.meetings.services import meeting_create

    meeting_create(
        host=tree.ward,
        title="Họp 2024",
        date=dt.date(2024, 5, 2),
        form=MeetingForm.IN_PERSON,
        acting_user=SYSTEM,
    )
    plan, _ = plans.plan_create(root=tree.prov, date=JULY, rows=ward_splits(), acting_user=prov_admin)
    plans.plan_apply(plan=plan, acting_user=prov_admin)
    north_admin = make_user("north", Unit.objects.get(name=NORTH), "admin")
    south_admin = make_user("south", Unit.objects.get(name=SOUTH), "admin")
    assert [m.title for m in Meeting.objects.restrict(north_admin)] == ["Họp 2024"]
    assert [m.title for m in Meeting.objects.restrict(north_admin, "change")] == []
    assert [m.title for m in Meeting.objects.restrict(south_admin)] == []


SPLIT_CONFLICTS = {
    "a split unit also merged": (
        [
            row(2, "T-WARD", "tách", "Phường A"),
            row(3, "T-WARD", "tách", "Phường B"),
            row(4, "T-WARD", "gộp", "T-SIB"),
        ],
        [(4, "được chia tách và còn có thay đổi khác (dòng 2)")],
    ),
    "a merged unit also split": (
        [
            row(2, "T-WARD", "gộp", "T-SIB"),
            row(3, "T-WARD", "tách", "Phường A"),
            row(4, "T-WARD", "tách", "Phường B"),
        ],
        [(3, "được chia tách"), (4, "được chia tách")],
    ),
    "into one unit only": ([row(2, "T-WARD", "tách", "Phường A")], [(2, "ít nhất hai đơn vị mới")]),
    "two parts of one name": (
        [row(2, "T-WARD", "tách", "Phường A"), row(3, "T-WARD", "tách", "PHƯỜNG A")],
        [(3, "trùng tên với đơn vị mới ở dòng 2")],
    ),
    "a part inside the split unit": (
        [row(2, "T-WARD", "tách", "Phường A", parent="T-CELL"), row(3, "T-WARD", "tách", "Phường B")],
        [(2, "vòng lặp")],
    ),
    "a part's name taken under its parent": (
        [row(2, "T-WARD", "tách", "Đảng ủy phường Trung Thành"), row(3, "T-WARD", "tách", "Phường B")],
        [(2, "đã có đơn vị “Đảng ủy phường Trung Thành” trực thuộc Thị ủy Bình Yên")],
    ),
    "a part under a parent the plan ends": (
        [
            row(2, "T-WARD", "tách", "Phường A"),
            row(3, "T-WARD", "tách", "Phường B"),
            row(4, "T-CITY", "giải thể", "T-SIB"),
        ],
        [(2, "cũng thay đổi trong kế hoạch (dòng 4)"), (3, "cũng thay đổi trong kế hoạch (dòng 4)")],
    ),
    "a part named like a new merged unit": (
        [
            row(2, "T-WARD", "tách", "Phường Mới"),
            row(3, "T-WARD", "tách", "Phường B"),
            row(4, "T-WARD2", "gộp", "Phường Mới"),
        ],
        [(2, "trùng tên với đơn vị mới ở dòng 4")],
    ),
    "a move into the split unit": (
        [
            row(2, "T-WARD", "tách", "Phường A"),
            row(3, "T-WARD", "tách", "Phường B"),
            row(4, "T-SIB", "chuyển", "T-WARD"),
        ],
        [(4, "bị chia tách trong kế hoạch")],
    ),
    "a move of the split unit's parent into a part": (
        [
            row(2, "T-WARD", "tách", "Phường A"),
            row(3, "T-WARD", "tách", "Phường B"),
            row(4, "T-CITY", "chuyển", "Phường A"),
        ],
        [
            # the parts' parent moves (rows 2, 3), and into a part under itself (row 4)
            (2, "cũng thay đổi trong kế hoạch (dòng 4)"),
            (3, "cũng thay đổi trong kế hoạch (dòng 4)"),
            (4, "vòng lặp"),
        ],
    ),
}


@pytest.mark.parametrize("case", SPLIT_CONFLICTS)
def test_a_split_with_a_conflict_is_refused_with_every_conflict_and_nothing_written(
    tree, ward2, prov_admin, case
):
    rows, expected = SPLIT_CONFLICTS[case]
    before = state()
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=prov_admin)
    assert plan is None
    assert [line for line, _ in checked.conflicts] == [line for line, _ in expected]
    for (line, fragment), (_line, message) in zip(expected, checked.conflicts, strict=True):
        assert fragment in message, (line, message)
    assert state() == before


def test_a_failure_while_splitting_undoes_the_split_offs_and_the_moves(
    tree, three_cells, prov_admin, monkeypatch
):
    plan, _ = plans.plan_create(root=tree.prov, date=JULY, rows=ward_splits(), acting_user=prov_admin)
    before = (Unit.objects.count(), UnitEvent.objects.count(), UnitVersion.objects.count())

    def broken(**kw):
        raise ValidationError("hỏng giữa chừng")

    monkeypatch.setattr(plans, "unit_dissolve", broken)  # the ward's end, after both parts and the move
    with pytest.raises(ImportFailed) as err:
        plans.plan_apply(plan=plan, acting_user=prov_admin)
    assert err.value.row_errors == [(2, "hỏng giữa chừng")]
    assert (Unit.objects.count(), UnitEvent.objects.count(), UnitVersion.objects.count()) == before
    assert not Unit.objects.filter(name__in=[NORTH, SOUTH]).exists()
    assert Unit.objects.get(name="Chi bộ Tổ dân phố số 2").parent_unit() == tree.ward


def test_a_split_from_the_excel_sheet_and_from_the_on_screen_table(
    tree, three_cells, prov_admin, client, tmp_path
):
    client.force_login(prov_admin)
    url = reverse("orgs:plan_new", args=[tree.prov.pk])
    assert "Chia tách thành" in client.get(url).content.decode()  # offered in the table
    path = tmp_path / "tach.xlsx"
    path.write_bytes(
        sheet(
            [
                ["T-WARD", "Tách", NORTH, "Đảng ủy phường", ""],
                ["T-WARD", "tách", SOUTH, "Đảng ủy phường", "Tỉnh ủy An Hòa"],
                ["Chi bộ Tổ dân phố số 2", "chuyển", SOUTH, "", ""],
            ]
        ).getvalue()
    )
    with path.open("rb") as f:
        r = client.post(
            url, {"date": "2025-07-01", "file": f, "rows-TOTAL_FORMS": "0", "rows-INITIAL_FORMS": "0"}
        )
    assert r.status_code == 302
    preview = client.get(r["Location"]).content.decode()
    assert "Chia tách thành" in preview and "kế thừa: Đảng ủy phường Cẩm Thủy Bắc" in preview
    ReorgPlan.objects.all().delete()  # a draft only: nothing was applied

    data = {"date": "2025-07-01", "rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0"}
    for i, r_ in enumerate(ward_splits()):
        data.update({f"rows-{i}-{k}": r_[k] for k in ("unit", "target", "parent")})
        data[f"rows-{i}-op"] = r_["op"]
        data[f"rows-{i}-kind"] = UnitKind.WARD_COMMITTEE if r_["kind"] else ""
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:3000]
    client.post(reverse("orgs:plan_apply", args=[ReorgPlan.objects.get().pk]))
    assert Unit.objects.get(name="Chi bộ Tổ dân phố số 2").parent_unit() == Unit.objects.get(name=SOUTH)
    assert Unit.objects.get(pk=tree.ward.pk).valid_to == JULY
