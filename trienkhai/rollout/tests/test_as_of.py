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


JULY = dt.date(2025, 7, 1)


def merge_ward_2025(tree):
    """The ward merges into a new ward under the province on 1/7/2025; the city ends."""
    admin = make_user("provadmin2", tree.prov, "admin")
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
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=admin)


def test_a_rollout_launched_before_the_change_counts_old_units_then_successors(
    tree, rollout, recorded, client
):
    """Issue 15.2: the ward recorded its plan in 2022 and ended on 1/7/2025. From the change on
    the coverage counts the new ward, and keeps the old ward for what it did up to the change:
    in scope as of 2/7/2025 are the new ward, the old ward, the four chi bộ and "Cơ quan" (7);
    done: the old ward, cells 1 and 2 and "Cơ quan" (4). As of 30/6/2025 nothing has changed:
    the ward, its four cells and "Cơ quan" (6), 4 done."""
    step_record_submit(
        step=recorded, unit=tree.ward, done_on=dt.date(2022, 1, 28), plan_code="04-KH/ĐU", acting_user=SYSTEM
    )
    merge_ward_2025(tree)
    before = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=dt.date(2025, 6, 30))
    assert picture(before)[1][0] == (4, 6) and before.successions == []
    after = coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=tree.prov, date=dt.date(2025, 7, 2))
    assert picture(after) == (
        "Tỉnh ủy An Hòa",
        # The old ward is in scope of the plan only: the step it recorded before it ended.
        [(4, 7), (0, 6), (0, 6)],
        [
            ("Đảng ủy phường Mới", [(2, 5), (0, 5), (0, 5)]),
            ("Thành ủy Đông Sơn", [(1, 1), (0, 1), (0, 1)]),
            # The old ward's branch on its last day, gone since: under its name of that day.
            ("Thị ủy Bình Yên", [(1, 1), (0, 0), (0, 0)]),
        ],
    )
    assert [(s.date, s.olds, s.new) for s in after.successions] == [
        (JULY, ["Đảng ủy phường Cẩm Thủy"], "Đảng ủy phường Mới")
    ]
    # Today's tallies count the same units (the old ward kept for the step it recorded).
    conference = rollout.steps.get(kind=StepKind.CONFERENCE)
    assert StepTally.objects.get(step=recorded, unit=tree.prov).in_scope == 7
    assert StepTally.objects.get(step=conference, unit=tree.prov).in_scope == 6
    note = "Từ 1/7/2025 tính theo đơn vị kế tiếp: Đảng ủy phường Cẩm Thủy → Đảng ủy phường Mới"
    client.force_login(make_user("provviewer", tree.prov, "viewer"))
    page = client.get(reverse("rollout:detail", args=[rollout.pk]), {"unit": tree.prov.pk}).content.decode()
    assert note in page
    as_of = client.get(
        reverse("rollout:as_of", args=[rollout.pk]), {"date": "2025-07-02", "unit": tree.prov.pk}
    ).content.decode()
    assert note in as_of
    old = client.get(
        reverse("rollout:as_of", args=[rollout.pk]), {"date": "2025-06-30", "unit": tree.prov.pk}
    ).content.decode()
    assert "đơn vị kế tiếp" not in old


def report_text(client, rollout, unit, **params):
    import io

    import docx

    r = client.get(reverse("rollout:report", args=[rollout.pk]), {"unit": unit.pk, **params})
    assert r.status_code == 200, r.content[:200]
    d = docx.Document(io.BytesIO(r.content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return [p.text for p in d.paragraphs] + cells


def test_the_word_report_as_of_a_day_is_that_days_and_stays_so(tree, rollout, recorded, client):
    """Issue 15.3: the report as of 11/8/2022 names the city and its two recorded cells of that
    day; it reads the same after the 2025 plan; today's report is not changed by reading the past."""
    client.force_login(make_user("provviewer", tree.prov, "viewer"))
    past = report_text(client, rollout, tree.prov, as_of="2022-08-11")
    text = "\n".join(past)
    assert "tính đến ngày 11/08/2022" in text and "Thị ủy Bình Yên" in text
    assert "2/6 đơn vị đã thực hiện" in text  # plan: cell 1 and "Cơ quan" by 11/8 (from the tree)
    today_before = report_text(client, rollout, tree.prov)
    report_text(client, rollout, tree.prov, as_of="2022-08-11")
    assert report_text(client, rollout, tree.prov) == today_before
    merge_ward_2025(tree)
    assert report_text(client, rollout, tree.prov, as_of="2022-08-11") == past
    after = "\n".join(report_text(client, rollout, tree.prov, as_of="2025-07-02"))
    assert "Đảng ủy phường Mới" in after and "tính theo đơn vị kế tiếp" in after
    bad = client.get(reverse("rollout:report", args=[rollout.pk]), {"unit": tree.prov.pk, "as_of": "31/02/x"})
    assert bad.status_code == 400 and "Ngày xem không hợp lệ" in bad.content.decode()
