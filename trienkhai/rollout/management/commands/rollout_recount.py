from django.core.management.base import BaseCommand

from trienkhai.rollout.models import Step
from trienkhai.rollout.services import tally_rebuild


class Command(BaseCommand):
    help = "Recount every step's tallies from the records (they are kept current as records arrive)."

    def handle(self, *args, **options):
        steps = Step.objects.select_related("rollout", "rollout__owner_unit")
        total = steps.count()
        for i, step in enumerate(steps.iterator(), start=1):
            tally_rebuild(step=step)
            self.stderr.write(f"\r{i}/{total}", ending="")
        self.stderr.write("")
        self.stdout.write(f"recounted {total} steps")
