"""The production server setup read from the environment: the shared cache and gunicorn's config."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

_SETTINGS = (
    "import django,os,json;os.environ['DJANGO_SETTINGS_MODULE']='trienkhai.settings';"
    "from django.conf import settings;c=settings.CACHES['default'];"
    "print(json.dumps([c['BACKEND'],c.get('LOCATION'),c.get('KEY_PREFIX',''),settings.SESSION_ENGINE]))"
)


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TRIENKHAI_CACHE", "TRIENKHAI_WEB_"))}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True)


def _cache(**env: str) -> list[str]:
    done = _run(_SETTINGS, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_a_cache_url_a_per_process_cache_and_database_sessions():
    backend, _location, _prefix, sessions = _cache()
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    # Sessions must not live in a per-process cache: a sign-out would not reach the other workers.
    assert sessions == "django.contrib.sessions.backends.db"


def test_a_cache_url_gives_the_shared_redis_cache_and_cached_sessions():
    backend, location, prefix, sessions = _cache(
        TRIENKHAI_CACHE_URL="redis://127.0.0.1:6379/2", TRIENKHAI_CACHE_PREFIX="site-a"
    )
    assert backend == "trienkhai.core.cache.ResilientRedisCache"  # RedisCache that degrades (0061)
    assert location == "redis://127.0.0.1:6379/2"
    assert prefix == "site-a"
    assert sessions == "django.contrib.sessions.backends.cached_db"  # survives a Redis restart


def test_a_cache_url_that_is_not_redis_is_refused():
    done = _run(_SETTINGS, TRIENKHAI_CACHE_URL="memcached://127.0.0.1:11211")
    assert done.returncode != 0 and "TRIENKHAI_CACHE_URL" in done.stderr


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_share_the_redis_cache():
    """What one gunicorn worker stores, another reads (the point of TRIENKHAI_CACHE_URL)."""
    prefix = f"test-{os.getpid()}-{os.urandom(4).hex()}"
    env = {"TRIENKHAI_CACHE_URL": "redis://127.0.0.1:6379/0", "TRIENKHAI_CACHE_PREFIX": prefix}
    setup = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='trienkhai.settings';django.setup();"
    setup += "from django.core.cache import cache;"
    written = _run(setup + "cache.set('shared', 'từ tiến trình một', 30);print('ok')", **env)
    assert written.returncode == 0, written.stderr
    read = _run(setup + "print(cache.get('shared'));cache.delete('shared')", **env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "từ tiến trình một"


_GUNICORN = (
    "import importlib,json;c=importlib.import_module('trienkhai.gunicorn_conf');"
    "print(json.dumps([c.workers,c.threads,c.worker_class,c.keepalive,c.bind]))"
)


def test_gunicorn_config_threads_and_workers_from_the_environment():
    done = _run(_GUNICORN, TRIENKHAI_WEB_WORKERS="2", TRIENKHAI_WEB_THREADS="4")
    assert done.returncode == 0, done.stderr
    workers, threads, worker_class, keepalive, bind = json.loads(done.stdout)
    assert (workers, threads, worker_class) == (2, 4, "gthread")
    assert keepalive >= 2 and bind == "127.0.0.1:8000"
    done = _run(_GUNICORN)  # the default: sync workers (threads measured slower, decisions/0010)
    assert json.loads(done.stdout)[1:3] == [1, "sync"]
