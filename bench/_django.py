"""Shared set-up for benchmarks: a throw-away database, migrated, and timing helpers."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(engine: str, name: str) -> str:
    """Point Django at a fresh database of ``engine`` ("sqlite" or "postgres") and migrate it."""
    if engine == "postgres":
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    else:
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ["TRIENKHAI_TESTING"] = "0"
    # As in production: DEBUG on keeps every query's SQL (on SQLite it quotes every
    # parameter once more to do so), which weighs on each side of a comparison by its
    # number of queries, not by its work.
    os.environ.setdefault("TRIENKHAI_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    os.environ["TRIENKHAI_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-media-")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def timed(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def row(label: str, ours: float, base: float, unit: str = "ms") -> str:
    ratio = ours / base if base else float("inf")
    return f"  {label:<58} {ours:9.2f} {unit}  baseline {base:9.2f} {unit}  ratio {ratio:5.2f}×"
