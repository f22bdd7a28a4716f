"""Background work for rollouts: thin tasks that call services (run by `trienkhai worker`)."""

from __future__ import annotations

from django.tasks import task

from trienkhai.rollout import services


@task()
def send_reminders() -> int:
    return services.reminders_send()


@task()
def open_due_periods() -> int:
    return services.rollout_open_due_periods()
