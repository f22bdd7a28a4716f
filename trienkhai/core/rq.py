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

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import autodiscover_modules
from django_rq.queues import DjangoRQ
from rq import SimpleWorker as _SimpleWorker
from rq import Worker as _Worker
from rq.job import Job, Retry
from rq.worker import WorkerStatus

__all__ = ["Queue", "SimpleWorker", "Worker", "retry_policy"]

log = logging.getLogger(__name__)


def retry_policy() -> Retry | None:
    delays = list(getattr(settings, "TASKS_RETRY_DELAYS", []))
    return Retry(max=len(delays), interval=delays) if delays else None


class Queue(DjangoRQ):
    """The project's queue: a job created without a retry policy or a result lifetime gets the project's.

    django-tasks-rq creates its jobs with ``create_job``, which does not read the queue's
    ``DEFAULT_RESULT_TTL``: without this a finished task's result (and its entry in the
    finished registry) was gone after RQ's 500 seconds.
    """

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        if kwargs.get("retry") is None:
            kwargs["retry"] = retry_policy()
        if kwargs.get("result_ttl") is None:
            kwargs["result_ttl"] = getattr(settings, "TASKS_RESULT_TTL", None)
        return super().create_job(*args, **kwargs)


class _ProjectIntervals:
    """The project's heartbeat and maintenance intervals, for either kind of worker."""

    worker_ttl: int
    maintenance_interval: int
    job_monitoring_interval: int

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

    def unsubscribe(self) -> None:
        # RQ's command listener is a redis-py thread reading with a 60 s timeout; RQ sends
        # UNSUBSCRIBE and only then stops it, and redis-py 8 waits for the thread without a bound.
        # When the reply is read before the stop, the thread starts another 60 s wait (no longer
        # subscribed, it waits to be) and every ``work(burst=True)`` ended a minute late. Stopping
        # first (no wait) lets the reply end the thread's read, after which it sees the stop.
        thread = getattr(self, "pubsub_thread", None)
        if thread is not None:
            thread.stop(timeout=0)
        super().unsubscribe()  # type: ignore[misc]  # a mixin: RQ's worker is next in the MRO

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        # RQ adds a fixed 60 s to the interval; the grace is a setting here so a test (or a
        # deployment that wants faster take-over) can shorten it.
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - working_time, self.job_monitoring_interval)
        else:
            interval = self.job_monitoring_interval
        return int(interval) + settings.TASKS_HEARTBEAT_GRACE


class Worker(_ProjectIntervals, _Worker):
    """RQ's forking worker: a work horse per job (``TRIENKHAI_TASKS_RQ_WORKER=fork``)."""


class SimpleWorker(_ProjectIntervals, _SimpleWorker):
    """A worker that runs each job in its own process (the default; decisions/0074).

    RQ's forking worker pays a fork and a new PostgreSQL connection for every job, which for the
    project's small tasks is most of their cost (6× slower than the database queue). This one
    keeps its process and its connections between jobs, closing the ones Django would close at
    the end of a request (``close_old_connections``, before and after every job). RQ's own
    SimpleWorker sends no heartbeat while a job runs, so a job longer than the grace would look
    abandoned; a thread here sends the same heartbeats the forking worker's parent sends. A
    SIGKILL takes the job down with the worker, and another worker takes it over when the
    heartbeat lapses, as with the forking worker.
    """

    def execute_job(self, job: Job, queue: Any) -> None:
        execution = self.prepare_execution(job)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception:  # a missed beat is retried at the next interval
                    log.warning("RQ heartbeat for job %s failed", job.id, exc_info=True)

        beater = threading.Thread(target=beat, name=f"heartbeat-{job.id}", daemon=True)
        close_old_connections()
        beater.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beater.join()
            close_old_connections()
        self.set_state(WorkerStatus.IDLE)
