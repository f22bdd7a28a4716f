"""Two RQ workers on one queue: each task runs once; a worker killed mid-task loses nothing.

GIVEN a city of 120 chi bộ, each with one editor, and 10 rollouts of 2 steps due in two days
(so each of the 20 steps owes 120 reminders: 2,400 notices in all)
WHEN one reminder task per step is queued on Redis and two ``trienkhai worker`` processes run
them — and in the second test one worker is killed with SIGKILL while it runs a task
THEN every task finishes, each notice exists exactly once, and each task ran to success once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, app_env, site, stop

pytestmark = pytest.mark.scaleout

UNITS, ROLLOUTS = 120, 10
STEPS = ROLLOUTS * 2
NOTICES = STEPS * UNITS  # one per editor (one per chi bộ) per step

# Short heartbeats so the test sees a dead worker's task taken over in seconds, not a minute.
FAST = dict(
    TRIENKHAI_TASKS_HEARTBEAT_SECONDS="1",
    TRIENKHAI_TASKS_HEARTBEAT_GRACE="2",
    TRIENKHAI_TASKS_MAINTENANCE_SECONDS="1",
    TRIENKHAI_TASKS_RETRY_DELAYS="0,0,0",
)


def start_worker(env: dict[str, str], name: str) -> subprocess.Popen:
    log = Path(env["TRIENKHAI_VAR_DIR"]).parent / f"{name}.log"  # the test's tmp_path, kept on failure
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", "worker", "--name", name],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,  # the worker and the work horses it forks: one group to kill
    )


def rq_state(redis_url: str):
    import redis
    from django_tasks_rq.backend import Job
    from rq import Queue

    connection = redis.Redis.from_url(redis_url)
    return connection, Queue("default", connection=connection, job_class=Job)


def wait_until_done(redis_url: str, ids: list[str], seconds: float = 120) -> dict[str, object]:
    """Every job's final state once none is queued, running or waiting for a retry."""
    from rq.job import JobStatus

    connection, queue = rq_state(redis_url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs = queue.job_class.fetch_many(ids, connection=connection)
        if all(j is not None and j.get_status() in (JobStatus.FINISHED, JobStatus.FAILED) for j in jobs):
            return {j.id: j for j in jobs}
        time.sleep(0.2)
    pytest.fail(
        "tasks not done in time: "
        + ", ".join(
            f"{j.id}={j.get_status() if j else None}" for j in queue.job_class.fetch_many(ids, connection)
        )
    )


def notices(pg_url: str) -> tuple[int, int, int]:
    """(rows, distinct (user, key), keys held more than once) in core_notification."""
    import psycopg

    with psycopg.connect(pg_url) as conn:
        rows, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT (user_id, key)) FROM core_notification"
        ).fetchone()
        doubled = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM core_notification GROUP BY user_id, key HAVING count(*) > 1) d"
        ).fetchone()[0]
    return rows, distinct, doubled


def successes(job) -> int:
    from rq.results import Result

    return sum(1 for r in job.results() if r.type == Result.Type.SUCCESSFUL)


@pytest.fixture
def city(tmp_path, pg_url, redis_url):
    env = app_env(tmp_path, pg_url, redis_url, **FAST)
    built = site(env, "seed", "--units", str(UNITS), "--rollouts", str(ROLLOUTS))
    assert len(built["steps"]) == STEPS
    return env, built


def test_two_workers_on_one_queue_run_each_task_once(city, pg_url, redis_url):
    env, built = city
    ids = site(env, "enqueue", "--steps", *map(str, built["steps"]))["ids"]
    workers = [start_worker(env, f"w{n}") for n in (1, 2)]
    try:
        jobs = wait_until_done(redis_url, ids)
    finally:
        for w in workers:
            stop(w)
    assert [j.get_status() for j in jobs.values()] == ["finished"] * STEPS
    assert [successes(j) for j in jobs.values()] == [1] * STEPS  # each ran once
    assert {j.return_value() for j in jobs.values()} == {UNITS}  # each sent its step's reminders
    assert len({r.worker_name for j in jobs.values() for r in j.results()}) == 2  # both worked
    assert notices(pg_url) == (NOTICES, NOTICES, 0)


def kill_with_horses(pid: int) -> None:
    """SIGKILL a worker and its work horses (RQ puts each horse in a process group of its own)."""
    horses = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent_of(p) == pid]
    for horse in horses:
        try:
            os.kill(horse, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.killpg(pid, signal.SIGKILL)


def _parent_of(proc: Path) -> int | None:
    try:
        # /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces.
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def partial_steps(conn) -> dict[int, int]:
    """Steps whose reminders are written in part: {step id: notices so far}."""
    rows = conn.execute(
        "SELECT split_part(key, ':', 2)::int, count(*) FROM core_notification GROUP BY 1 HAVING count(*) < %s",
        [UNITS],
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("worker_kind", ["simple", "fork"])
def test_a_worker_killed_mid_task_loses_nothing_and_doubles_nothing(city, pg_url, redis_url, worker_kind):
    import psycopg

    env, built = city
    env = {**env, "TRIENKHAI_TASKS_RQ_WORKER": worker_kind}  # the job in the worker, or in a horse
    ids = site(env, "enqueue", "--steps", *map(str, built["steps"]))["ids"]
    job_of_step = dict(zip(built["steps"], ids, strict=True))
    connection, queue = rq_state(redis_url)
    victim, survivor = start_worker(env, "victim"), start_worker(env, "survivor")
    killed_step = written_before = None
    try:
        # Wait until a task of the victim's has written part of its notices, then kill the
        # worker and its work horse at once, as a machine losing power would.
        with psycopg.connect(pg_url, autocommit=True) as conn:
            deadline = time.monotonic() + 60
            while killed_step is None and time.monotonic() < deadline:
                for step, count in partial_steps(conn).items():
                    if count > UNITS // 2:
                        continue  # too near its end to be sure to kill it before it finishes
                    job = queue.fetch_job(job_of_step[step])
                    if job is not None and job.worker_name == "victim" and job.get_status() == "started":
                        kill_with_horses(victim.pid)
                        killed_step = step
                        written_before = partial_steps(conn).get(step, UNITS)
                        break
        assert killed_step is not None, "the victim was never caught inside a task"
        victim.wait(timeout=10)
        jobs = wait_until_done(redis_url, ids)
    finally:
        stop(victim)
        stop(survivor)
    assert 0 < written_before < UNITS  # killed with its work half done
    assert [j.get_status() for j in jobs.values()] == ["finished"] * STEPS  # 0 lost
    assert notices(pg_url) == (NOTICES, NOTICES, 0)  # 0 duplicated
    # The victim's task was given back (a retry spent) and finished by the survivor, once.
    hit = jobs[job_of_step[killed_step]]
    assert hit.retries_left == 2
    assert [(r.type.name, r.worker_name) for r in hit.results()] == [("SUCCESSFUL", "survivor")]
    assert [successes(j) for j in jobs.values()] == [1] * STEPS  # every other task: once
