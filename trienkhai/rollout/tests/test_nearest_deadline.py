"""The dashboard's "hạn gần nhất" is the nearest unmet deadline, not the latest (issue 13, point 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from trienkhai.rollout.selectors import dashboard

pytestmark = pytest.mark.django_db

# The fixture's rollout: plan due 1/2/2022, conference 1/3/2022, dissemination 30/9/2022; no records.


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2022, 1, 20), dt.date(2022, 2, 1)),  # all three ahead: the plan's is nearest
        (dt.date(2022, 2, 15), dt.date(2022, 3, 1)),  # plan overdue, conference next
        (dt.date(2022, 5, 1), dt.date(2022, 9, 30)),
        (dt.date(2022, 12, 1), dt.date(2022, 9, 30)),  # all passed: the one that passed last
    ],
)
def test_nearest_unmet_deadline(rollout, personas, tree, today, expected):
    rows = [
        r
        for r in dashboard(viewer=personas.superuser, unit=tree.prov, today=today)
        if r.rollout.pk == rollout.pk
    ]
    assert [r.next_due for r in rows] == [expected]
