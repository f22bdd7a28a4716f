from django.core.management.base import BaseCommand

from trienkhai.rollout.tasks import open_due_periods, send_reminders


class Command(BaseCommand):
    help = "Queue the daily rollout jobs (open due periods, send reminders); run it from cron."

    def handle(self, *args, **options):
        for t in (open_due_periods, send_reminders):
            result = t.enqueue()
            self.stdout.write(f"{t.name}: {result.status}")
