"""Scale-out tests (issue 16 point 6): real processes on one PostgreSQL and one Redis.

Each test gets a PostgreSQL database of its own (created on 127.0.0.1 as ``postgres``, dropped
after) and a Redis server of its own (``redis-server`` on a free port, nothing saved), so the
machine's Redis is never touched. Without PostgreSQL or ``redis-server`` the tests skip and say
which is missing. The application runs in child processes (``tests/scaleout/site.py``, ``trienkhai
worker``, gunicorn) configured only through the environment, as an operator would run it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).with_name("site.py")
BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [*args, "-h", PG["host"], "-p", PG["port"], "-U", PG["user"]],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database; dropped after the test."""
    if not (shutil.which("createdb") and shutil.which("dropdb")):
        pytest.skip("needs PostgreSQL's createdb/dropdb (scale-out runs on PostgreSQL)")
    name = f"trienkhai_scaleout_{uuid.uuid4().hex[:10]}"
    made = _pg("createdb", name)
    if made.returncode != 0:
        pytest.skip(f"needs PostgreSQL on {PG['host']}:{PG['port']} as {PG['user']}: {made.stderr.strip()}")
    try:
        yield f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        _pg("dropdb", "--force", "--if-exists", name)


def start_redis(cwd: Path, port: int | None = None) -> tuple[subprocess.Popen, int]:
    """A ``redis-server`` of the test's own (on ``port`` or a free one, nothing saved), answering.

    Skips the test when there is no redis-server; the caller stops the process. A free port can be
    taken by another process (another xdist worker) before Redis binds it: Redis then exits, and
    a port of the test's choosing is tried again on another.
    """
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("needs redis-server (the test runs its own Redis)")
    import redis

    for _attempt in range(1 if port else 5):
        chosen = port or free_port()
        proc = subprocess.Popen(  # noqa: S603
            [exe, "--port", str(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=chosen)
        try:
            for _ in range(100):
                if proc.poll() is not None:
                    break  # it could not bind the port
                try:
                    # The Redis answering must be this one, not one that had the port already.
                    if client.info("server")["process_id"] == proc.pid:
                        return proc, chosen
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
        finally:
            client.close()
        proc.kill()
        proc.wait(timeout=10)
    pytest.skip("redis-server did not start")


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own on a free port (the machine's Redis is left alone)."""
    proc, port = start_redis(tmp_path)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def app_env(tmp_path: Path, pg_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of every child process: one database, one Redis, tasks on RQ."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TRIENKHAI_", "DJANGO_"))}
    env.update(
        DATABASE_URL=pg_url,
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
        TRIENKHAI_TESTING="0",
        TRIENKHAI_VAR_DIR=str(tmp_path / "var"),
        TRIENKHAI_MEDIA_ROOT=str(tmp_path / "media"),
        TRIENKHAI_TASKS_BACKEND="rq",
        TRIENKHAI_TASKS_REDIS_URL=redis_url,
        TRIENKHAI_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def site(env: dict[str, str], *args: str, timeout: int = 300) -> dict:
    """Run tests/scaleout/site.py in a child process; its JSON answer."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(SITE), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        pytest.fail(f"site.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop(proc: subprocess.Popen) -> None:
    """Stop a child started with ``start_new_session`` and everything it forked."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=15)
