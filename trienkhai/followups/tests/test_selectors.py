from __future__ import annotations

import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.core.status import TaskState
from trienkhai.followups.selectors import followup_search, followup_state_counts
from trienkhai.followups.services import followup_complete, followup_create


@pytest.mark.parametrize(
    "who,sees", [("own", True), ("child", True), ("parent", True), ("sibling", False), ("other", False)]
)
def test_visibility(task, personas, who, sees):
    # Owed by the ward, set by the city: the ward, the city and the province see it.
    assert followup_search(viewer=getattr(personas, who)).filter(pk=task.pk).exists() is sees


def test_cell_below_the_owing_unit_does_not_see(tree, task):
    from conftest import make_user

    assert not followup_search(viewer=make_user("cell", tree.cell)).exists()


def test_states_in_sql_match_python(tree, personas):
    def mk(t, due):
        return followup_create(unit=tree.ward, assigned_by=tree.city, title=t, due_on=due, acting_user=SYSTEM)

    a = mk("a", dt.date(2020, 1, 1))
    mk("b", dt.date(2020, 1, 1))
    c = mk("c", dt.date(2999, 1, 1))
    followup_complete(followup=a, done_on=dt.date(2019, 12, 1), result_note="x", acting_user=SYSTEM)
    followup_complete(followup=c, done_on=dt.date(2020, 1, 5), result_note="x", acting_user=SYSTEM)
    mk("d", dt.date(2999, 1, 1))
    qs = followup_search(viewer=personas.own)
    assert {x.title: x.state_db for x in qs} == {x.title: x.state for x in qs}
    counts = followup_state_counts(queryset=qs)
    assert (counts.done_on_time, counts.done_late, counts.open, counts.overdue, counts.total) == (
        2,
        0,
        1,
        1,
        4,
    )
    assert [x.title for x in followup_search(viewer=personas.own, state=TaskState.OVERDUE)] == ["b"]


def test_search_ignores_diacritics_and_filters_unit(task, tree, personas):
    assert list(followup_search(viewer=personas.own, q="quan triet nghi quyet")) == [task]
    assert list(followup_search(viewer=personas.own, unit=tree.city)) == []
    assert list(followup_search(viewer=personas.own, unit=tree.city, include_below=True)) == [task]
    assert list(followup_search(viewer=personas.own, source="other")) == [task]
    assert list(followup_search(viewer=personas.own, source="meeting")) == []
