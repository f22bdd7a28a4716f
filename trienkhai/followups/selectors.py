"""Reads of follow-up tasks, through the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.core.status import TaskState, state_case
from trienkhai.followups.models import FollowUp
from trienkhai.textmine.normalize import fold

SOURCE_KINDS = {
    "meeting": "source_conclusion",
    "oversight": "source_recommendation",
    "proposal": "source_proposal",
}


def followup_get(*, viewer: Any, pk: Any, action: str = "view") -> FollowUp:
    return get_scoped_or_404(
        FollowUp.objects.select_related(
            "unit",
            "assigned_by",
            "source_conclusion__meeting",
            "source_recommendation__inspection",
            "source_proposal",
        ),
        viewer,
        action,
        pk=pk,
    )


def followup_search(
    *,
    viewer: Any,
    unit: Any = None,
    include_below: bool = False,
    q: str = "",
    state: str = "",
    source: str = "",
) -> QuerySet[FollowUp]:
    """Follow-ups in scope, with ``state_db`` computed in SQL (same answer as ``state_of``)."""
    qs = (
        FollowUp.objects.restrict(viewer)
        .select_related("unit", "assigned_by")
        .annotate(state_db=state_case(done_field="done_on", due_field="due_on", today=timezone.localdate()))
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path) if include_below else qs.filter(unit=unit)
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if state in TaskState.values:
        qs = qs.filter(state_db=state)
    field = SOURCE_KINDS.get(source)
    if field:
        qs = qs.filter(**{f"{field}__isnull": False})
    elif source == "other":
        qs = qs.filter(Q(source_conclusion=None) & Q(source_recommendation=None) & Q(source_proposal=None))
    return qs


@dataclass
class StateCounts:
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open + self.overdue


def followup_state_counts(*, queryset: QuerySet[FollowUp]) -> StateCounts:
    # state_db is annotated by followup_search(), which the stubs cannot follow into the argument.
    rows = queryset.order_by().values("state_db").annotate(n=Count("id"))  # type: ignore[misc]
    counts = StateCounts()
    for row in rows:
        setattr(counts, row["state_db"], row["n"])
    return counts


def open_work_at(*, units: list[Any]) -> list[tuple[str, int]]:
    """For a reorganisation's preview: follow-up tasks the units still owe."""
    from django.utils.translation import gettext as _

    from trienkhai.followups.models import FollowUp

    n = FollowUp.objects.filter(unit__in=[u.pk for u in units], done_on__isnull=True).count()
    return [(_("việc cần theo dõi chưa hoàn thành"), n)]
