"""A rollout's periods: their bounds and labels, and opening each one with its steps."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log
from trienkhai.rollout.choices import Recurrence, RolloutStatus
from trienkhai.rollout.models import Rollout, RolloutPeriod, Step
from trienkhai.rollout.services.tallies import bump, tally_rebuild

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_bounds(recurrence: str, starts_on: dt.date, index: int) -> tuple[dt.date, dt.date | None, str]:
    """Start, end and label of the ``index``-th period of a rollout (the label is stored, so
    it is written in Vietnamese whatever the language of the person launching)."""
    from django.utils import translation

    with translation.override("vi"):
        return _period_bounds(recurrence, starts_on, index)


def _period_bounds(recurrence: str, starts_on: dt.date, index: int) -> tuple[dt.date, dt.date | None, str]:
    if recurrence == Recurrence.QUARTERLY:
        q0 = (starts_on.month - 1) // 3
        q = q0 + index
        year, quarter = starts_on.year + q // 4, q % 4 + 1
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        nxt = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return start, nxt - dt.timedelta(days=1), _("Quý %(q)s/%(y)s") % {"q": ROMAN[quarter], "y": year}
    if recurrence == Recurrence.YEARLY:
        year = starts_on.year + index
        return dt.date(year, 1, 1), dt.date(year, 12, 31), _("Năm %(y)s") % {"y": year}
    return starts_on, None, ""


def _open_period(rollout: Rollout, index: int) -> RolloutPeriod:
    start, end, label = period_bounds(rollout.recurrence, rollout.starts_on, index)
    if index == 0 and rollout.recurrence == Recurrence.NONE:
        end = rollout.ends_on
    period = RolloutPeriod.objects.create(
        rollout=rollout, index=index, label=label, starts_on=start, ends_on=end
    )
    bump(rollout.pk)  # pages and the periods list are cached under the version
    base = rollout.starts_on if index == 0 else start
    for order, spec in enumerate(rollout.step_specs):
        step = Step.objects.create(
            rollout=rollout,
            period=period,
            kind=spec["kind"],
            title=spec["title"],
            due=base + dt.timedelta(days=spec["offset_days"]),
            order=order,
        )
        tally_rebuild(step=step)
    return period


def rollout_open_due_periods(*, today: dt.date | None = None) -> int:
    """Open the next period of every recurring rollout whose period has started. Idempotent."""
    today = today or timezone.localdate()
    opened = 0
    for rollout in Rollout.objects.filter(status=RolloutStatus.ACTIVE).exclude(recurrence=Recurrence.NONE):
        with transaction.atomic():
            locked = Rollout.objects.select_for_update().get(pk=rollout.pk)
            while True:
                last = locked.periods.order_by("-index").first()
                index = last.index + 1 if last else 0
                start, _end, label = period_bounds(locked.recurrence, locked.starts_on, index)
                if start > today or (locked.ends_on and start > locked.ends_on):
                    break
                _open_period(locked, index)
                audit_log(
                    actor=None,
                    action="rollout.open_period",
                    obj=locked,
                    unit=locked.owner_unit,
                    changes={"period": label},
                )
                opened += 1
    return opened
