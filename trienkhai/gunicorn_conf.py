"""gunicorn's configuration for production: ``gunicorn trienkhai.wsgi -c python:trienkhai.gunicorn_conf``.

Worker processes (one per core by default) with threads (``gthread``): most of a request
is spent waiting on PostgreSQL or Redis, so a few threads per process keep the cores busy
where a sync worker would sit idle while the next request waits in the listen queue; each
thread keeps its own database connection (``CONN_MAX_AGE``). Keep-alive lets a browser (or
the proxy in front) reuse its connection between clicks. See docs/decisions/0010.

Read from the environment: ``TRIENKHAI_WEB_BIND`` (127.0.0.1:8000), ``TRIENKHAI_WEB_WORKERS``
(the number of cores), ``TRIENKHAI_WEB_THREADS`` (4; 1 = classic sync workers),
``TRIENKHAI_WEB_KEEPALIVE`` (5 s), ``TRIENKHAI_WEB_TIMEOUT`` (60 s).
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from exc


bind = os.environ.get("TRIENKHAI_WEB_BIND") or "127.0.0.1:8000"
workers = max(1, _int("TRIENKHAI_WEB_WORKERS", os.cpu_count() or 2))
threads = max(1, _int("TRIENKHAI_WEB_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = _int("TRIENKHAI_WEB_KEEPALIVE", 5)
timeout = _int("TRIENKHAI_WEB_TIMEOUT", 60)
graceful_timeout = 30
# Behind a TLS proxy on the same host: its address is the only one trusted for X-Forwarded-*.
forwarded_allow_ips = os.environ.get("TRIENKHAI_WEB_FORWARDED_ALLOW_IPS") or "127.0.0.1"
