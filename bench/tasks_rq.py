"""Reminder tasks through 1 and 2 RQ workers vs the database queue (issue 16). Prints figures; never fails.

    .venv/bin/python bench/tasks_rq.py                    # 2,000 tasks per configuration
    .venv/bin/python bench/tasks_rq.py --tasks 10000      # the issue's count (about half an hour here)
    .venv/bin/python bench/tasks_rq.py --tasks 10000 --no-fork   # without RQ's forking worker

What it does: a fresh PostgreSQL database ``trienkhai_bench_tasks`` (127.0.0.1) built by
``tests/scaleout/site.py``: one city, ``--units`` chi bộ with an editor each, and ``--tasks`` / 2
rollouts of two steps due in two days, so each step's reminder task (``send_step_reminders``)
writes ``--units`` notices of its own. A ``redis-server`` of its own on a free port (the machine's
Redis is not touched). Then, in the same run and on the same data (the notices and the queue
emptied between them), each configuration queues one task per step and runs them:

- the database queue (django-tasks-db) with 1 and 2 ``trienkhai worker`` processes;
- RQ (django-tasks-rq) with 1 and 2 ``trienkhai worker`` processes, forking (a work horse per
  job) and not (the default, decisions/0074);
- RQ with 2 workers, one SIGKILLed (with its work horse) a third of the way through.

tasks/s counts from the first task started to the last finished (the queue's own timestamps),
so worker start-up is left out. After each: tasks lost (not finished), notices expected vs
written, notices held twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "scaleout" / "site.py"
HOST = "127.0.0.1"
DB = "trienkhai_bench_tasks"
DB_URL = f"postgres://postgres@{HOST}:5432/{DB}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def env_for(tmp: Path, backend: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIENKHAI_", "DJANGO_"))}
    env.update(
        DATABASE_URL=DB_URL,
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
        TRIENKHAI_TESTING="0",
        TRIENKHAI_DEBUG="0",
        TRIENKHAI_VAR_DIR=str(tmp / "var"),
        TRIENKHAI_MEDIA_ROOT=str(tmp / "media"),
        TRIENKHAI_TASKS_BACKEND=backend,
        TRIENKHAI_TASKS_REDIS_URL=redis_url,
        TRIENKHAI_LOG_LEVEL="ERROR",
        # A dead worker's task is taken over within seconds (production: about a minute).
        TRIENKHAI_TASKS_HEARTBEAT_SECONDS="1",
        TRIENKHAI_TASKS_HEARTBEAT_GRACE="2",
        TRIENKHAI_TASKS_MAINTENANCE_SECONDS="1",
        TRIENKHAI_TASKS_RETRY_DELAYS="0,0,0",
    )
    return env


def site(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(SITE), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"site.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sql(query: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "trienkhai.cli", "worker", *(["--name", name] if "rq" in name else [])],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )


def kill_with_horses(pid: int) -> None:
    """SIGKILL a worker and the work horses it forked (each in a process group of its own)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
            except ProcessLookupError:
                pass
    os.killpg(pid, signal.SIGKILL)


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=20)


def progress(backend: str, redis_url: str) -> tuple[int, int]:
    """(finished, failed) tasks so far."""
    if backend == "db":
        rows = dict(sql("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
        return rows.get("SUCCESSFUL", 0), rows.get("FAILED", 0)
    import redis
    from rq import Queue

    queue = Queue("default", connection=redis.Redis.from_url(redis_url))
    return queue.finished_job_registry.count, queue.failed_job_registry.count


def span(backend: str, redis_url: str, ids: list[str]) -> float:
    """Seconds from the first task started to the last finished, from the queue's timestamps."""
    if backend == "db":
        first, last = sql(
            "SELECT min(started_at), max(finished_at) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
        )[0]
        return (last - first).total_seconds()
    import redis
    from rq.job import Job  # timestamps only: no need of the task behind it

    connection = redis.Redis.from_url(redis_url)
    starts, ends = [], []
    for i in range(0, len(ids), 500):
        for job in Job.fetch_many(ids[i : i + 500], connection=connection):
            if job is not None and job.started_at and job.ended_at:
                starts.append(job.started_at)
                ends.append(job.ended_at)
    return (max(ends) - min(starts)).total_seconds()


def run(
    tmp: Path,
    backend: str,
    workers: int,
    steps: list[int],
    units: int,
    redis_url: str,
    kill: bool,
    rq_worker: str = "simple",
) -> dict:
    import redis

    sql("TRUNCATE core_notification")
    sql("DELETE FROM django_tasks_database_dbtaskresult")
    redis.Redis.from_url(redis_url).flushdb()  # this run's own Redis server
    env = {**env_for(tmp, backend, redis_url), "TRIENKHAI_TASKS_RQ_WORKER": rq_worker}
    ids = site(env, "enqueue", "--steps", *map(str, steps))["ids"]
    procs = [start_worker(env, f"{backend}-{n}", tmp / f"{backend}-{n}.log") for n in range(workers)]
    killed_at = None
    deadline = time.monotonic() + 3600
    try:
        while time.monotonic() < deadline:
            finished, failed = progress(backend, redis_url)
            if kill and killed_at is None and finished >= len(steps) // 3:
                kill_with_horses(procs[0].pid)
                killed_at = finished
            if finished + failed >= len(steps):
                break
            time.sleep(0.5)
    finally:
        for p in procs:
            stop(p)
    finished, failed = progress(backend, redis_url)
    rows, distinct = sql("SELECT count(*), count(DISTINCT (user_id, key)) FROM core_notification")[0]
    seconds = span(backend, redis_url, ids)
    return {
        "setup": f"{'database queue' if backend == 'db' else 'RQ ' + rq_worker}, {workers} worker{'s' if workers > 1 else ''}"
        + (f", one killed after {killed_at} tasks" if kill else ""),
        "tasks": len(steps),
        "seconds": seconds,
        "rate": finished / seconds if seconds else 0.0,
        "lost": len(steps) - finished,
        "failed": failed,
        "notices": rows,
        "expected": len(steps) * units,
        "doubled": rows - distinct,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000, help="reminder tasks per configuration (even)")
    parser.add_argument("--units", type=int, default=3, help="chi bộ (so notices) per task")
    parser.add_argument(
        "--no-fork", action="store_true", help="leave out RQ's forking worker (about 6x slower per task here)"
    )
    args = parser.parse_args()
    if args.tasks > 20000 or args.units > 200:
        raise SystemExit("bounded: at most 20,000 tasks and 200 units")
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("needs redis-server")
    tmp = Path(tempfile.mkdtemp(prefix="trienkhai-tasks-"))
    port = free_port()
    redis_proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        cwd=tmp,
        stdout=subprocess.DEVNULL,
    )
    redis_url = f"redis://{HOST}:{port}/0"
    try:
        for tool in ("dropdb", "createdb"):
            extra = ["--if-exists"] if tool == "dropdb" else []
            subprocess.run([tool, "-h", HOST, "-U", "postgres", *extra, DB], check=True)
        t = time.perf_counter()
        built = site(
            env_for(tmp, "db", redis_url),
            "seed",
            "--units",
            str(args.units),
            "--rollouts",
            str(args.tasks // 2),
        )
        steps = built["steps"]
        print(
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; seeded {len(steps):,} steps × {args.units} chi bộ "
            f"in {time.perf_counter() - t:.0f} s; PostgreSQL, redis-server on :{port}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        results = [
            run(tmp, "db", 1, steps, args.units, redis_url, kill=False),
            run(tmp, "db", 2, steps, args.units, redis_url, kill=False),
            *(
                []
                if args.no_fork
                else [
                    run(tmp, "rq", 1, steps, args.units, redis_url, kill=False, rq_worker="fork"),
                    run(tmp, "rq", 2, steps, args.units, redis_url, kill=False, rq_worker="fork"),
                ]
            ),
            run(tmp, "rq", 1, steps, args.units, redis_url, kill=False),
            run(tmp, "rq", 2, steps, args.units, redis_url, kill=False),
            run(tmp, "rq", 2, steps, args.units, redis_url, kill=True),
        ]
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
    print(
        f"\n  {'setup':<46} {'tasks':>6} {'seconds':>8} {'tasks/s':>8} {'lost':>5} {'notices':>15} {'doubled':>8}"
    )
    for r in results:
        print(
            f"  {r['setup']:<46} {r['tasks']:>6,} {r['seconds']:>8.1f} {r['rate']:>8.1f} {r['lost']:>5} "
            f"{r['notices']:>7,}/{r['expected']:<7,} {r['doubled']:>8}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
