"""Background work for rollouts: thin tasks that call services (run by `trienkhai worker`)."""

from __future__ import annotations

from django.tasks import task

from trienkhai.core.notify import MailNotSent, task_retry_later
from trienkhai.rollout import services


@task()
def send_reminders(attempt: int = 0) -> int:
    # A mail server that is down fails the task (it shows as failed) and queues it again
    # with back-off; the notices are already stored, the retry only sends what is owed.
    try:
        return services.reminders_send()
    except MailNotSent:
        task_retry_later(send_reminders, attempt=attempt)
        raise


@task()
def send_step_reminders(step_id: int) -> int:
    """One step's reminders: a retried or repeated run sends no notice twice (one per user and key)."""
    return services.reminders_send(step_ids=[step_id])


@task()
def open_due_periods() -> int:
    return services.rollout_open_due_periods()
