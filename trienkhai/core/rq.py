"""Background tasks on Redis (``TRIENKHAI_TASKS_BACKEND=rq``): django-tasks-rq, made to lose nothing.

django-tasks-rq queues each ``django.tasks`` task as an RQ job. Two things are added here
(settings ``RQ``: the queue and worker classes; decisions/0063):

- every job carries a retry policy (``TASKS_RETRY_DELAYS``), so a task that raises — or whose
  worker died under it — runs again after a pause instead of landing in the failed registry;
- the worker notices a dead colleague within about a minute, not RQ's ten: a job's heartbeat
  lives ``TASKS_HEARTBEAT_SECONDS`` + ``TASKS_HEARTBEAT_GRACE`` and each worker looks for
  lapsed heartbeats every ``TASKS_MAINTENANCE_SECONDS``, also while its queue is empty.

A retried task runs a second time, so a task's effect must be idempotent: reminders are
(one notice per user and key, a unique constraint), escalations too (one per proposal and
level). RQ itself hands each job to one worker only (an atomic move between Redis lists).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from django_rq.queues import DjangoRQ
from rq import Worker as _Worker
from rq.job import Retry

__all__ = ["Queue", "Worker", "retry_policy"]


def retry_policy() -> Retry | None:
    delays = list(getattr(settings, "TASKS_RETRY_DELAYS", []))
    return Retry(max=len(delays), interval=delays) if delays else None


class Queue(DjangoRQ):
    """The project's queue: a job created without a retry policy gets the project's."""

    def create_job(self, *args: Any, **kwargs: Any):
        if kwargs.get("retry") is None:
            kwargs["retry"] = retry_policy()
        return super().create_job(*args, **kwargs)


class Worker(_Worker):
    """RQ's forking worker with the project's heartbeat and maintenance intervals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("job_monitoring_interval", settings.TASKS_HEARTBEAT_SECONDS)
        kwargs.setdefault("maintenance_interval", settings.TASKS_MAINTENANCE_SECONDS)
        super().__init__(*args, **kwargs)
        # Import every app's tasks (and the services they call) once, here: each work horse is
        # forked from this process, so otherwise every job would import them again.
        autodiscover_modules("tasks")

    @property
    def dequeue_timeout(self) -> int:
        # RQ blocks on an empty queue for its worker TTL (405 s) and looks for dead workers'
        # tasks only between waits: an idle worker would leave an abandoned task for minutes.
        return max(1, min(self.worker_ttl - 15, self.maintenance_interval))

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        # RQ adds a fixed 60 s to the interval; the grace is a setting here so a test (or a
        # deployment that wants faster take-over) can shorten it.
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - working_time, self.job_monitoring_interval)
        else:
            interval = self.job_monitoring_interval
        return int(interval) + settings.TASKS_HEARTBEAT_GRACE
