from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.core.status import TaskState
from trienkhai.followups.models import FollowUp
from trienkhai.followups.services import followup_complete, followup_create, followup_reopen


def test_create_writes_one_audit_event(tree, personas):
    f = followup_create(
        unit=tree.ward,
        assigned_by=tree.city,
        title="Việc",
        due_on=dt.date(2030, 1, 1),
        acting_user=personas.own,
    )
    assert AuditEvent.objects.filter(action="followup.create", object_id=str(f.pk)).count() == 1
    assert f.state == TaskState.OPEN


@pytest.mark.parametrize("who", ["sibling", "other", "parent", "child"])
def test_create_outside_change_scope_is_404(tree, personas, who):
    # parent is a viewer, child is below the assigning city.
    with pytest.raises(Http404):
        followup_create(
            unit=tree.ward,
            assigned_by=tree.city,
            title="Việc",
            due_on=dt.date(2030, 1, 1),
            acting_user=getattr(personas, who),
        ) if who != "child" else followup_create(
            unit=tree.city,
            assigned_by=tree.city,
            title="Việc",
            due_on=dt.date(2030, 1, 1),
            acting_user=personas.child,
        )
    assert not FollowUp.objects.exists()


def test_bad_input_writes_nothing(tree, personas):
    with pytest.raises(ValidationError) as err:
        followup_create(
            unit=tree.ward, assigned_by=tree.city, title="  ", due_on=dt.date(2030, 1, 1), acting_user=SYSTEM
        )
    assert "nội dung công việc" in str(err.value)
    with pytest.raises(ValidationError) as err:
        followup_create(
            unit=tree.sibling,
            assigned_by=tree.city,
            title="X",
            due_on=dt.date(2030, 1, 1),
            acting_user=SYSTEM,
        )
    assert "trực thuộc" in str(err.value)
    assert (
        not FollowUp.objects.exists()
        and not AuditEvent.objects.filter(refused=False, action__startswith="followup").exists()
    )


def test_complete_late_then_reopen(task, personas):
    followup_complete(
        followup=task, done_on=dt.date(2022, 7, 5), result_note="Đã tổ chức", acting_user=personas.child
    )
    task.refresh_from_db()
    assert task.state == TaskState.DONE_LATE
    with pytest.raises(ValidationError):
        followup_complete(
            followup=task, done_on=dt.date(2022, 7, 6), result_note="Lần 2", acting_user=personas.child
        )
    # Only the unit that set it may reopen: the ward cannot, the city can.
    with pytest.raises(Http404):
        followup_reopen(followup=task, reason="Chưa đủ", acting_user=personas.child)
    followup_reopen(followup=task, reason="Chưa đủ minh chứng", acting_user=personas.own)
    task.refresh_from_db()
    assert task.done_on is None and task.state == TaskState.OVERDUE
    assert (
        AuditEvent.objects.filter(
            refused=False, object_id=str(task.pk), object_type="followups.followup"
        ).count()
        == 3
    )


def test_complete_requires_result_and_no_future(task, personas):
    with pytest.raises(ValidationError) as err:
        followup_complete(
            followup=task, done_on=dt.date(2022, 6, 1), result_note=" ", acting_user=personas.child
        )
    assert "kết quả" in str(err.value)
    with pytest.raises(ValidationError):
        followup_complete(
            followup=task, done_on=dt.date(2999, 1, 1), result_note="X", acting_user=personas.child
        )
    task.refresh_from_db()
    assert task.done_on is None


def test_complete_by_sibling_is_404(task, personas):
    with pytest.raises(Http404):
        followup_complete(
            followup=task, done_on=dt.date(2022, 6, 1), result_note="X", acting_user=personas.sibling
        )
