"""Background work: thin tasks that call services (run by ``trienkhai db_worker``)."""

from __future__ import annotations

from django.tasks import task

from trienkhai.core.scoping import SYSTEM
from trienkhai.proposals.services import proposal_escalate_overdue


@task
def proposals_escalate_overdue() -> int:
    """Report every overdue, unanswered proposal one level above its addressee."""
    return proposal_escalate_overdue(acting_user=SYSTEM)
