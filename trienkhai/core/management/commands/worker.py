"""`trienkhai worker`: run queued background tasks (django-tasks-db's db_worker)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (imports, reminders, reports)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, batch: bool = False, **options):
        call_command("db_worker", *(["--batch"] if batch else []))
