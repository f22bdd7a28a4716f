"""`trienkhai serve`: the production start (issue 16.2).

Collects the static files when their manifest is missing or older than a source file, then
replaces itself with gunicorn running the project's configuration
(``trienkhai/gunicorn_conf.py``: bind, workers, timeouts from ``TRIENKHAI_WEB_*``; its control
socket under the var directory). ``--dry-run`` prints the gunicorn command instead.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start the production server (gunicorn), collecting static files first when needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=None, help="address:port (default TRIENKHAI_WEB_BIND or 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="worker processes (default: one per core)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the gunicorn command, start nothing"
        )

    def handle(
        self,
        *args: Any,
        bind: str | None = None,
        workers: int | None = None,
        dry_run: bool = False,
        **options: Any,
    ) -> None:
        from trienkhai.core.staticfiles import manifest_is_stale

        why = manifest_is_stale()
        if why:
            self.stdout.write(f"Collecting static files ({why}).")
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [sys.executable, "-m", "gunicorn", "trienkhai.wsgi", "-c", "python:trienkhai.gunicorn_conf"]
        if bind:
            argv += ["--bind", bind]
        if workers:
            argv += ["--workers", str(workers)]
        self.stdout.write(" ".join(shlex.quote(a) for a in argv))
        if dry_run:
            return
        sys.stdout.flush()
        os.execv(sys.executable, argv)
