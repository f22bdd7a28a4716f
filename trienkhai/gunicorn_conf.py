"""gunicorn's configuration for production: ``gunicorn trienkhai.wsgi -c python:trienkhai.gunicorn_conf``.

One sync worker process per core by default. Threads (``gthread``) were measured and lost:
a request here is mostly Python (templates, the ORM), so threads of one process queue on
the GIL, and a thread back from PostgreSQL waits for a busy one to yield it — on the mixed
load of issue 8 the median doubled. They are one setting away (``TRIENKHAI_WEB_THREADS``)
for a deployment whose requests wait more than they compute. See docs/decisions/0010.

Read from the environment: ``TRIENKHAI_WEB_BIND`` (127.0.0.1:8000), ``TRIENKHAI_WEB_WORKERS``
(the number of cores), ``TRIENKHAI_WEB_THREADS`` (1 = sync workers; more = gthread),
``TRIENKHAI_WEB_KEEPALIVE`` (5 s, gthread only), ``TRIENKHAI_WEB_TIMEOUT`` (60 s).
"""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from exc


bind = os.environ.get("TRIENKHAI_WEB_BIND") or "127.0.0.1:8000"
workers = max(1, _int("TRIENKHAI_WEB_WORKERS", os.cpu_count() or 2))
threads = max(1, _int("TRIENKHAI_WEB_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = _int("TRIENKHAI_WEB_KEEPALIVE", 5)
timeout = _int("TRIENKHAI_WEB_TIMEOUT", 60)
graceful_timeout = 30
# Behind a TLS proxy on the same host: its address is the only one trusted for X-Forwarded-*.
forwarded_allow_ips = os.environ.get("TRIENKHAI_WEB_FORWARDED_ALLOW_IPS") or "127.0.0.1"
# gunicorn's control socket (gunicornc) in the project's var directory, not in the home or
# runtime directory of whoever started it.
_var = Path(os.environ.get("TRIENKHAI_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
_var.mkdir(parents=True, exist_ok=True)
control_socket = str(_var / "gunicorn.ctl")
