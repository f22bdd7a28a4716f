"""The project's RQ worker and queue (decisions/0063), on a redis-server of the test's own."""

from __future__ import annotations

import pytest
import redis
from django.test import override_settings
from rq import Queue as RQQueue

from trienkhai.core.rq import Queue, Worker

pytestmark = pytest.mark.scaleout

TASK_SETTINGS = dict(
    TASKS_HEARTBEAT_SECONDS=30,
    TASKS_HEARTBEAT_GRACE=60,
    TASKS_MAINTENANCE_SECONDS=60,
    TASKS_RETRY_DELAYS=[10, 60, 300],
)


def worker(url: str) -> Worker:
    connection = redis.Redis.from_url(url)
    return Worker([RQQueue("default", connection=connection)], connection=connection)


@override_settings(**TASK_SETTINGS)
def test_an_idle_worker_still_looks_for_dead_workers_tasks_every_minute(redis_url):
    # RQ would block on an empty queue for 405 s before looking again.
    w = worker(redis_url)
    assert w.maintenance_interval == 60
    assert w.dequeue_timeout == 60
    assert w.job_monitoring_interval == 30


@override_settings(**TASK_SETTINGS)
def test_a_dead_workers_task_is_free_after_its_heartbeat_and_the_grace(redis_url):
    w = worker(redis_url)
    job = Queue("default", connection=w.connection).create_job(
        "trienkhai.rollout.tasks.send_reminders", timeout=600
    )
    assert w.get_heartbeat_ttl(job) == 30 + 60
    assert w.get_heartbeat_ttl(job, working_time=590) == 10 + 60  # the task's own timeout is nearer


@override_settings(**TASK_SETTINGS)
def test_every_job_carries_the_retry_policy(redis_url):
    job = Queue("default", connection=redis.Redis.from_url(redis_url)).create_job(
        "trienkhai.rollout.tasks.send_reminders"
    )
    assert job.retries_left == 3
    assert job.retry_intervals == [10, 60, 300]
