"""Issue 15.2: a running rollout whose owner is dissolved with a successor passes to it, and its
scope follows the units that were in scope — not the successor's whole subtree.

The world (written here, every count below read off it by hand)::

    Tỉnh ủy An Hòa (province)
    ├── Thị ủy Bình Yên (city, owner of the rollout)
    │   ├── Đảng ủy phường Cẩm Thủy (ward A): Chi bộ A1, A2, A3
    │   └── Đảng ủy phường Ba Hàng (ward B):  Chi bộ B1, B2, B3
    └── Thành ủy Đông Sơn (sibling city): Đảng ủy phường Đông Sơn (ward S): Chi bộ S1, S2

The city's rollout (from 1/3/2025) reaches its ward committees and chi bộ: 2 wards + 6 chi bộ = 8.
Steps: plan (due 1/4/2025), conference (due 30/9/2025). Before the change: A1, B1 and ward A
record the plan. On 1/7/2025 the province's plan merges ward A into a new "Đảng ủy phường Hòa
Bình" and ward B into a new "Đảng ủy phường Tân Lập", both directly under the province (their chi
bộ move with them), and dissolves the city naming the province its successor. After it: A2 and
the new ward Hòa Bình record the conference; a new chi bộ A4 is set up under Hòa Bình (1/9/2025).

Today, by hand:
- plan: the 9 units existing in scope (Hòa Bình, Tân Lập, A1–A4, B1–B3) and ward A, ended but
  recorded = 10; done A1, B1, ward A = 3.
- conference: the 9; done A2 and Hòa Bình = 2.
- The sibling city's ward S and its chi bộ stay out (the province's subtree does not join).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_user
from tests.builders import RolloutFactory, UnitFactory
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import plans
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create, unit_merge
from trienkhai.rollout.choices import RolloutStatus, StepKind
from trienkhai.rollout.models import Rollout, RolloutHandover, StepTally
from trienkhai.rollout.selectors import coverage_as_of, coverage_for
from trienkhai.rollout.services import rebuild_for_unit, step_record_submit, tally_rebuild

from .conftest import tally_snapshot

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)
JUNE_30 = dt.date(2025, 6, 30)


@pytest.fixture
def world(tree):
    ward_a = tree.ward
    cells_a = [tree.cell] + [UnitFactory(parent=ward_a, name=f"Chi bộ A{n}") for n in (2, 3)]
    ward_b = unit_create(
        parent=tree.city,
        name="Đảng ủy phường Ba Hàng",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD2",
        acting_user=SYSTEM,
    )
    cells_b = [UnitFactory(parent=ward_b, name=f"Chi bộ B{n}") for n in (1, 2, 3)]
    ward_s = unit_create(
        parent=tree.sibling, name="Đảng ủy phường Đông Sơn", kind=UnitKind.WARD_COMMITTEE, acting_user=SYSTEM
    )
    cells_s = [UnitFactory(parent=ward_s, name=f"Chi bộ S{n}") for n in (1, 2)]
    rollout = RolloutFactory(
        owner_unit=tree.city,
        starts_on=dt.date(2025, 3, 1),
        steps=[
            {"kind": StepKind.PLAN, "due": dt.date(2025, 4, 1)},
            {"kind": StepKind.CONFERENCE, "due": dt.date(2025, 9, 30)},
        ],
    )
    plan = rollout.steps.get(kind=StepKind.PLAN)
    conference = rollout.steps.get(kind=StepKind.CONFERENCE)
    for unit, day in ((cells_a[0], 20), (cells_b[0], 25), (ward_a, 28)):
        step_record_submit(
            step=plan, unit=unit, done_on=dt.date(2025, 3, day), plan_code=f"{day}-KH/CB", acting_user=SYSTEM
        )
    return SimpleNamespace(
        tree=tree,
        rollout=rollout,
        plan=plan,
        conference=conference,
        ward_a=ward_a,
        ward_b=ward_b,
        cells_a=cells_a,
        cells_b=cells_b,
        ward_s=ward_s,
        cells_s=cells_s,
        admin=make_user("provadmin", tree.prov, "admin"),
    )


def apply_the_plan(w) -> None:
    rows = [
        {
            "line": 2,
            "unit": "T-WARD",
            "op": "gộp",
            "target": "Đảng ủy phường Hòa Bình",
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {
            "line": 3,
            "unit": "T-WARD2",
            "op": "gộp",
            "target": "Đảng ủy phường Tân Lập",
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {"line": 4, "unit": "T-CITY", "op": "giải thể", "target": "T-PROV"},
    ]
    plan, checked = plans.plan_create(root=w.tree.prov, date=JULY, rows=rows, acting_user=w.admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=w.admin)
    w.hoa_binh = Unit.objects.get(name="Đảng ủy phường Hòa Bình")
    w.tan_lap = Unit.objects.get(name="Đảng ủy phường Tân Lập")


def after_the_change(w) -> None:
    """The conference by A2 and the new ward Hòa Bình; a new chi bộ A4 under Hòa Bình."""
    for unit, day in ((w.cells_a[1], dt.date(2025, 8, 10)), (w.hoa_binh, dt.date(2025, 8, 15))):
        step_record_submit(
            step=w.conference,
            unit=Unit.objects.get(pk=unit.pk),
            done_on=day,
            form="truc_tiep",
            members_present=18,
            members_on_roll=20,
            acting_user=SYSTEM,
        )
    w.a4 = unit_create(
        parent=w.hoa_binh,
        name="Chi bộ A4",
        kind=UnitKind.PARTY_CELL,
        valid_from=dt.date(2025, 9, 1),
        acting_user=SYSTEM,
    )


def counts(rollout, unit, viewer=SYSTEM):
    cov = coverage_for(rollout=Rollout.objects.get(pk=rollout.pk), unit=unit, viewer=viewer)
    return [(s.done, s.in_scope) for s in cov.steps]


def picture(cov):
    return (
        cov.unit_name,
        [(c.done, c.in_scope) for c in cov.totals],
        [(r.name, [(c.done, c.in_scope) for c in r.cells]) for r in cov.rows],
    )


def test_the_rollout_passes_to_the_successor_with_the_scope_it_had(world):
    w = world
    assert counts(w.rollout, w.tree.city) == [(3, 8), (0, 8)]
    past = picture(coverage_as_of(viewer=SYSTEM, rollout=w.rollout, unit=w.tree.city, date=JUNE_30))
    assert past == (
        "Thị ủy Bình Yên",
        [(3, 8), (0, 8)],
        [
            ("Đảng ủy phường Ba Hàng", [(1, 4), (0, 4)]),  # B1 of ward B + 3 chi bộ
            ("Đảng ủy phường Cẩm Thủy", [(2, 4), (0, 4)]),  # A1 and the ward itself
        ],
    )
    apply_the_plan(w)
    after_the_change(w)
    rollout = Rollout.objects.get(pk=w.rollout.pk)
    assert rollout.owner_unit_id == w.tree.prov.pk and rollout.status == RolloutStatus.ACTIVE
    handover = RolloutHandover.objects.get(rollout=rollout)
    assert (handover.from_unit_id, handover.to_unit_id, handover.date) == (
        w.tree.city.pk,
        w.tree.prov.pk,
        JULY,
    )
    # Today's tallies, at the province and each row of its coverage table.
    assert counts(rollout, w.tree.prov) == [(3, 10), (2, 9)]
    cov = coverage_for(rollout=rollout, unit=Unit.objects.get(pk=w.tree.prov.pk), viewer=SYSTEM)
    rows = {c.unit.name: [(s.done, s.in_scope) for s in c.steps] for c in cov.children}
    assert rows == {
        "Đảng ủy phường Hòa Bình": [(1, 5), (2, 5)],  # itself, A1–A4
        "Đảng ủy phường Tân Lập": [(1, 4), (0, 4)],  # itself, B1–B3
        "Thị ủy Bình Yên": [(1, 1), (0, 0)],  # ward A, ended, for the plan it recorded
    }
    # The sibling city's ward and chi bộ owe nothing and cannot record.
    assert not StepTally.objects.filter(step=w.conference, unit__in=[w.ward_s, *w.cells_s]).exists()
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        step_record_submit(
            step=w.conference,
            unit=w.cells_s[0],
            done_on=dt.date(2025, 8, 1),
            form="truc_tiep",
            members_present=1,
            members_on_roll=2,
            acting_user=SYSTEM,
        )
    # The past reads as it did before the plan; after the change, the successors and ward A.
    assert picture(coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=w.tree.city, date=JUNE_30)) == past
    now = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=w.tree.prov, date=dt.date(2025, 10, 1))
    assert picture(now) == (
        "Tỉnh ủy An Hòa",
        [(3, 10), (2, 9)],  # as today's tallies
        [
            ("Đảng ủy phường Hòa Bình", [(1, 5), (2, 5)]),
            ("Đảng ủy phường Tân Lập", [(1, 4), (0, 4)]),
            ("Thị ủy Bình Yên", [(1, 1), (0, 0)]),
        ],
    )
    assert [(s.olds, s.new) for s in now.successions] == [
        (["Đảng ủy phường Cẩm Thủy"], "Đảng ủy phường Hòa Bình"),
        (["Đảng ủy phường Ba Hàng"], "Đảng ủy phường Tân Lập"),
    ]


def test_recounting_changes_nothing(world):
    w = world
    apply_the_plan(w)
    after_the_change(w)
    kept = [tally_snapshot(s) for s in (w.plan, w.conference)]
    for step in (w.plan, w.conference):
        tally_rebuild(step=step)
    assert [tally_snapshot(s) for s in (w.plan, w.conference)] == kept
    rebuild_for_unit(Unit.objects.get(pk=w.tree.prov.pk))
    rebuild_for_unit(Unit.objects.get(pk=w.cells_s[0].pk))
    assert [tally_snapshot(s) for s in (w.plan, w.conference)] == kept


def test_a_root_that_ends_later_passes_to_its_heir(world):
    """Tân Lập merges into Hòa Bình on 1/2/2026: B1–B3 go with it, the scope is Hòa Bình's
    subtree (itself, A1–A4, B1–B3 = 8) and ward A for its plan (9); still not the sibling."""
    w = world
    apply_the_plan(w)
    after_the_change(w)
    unit_merge(
        sources=[Unit.objects.get(pk=w.tan_lap.pk)],
        target=Unit.objects.get(pk=w.hoa_binh.pk),
        date=dt.date(2026, 2, 1),
        acting_user=w.admin,
    )
    assert counts(w.rollout, w.tree.prov) == [(3, 9), (2, 8)]
    # As of 1/10/2025 nothing has changed.
    cov = coverage_as_of(viewer=SYSTEM, rollout=w.rollout, unit=w.tree.prov, date=dt.date(2025, 10, 1))
    assert [(c.done, c.in_scope) for c in cov.totals] == [(3, 10), (2, 9)]


def test_the_pages_the_new_ward_the_province_and_another_province(world, client):
    w = world
    detail = reverse("rollout:detail", args=[w.rollout.pk])
    as_of = reverse("rollout:as_of", args=[w.rollout.pk])
    client.force_login(w.admin)

    def section(html: str) -> str:
        return re.search(r'<section class="card" id="as-of-coverage">.*?</section>', html, re.S).group(0)

    past = section(client.get(as_of, {"date": "2025-06-30"}).content.decode())
    assert "Thị ủy Bình Yên" in past and "Đảng ủy phường Cẩm Thủy" in past
    apply_the_plan(w)
    after_the_change(w)
    page = client.get(detail, {"unit": w.tree.prov.pk}).content.decode()
    assert "Chuyển từ Thị ủy Bình Yên (đến 30/06/2025)" in page
    assert "3/10 (30,0%)" in page and "2/9 (22,2%)" in page
    # The default unit as of a day before the change is the owner of that day: the same section.
    assert section(client.get(as_of, {"date": "2025-06-30"}).content.decode()) == past
    # The Word report of today counts as the page, and says where the rollout came from.
    lines = report_text(client, w.rollout, w.tree.prov)
    assert "Đợt triển khai do Thị ủy Bình Yên chỉ đạo đến ngày 30/06/2025" in "\n".join(lines)
    table = [
        "1",
        "Thị ủy Bình Yên",
        "1/1",
        "0/0",
        "2",
        "Đảng ủy phường Hòa Bình",
        "1/5",
        "2/5",
        "3",
        "Đảng ủy phường Tân Lập",
        "1/4",
        "0/4",
        "",
        "Tổng cộng",
        "3/10 (30%)",
        "2/9 (22,2%)",
    ]
    start = lines.index("Thị ủy Bình Yên") - 1
    assert lines[start : start + len(table)] == table
    # The successor's administrator manages it: they may close it.
    assert client.post(reverse("rollout:close", args=[w.rollout.pk])).status_code == 302
    assert Rollout.objects.get(pk=w.rollout.pk).status == RolloutStatus.CLOSED

    ward_user = make_user("hoabinh", Unit.objects.get(pk=w.hoa_binh.pk), "editor")
    client.force_login(ward_user)
    page = client.get(detail).content.decode()  # starts at their own ward
    assert "1/5 (20,0%)" in page and "2/5 (40,0%)" in page
    assert client.get(f"/api/v1/rollouts/{w.rollout.pk}").status_code == 200

    client.force_login(make_user("phulam", w.tree.other, "admin"))
    assert client.get(detail).status_code == 404
    assert client.get(as_of, {"date": "2025-06-30"}).status_code == 404
    assert client.get(f"/api/v1/rollouts/{w.rollout.pk}").status_code == 404


def test_the_api(world, client):
    w = world
    client.force_login(w.admin)
    before = client.get(f"/api/v1/rollouts/{w.rollout.pk}/coverage/as-of", {"date": "2025-06-30"}).json()
    apply_the_plan(w)
    after_the_change(w)
    body = client.get(f"/api/v1/rollouts/{w.rollout.pk}").json()
    assert body["owner_unit_id"] == w.tree.prov.pk
    assert [h["from_unit_id"] for h in body["handovers"]] == [w.tree.city.pk]
    cov = client.get(f"/api/v1/rollouts/{w.rollout.pk}/coverage").json()
    assert [(s["done_on_time"] + s["done_late"], s["in_scope"]) for s in cov["steps"]] == [(3, 10), (2, 9)]
    after = client.get(f"/api/v1/rollouts/{w.rollout.pk}/coverage/as-of", {"date": "2025-06-30"}).json()
    assert after == before and before["unit_id"] == w.tree.city.pk
    assert [(s["done"], s["in_scope"]) for s in before["steps"]] == [(3, 8), (0, 8)]


def test_the_plan_preview_lists_the_rollout(world):
    w = world
    rows = [{"line": 2, "unit": "T-CITY", "op": "giải thể", "target": "T-PROV"}]
    _, checked = plans.plan_create(root=w.tree.prov, date=JULY, rows=rows, acting_user=w.admin)
    work = dict(plans.open_work(checked.units()))
    assert work["đợt triển khai đang chạy do các đơn vị này chủ trì (chuyển cho đơn vị kế thừa)"] == 1


def report_text(client, rollout, unit, **params):
    import docx

    r = client.get(reverse("rollout:report", args=[rollout.pk]), {"unit": unit.pk, **params})
    assert r.status_code == 200, r.content[:200]
    d = docx.Document(io.BytesIO(r.content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return [p.text for p in d.paragraphs] + cells


def test_a_chi_bo_only_rollout_takes_in_a_chi_bo_set_up_later_under_the_new_ward(world):
    """Scope of chi bộ only: the roots open at the new wards (which owe nothing themselves), so
    A4, set up under Hòa Bình on 1/9/2025, owes the rollout as A1–A3 and B1–B3 do."""
    w = world
    cells = RolloutFactory(
        owner_unit=w.tree.city,
        starts_on=dt.date(2025, 3, 1),
        scope_kinds=[UnitKind.PARTY_CELL],
        steps=[
            {"kind": StepKind.PLAN, "due": dt.date(2025, 4, 1)},
            {"kind": StepKind.CONFERENCE, "due": dt.date(2025, 9, 30)},
        ],
    )
    plan = cells.steps.get(kind=StepKind.PLAN)
    conference = cells.steps.get(kind=StepKind.CONFERENCE)
    for unit, day in ((w.cells_a[0], 20), (w.cells_b[0], 25)):
        step_record_submit(
            step=plan, unit=unit, done_on=dt.date(2025, 3, day), plan_code=f"{day}-KH/CB", acting_user=SYSTEM
        )
    assert counts(cells, w.tree.city) == [(2, 6), (0, 6)]  # A1–A3, B1–B3
    apply_the_plan(w)
    after_the_change(w)
    step_record_submit(
        step=conference,
        unit=Unit.objects.get(pk=w.cells_a[1].pk),
        done_on=dt.date(2025, 8, 10),
        form="truc_tiep",
        members_present=18,
        members_on_roll=20,
        acting_user=SYSTEM,
    )
    # A1–A4 and B1–B3; the wards are not chi bộ and owe nothing.
    assert counts(cells, w.tree.prov) == [(2, 7), (1, 7)]
    step_record_submit(
        step=conference,
        unit=Unit.objects.get(pk=w.a4.pk),
        done_on=dt.date(2025, 9, 10),
        form="truc_tiep",
        members_present=9,
        members_on_roll=10,
        acting_user=SYSTEM,
    )
    assert counts(cells, w.tree.prov) == [(2, 7), (2, 7)]
