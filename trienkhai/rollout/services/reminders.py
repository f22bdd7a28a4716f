"""Reminders to the units that owe a step due soon, or overdue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.models import Step, StepRecord
from trienkhai.rollout.services._common import _fmt
from trienkhai.rollout.services.tallies import units_in_scope

REMIND_DAYS_BEFORE = 3


def reminders_send(*, today: dt.date | None = None, step_ids: list[int] | None = None) -> int:
    """Notify the editors of units that owe a step due in ≤ 3 days, or overdue. Idempotent per day.

    ``step_ids`` limits the pass to those steps (one task per step spreads the work over workers).
    Returns the number of new notices. Then sends every owed notice e-mail, these and those
    a failed run left behind, and raises :class:`~trienkhai.core.notify.MailNotSent` when the
    mail server did not take them all, so that the task fails and is retried.
    """
    from django.urls import reverse

    from trienkhai.accounts.models import Role
    from trienkhai.core.notify import absolute_url, notice_mails_send, notify, subject_line

    today = today or timezone.localdate()
    sent = 0
    steps = Step.objects.filter(
        rollout__status=RolloutStatus.ACTIVE,
        period__starts_on__lte=today,
        due__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("rollout", "rollout__owner_unit")
    if step_ids is not None:
        steps = steps.filter(pk__in=step_ids)
    for step in steps:
        overdue = today > step.due
        done = StepRecord.objects.filter(step=step, is_current=True).values("unit_id")
        missing = (
            units_in_scope(rollout=step.rollout, step=step).filter(valid_to__isnull=True).exclude(pk__in=done)
        )
        roles = Role.objects.filter(
            unit__in=missing, role__in=("editor", "admin"), user__is_active=True
        ).select_related("user", "unit")
        for role in roles:
            if overdue:
                text = _("Quá hạn: %(unit)s chưa báo cáo “%(step)s” (%(r)s), hạn %(due)s.")
                # The date first: a mail client that shortens the subject still shows it.
                subject = _("[Triển khai] Quá hạn %(due)s: %(step)s")
                key = f"rollout-overdue:{step.pk}:{role.unit_id}:{today.isoformat()}"
            else:
                text = _("Sắp đến hạn %(due)s: %(unit)s cần báo cáo “%(step)s” (%(r)s).")
                subject = _("[Triển khai] Hạn %(due)s: %(step)s")
                key = f"rollout-due:{step.pk}:{role.unit_id}"
            values = {
                "unit": role.unit.name,
                "step": step.title,
                "r": step.rollout.title,
                "due": _fmt(step.due),
            }
            message = text % values
            url = reverse("rollout:record", args=[step.pk, role.unit_id])
            body = "\n\n".join(
                [
                    message,
                    _("Đơn vị yêu cầu: %(owner)s") % {"owner": step.rollout.owner_unit.name},
                    _("Báo cáo tại: %(link)s") % {"link": absolute_url(url)},
                ]
            )
            if notify(
                user=role.user,
                key=key,
                text=message,
                url=url,
                email_subject=subject_line(subject % values),
                email_body=body,
                send_now=False,
            ):
                sent += 1
    notice_mails_send()
    return sent
