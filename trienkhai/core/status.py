"""The four states government task tracking uses, for anything with a deadline.

A (unit, step) of a rollout, a follow-up task, a proposal awaiting an answer:
done on time, done late, open within its deadline, or overdue. Computed, never
stored, so it cannot go stale; :func:`state_case` does the same in SQL for
roll-ups.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _


class TaskState(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN = "open", _("Đang thực hiện, trong hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa hoàn thành")


def state_of(*, done_on: dt.date | None, due: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return TaskState.DONE_LATE if due is not None and done_on > due else TaskState.DONE_ON_TIME
    if due is not None and today > due:
        return TaskState.OVERDUE
    return TaskState.OPEN


def state_case(*, done_field: str, due_field: str, today: dt.date) -> Case:
    """SQL expression giving the same answer as :func:`state_of` for each row."""
    return Case(
        When(
            Q(**{f"{done_field}__isnull": False}) & Q(**{f"{done_field}__gt": models.F(due_field)}),
            then=Value(TaskState.DONE_LATE),
        ),
        When(Q(**{f"{done_field}__isnull": False}), then=Value(TaskState.DONE_ON_TIME)),
        When(Q(**{f"{due_field}__lt": today}), then=Value(TaskState.OVERDUE)),
        default=Value(TaskState.OPEN),
        output_field=models.CharField(),
    )
