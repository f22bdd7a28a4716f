"""Background work for rollouts: thin tasks that call services (run by `trienkhai worker`)."""

from __future__ import annotations

from django.tasks import task

from trienkhai.rollout import services


@task()
def send_reminders() -> int:
    return services.reminders_send()


@task()
def send_step_reminders(step_id: int) -> int:
    """One step's reminders: a retried or repeated run sends no notice twice (one per user and key)."""
    return services.reminders_send(step_ids=[step_id])


@task()
def open_due_periods() -> int:
    return services.rollout_open_due_periods()
