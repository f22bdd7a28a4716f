"""`trienkhai worker`: run queued background tasks on the configured backend.

``TRIENKHAI_TASKS_BACKEND=db``: django-tasks-db's ``db_worker``. ``=rq``: django-rq's
``rqworker`` with the project's worker class and RQ's scheduler (retries wait in it), on the
``default`` queue; start as many as the work needs, on as many machines (decisions/0063).
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the background worker (imports, reminders, reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--name", default=None, help="the worker's name (RQ only; unique per queue)")

    def handle(self, *args: Any, batch: bool = False, name: str | None = None, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq."):
            extra = ["--burst"] if batch else []
            if name:
                extra += ["--name", name]
            call_command("rqworker", "default", "--with-scheduler", *extra)
        elif backend.startswith("django_tasks_db."):
            call_command("db_worker", *(["--batch"] if batch else []))
        else:
            raise CommandError(
                f"No worker to run for the task backend {backend}: tasks run where they are queued."
            )
