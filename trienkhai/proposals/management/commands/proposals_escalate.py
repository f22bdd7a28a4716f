"""``trienkhai proposals_escalate``: queue the escalation task (run it daily from cron)."""

from django.core.management.base import BaseCommand

from trienkhai.proposals.tasks import proposals_escalate_overdue


class Command(BaseCommand):
    help = "Queue the task that escalates overdue proposals one level up."

    def handle(self, *args, **options):
        result = proposals_escalate_overdue.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
