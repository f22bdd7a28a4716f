"""The project's RQ worker and queue (decisions/0063), on a redis-server of the test's own."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from django.test import override_settings
from rq import Queue as RQQueue
from rq.registry import StartedJobRegistry

from trienkhai.core.rq import Queue, SimpleWorker, Worker

pytestmark = pytest.mark.scaleout

TASK_SETTINGS = dict(
    TASKS_HEARTBEAT_SECONDS=30,
    TASKS_HEARTBEAT_GRACE=60,
    TASKS_MAINTENANCE_SECONDS=60,
    TASKS_RETRY_DELAYS=[10, 60, 300],
)


def worker(url: str, kind: type = Worker) -> Worker:
    connection = redis.Redis.from_url(url)
    return kind([RQQueue("default", connection=connection)], connection=connection)


def nap(seconds: float) -> str:
    """The job of the heartbeat test: longer than the heartbeat and its grace together."""
    time.sleep(seconds)
    return "rested"


@pytest.mark.parametrize("kind", [Worker, SimpleWorker])
@override_settings(**TASK_SETTINGS)
def test_an_idle_worker_still_looks_for_dead_workers_tasks_every_minute(redis_url, kind):
    # RQ would block on an empty queue for 405 s before looking again.
    w = worker(redis_url, kind)
    assert w.maintenance_interval == 60
    assert w.dequeue_timeout == 60
    assert w.job_monitoring_interval == 30


@pytest.mark.parametrize("kind", [Worker, SimpleWorker])
@override_settings(**TASK_SETTINGS)
def test_a_dead_workers_task_is_free_after_its_heartbeat_and_the_grace(redis_url, kind):
    w = worker(redis_url, kind)
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


@override_settings(**TASK_SETTINGS, TASKS_RESULT_TTL=86400)
@pytest.mark.django_db  # the worker closes stale database connections around each task
def test_a_finished_task_stays_in_the_finished_registry_for_a_day(redis_url):
    """django-tasks-rq's create_job skips the queue's result TTL: RQ's 500 s dropped results (and
    the finished count a bench or an operator reads) while a long queue was still draining."""
    connection = redis.Redis.from_url(redis_url)
    queue = Queue("default", connection=connection)
    job = queue.enqueue_job(queue.create_job("tests.scaleout.test_rq_worker.nap", args=(0,)))
    assert job.result_ttl == 86400
    w = SimpleWorker([queue], connection=connection)
    w.work(burst=True)
    assert queue.finished_job_registry.count == 1
    assert 86000 < connection.ttl(job.key) <= 86400


@override_settings(TASKS_HEARTBEAT_SECONDS=1, TASKS_HEARTBEAT_GRACE=1, TASKS_MAINTENANCE_SECONDS=1)
def test_the_simple_worker_keeps_a_long_jobs_heartbeat_alive(redis_url, monkeypatch):
    """RQ's SimpleWorker sets the heartbeat once, when the job starts: a job longer than the
    heartbeat and its grace (here 1 + 1 s) would look abandoned to the other workers while it
    still runs, and be run a second time. The project's SimpleWorker beats while the job runs.
    """
    # The job touches no database; the test database is not this worker's to close.
    monkeypatch.setattr("trienkhai.core.rq.close_old_connections", lambda: None)
    w = worker(redis_url, SimpleWorker)
    job = RQQueue("default", connection=w.connection).enqueue(nap, 4.0, job_timeout=60)
    registry = StartedJobRegistry("default", connection=w.connection)
    seen: list[tuple[float, float, list[str]]] = []  # (seconds in, expiry - now, expired ids)

    def watch() -> None:
        start = time.monotonic()
        while time.monotonic() - start < 3.5:
            time.sleep(0.25)
            score = w.connection.zscore(
                registry.key, next(iter(w.connection.zrange(registry.key, 0, -1)), b"")
            )
            if score is not None:
                seen.append((time.monotonic() - start, score - time.time(), registry.get_expired_job_ids()))

    watcher = threading.Thread(target=watch)
    watcher.start()
    w.work(burst=True)
    watcher.join()
    job.refresh()
    assert job.get_status() == "finished" and job.return_value() == "rested"
    late = [s for s in seen if s[0] > 2.5]
    assert late, seen  # the job was still running after its first heartbeat and grace were over
    assert all(ahead > 0 and not expired for _, ahead, expired in late), late


@pytest.mark.parametrize("kind", [Worker, SimpleWorker])
@override_settings(**TASK_SETTINGS)
def test_the_command_listener_is_told_to_stop_before_it_is_unsubscribed(redis_url, kind):
    """RQ unsubscribed the worker's command channel and then stopped the listening thread; when
    the thread read the reply first it began another 60 s wait, and redis-py 8 waits for it to
    end: a burst worker (and a test of one) finished a minute late, one run in two after a job."""
    w = worker(redis_url, kind)
    w.subscribe()
    thread = w.pubsub_thread
    running_when_unsubscribed: list[bool] = []
    unsubscribe = w.pubsub.unsubscribe

    def watched(*args, **kwargs):
        running_when_unsubscribed.append(thread._running.is_set())
        return unsubscribe(*args, **kwargs)

    w.pubsub.unsubscribe = watched
    w.unsubscribe()
    assert running_when_unsubscribed == [False]
    assert not thread.is_alive()


def test_the_worker_kind_comes_from_the_environment(monkeypatch):
    import importlib

    import trienkhai.settings as project_settings

    monkeypatch.setenv("TRIENKHAI_TASKS_BACKEND", "rq")
    try:
        for kind, cls in (("simple", "trienkhai.core.rq.SimpleWorker"), ("fork", "trienkhai.core.rq.Worker")):
            monkeypatch.setenv("TRIENKHAI_TASKS_RQ_WORKER", kind)
            assert importlib.reload(project_settings).RQ["WORKER_CLASS"] == cls
        monkeypatch.delenv("TRIENKHAI_TASKS_RQ_WORKER")
        assert importlib.reload(project_settings).RQ["WORKER_CLASS"] == "trienkhai.core.rq.SimpleWorker"
        monkeypatch.setenv("TRIENKHAI_TASKS_RQ_WORKER", "threads")
        with pytest.raises(Exception, match="simple or fork"):
            importlib.reload(project_settings)
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
