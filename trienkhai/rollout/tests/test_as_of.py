"""Issue 15.3: a rollout's coverage as of a date shows the structure, names and figures of that
day, and a later reorganisation leaves the past as it was.

The rollout (conftest): the province's, to ward committees and chi bộ; in scope the ward, its four
chi bộ and the sibling city's one chi bộ — six units, written from the tree, not from the code.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import plans
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import StepTally
from trienkhai.rollout.selectors import coverage_as_of
from trienkhai.rollout.services import step_record_submit

pytestmark = pytest.mark.django_db
AUG_11 = dt.date(2022, 8, 11)


@pytest.fixture
def recorded(rollout, cells):
    plan = rollout.steps.get(kind=StepKind.PLAN)
    step_record_submit(
        step=plan, unit=cells[0], done_on=dt.date(2022, 1, 20), plan_code="01-KH/CB", acting_user=SYSTEM
    )
    step_record_submit(
        step=plan, unit=cells[4], done_on=dt.date(2022, 1, 25), plan_code="02-KH/CB", acting_user=SYSTEM
    )
    step_record_submit(
        step=plan, unit=cells[1], done_on=dt.date(2022, 8, 20), plan_code="03-KH/CB", acting_user=SYSTEM
    )
    return plan


def picture(cov):
    """What the page shows, as plain values."""
    return (
        cov.unit_name,
        [(c.done, c.in_scope) for c in cov.totals],
        [(r.name, [(c.done, c.in_scope) for c in r.cells]) for r in cov.rows],
    )


def test_coverage_as_of_a_day_counts_that_days_tree_and_records(tree, rollout, recorded):
    cov = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=AUG_11)
    # plan: cells 1 and "Cơ quan" had recorded by 11/8 (cell 2 only on 20/8); nobody else.
    assert picture(cov) == (
        "Tỉnh ủy An Hòa",
        [(2, 6), (0, 6), (0, 6)],
        [("Thành ủy Đông Sơn", [(1, 1), (0, 1), (0, 1)]), ("Thị ủy Bình Yên", [(1, 5), (0, 5), (0, 5)])],
    )
    before_launch = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=dt.date(2021, 12, 1))
    assert not before_launch.launched and [c.in_scope for c in before_launch.totals] == [0, 0, 0]


def test_a_later_reorganisation_leaves_the_past_as_it_was(tree, rollout, recorded):
    past = picture(coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=AUG_11))
    tallies = sorted(
        StepTally.objects.filter(step=recorded).values_list("unit_id", "in_scope", "done_on_time")
    )
    admin = make_user("provadmin", tree.prov, "admin")
    rows = [
        {
            "line": 2,
            "unit": "T-WARD",
            "op": "gộp",
            "target": "Đảng ủy phường Mới",
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {"line": 3, "unit": "T-CITY", "op": "giải thể"},
    ]
    plan, checked = plans.plan_create(root=tree.prov, date=dt.date(2025, 7, 1), rows=rows, acting_user=admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=admin)
    assert picture(coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=AUG_11)) == past
    # Today the four chi bộ stand under the new ward, named as it is named today.
    today = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=dt.date(2025, 7, 2))
    names = [r.name for r in today.rows]
    assert "Đảng ủy phường Mới" in names and "Thị ủy Bình Yên" not in names
    # Looking at the past wrote nothing: today's tallies of the plan step are what they were
    # after the plan (the recount of the tree change), not touched by the as-of reads.
    after_plan = sorted(
        StepTally.objects.filter(step=recorded).values_list("unit_id", "in_scope", "done_on_time")
    )
    coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=AUG_11)
    assert (
        sorted(StepTally.objects.filter(step=recorded).values_list("unit_id", "in_scope", "done_on_time"))
        == after_plan
    )
    assert tallies  # the tallies existed before the plan too


def test_a_viewer_sees_only_their_subtree_as_of(tree, rollout, recorded, personas):
    cov = coverage_as_of(viewer=personas.own, rollout=rollout, unit=tree.city, date=AUG_11)
    assert picture(cov)[0] == "Thị ủy Bình Yên" and [c.in_scope for c in cov.totals] == [5, 5, 5]
    with pytest.raises(Http404):
        coverage_as_of(viewer=personas.own, rollout=rollout, unit=tree.sibling, date=AUG_11)


def test_the_as_of_page_and_api(tree, rollout, recorded, personas, client):
    client.force_login(personas.parent)
    url = reverse("rollout:as_of", args=[rollout.pk])
    assert client.get(url).status_code == 200  # the form, nothing asked yet
    page = client.get(url, {"date": "2022-08-11", "unit": tree.prov.pk}).content.decode()
    assert 'id="as-of-coverage"' in page and "Thị ủy Bình Yên" in page and "11/08/2022" in page
    assert client.get(url, {"date": "không phải ngày"}).status_code == 400
    r = client.get(f"/api/v1/rollouts/{rollout.pk}/coverage/as-of", {"date": "2022-08-11"})
    assert r.status_code == 200
    body = r.json()
    assert [(s["done"], s["in_scope"]) for s in body["steps"]] == [(2, 6), (0, 6), (0, 6)]
    client.force_login(personas.other)
    assert client.get(url, {"date": "2022-08-11"}).status_code == 404
    assert (
        client.get(f"/api/v1/rollouts/{rollout.pk}/coverage/as-of", {"date": "2022-08-11"}).status_code == 404
    )
