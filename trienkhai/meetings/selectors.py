"""Reads of working sessions, through the viewer's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.meetings.models import Meeting
from trienkhai.textmine.normalize import fold


def meeting_get(*, viewer: Any, pk: Any) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("host"), viewer, "view", pk=pk)


def meeting_search(
    *, viewer: Any, q: str = "", year: Any = None, form: str = "", kind: str = ""
) -> QuerySet[Meeting]:
    qs = Meeting.objects.restrict(viewer).select_related("host").prefetch_related("visiting_units")
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if year:
        try:
            qs = qs.filter(date__year=int(year))
        except (TypeError, ValueError):
            qs = qs.none()
    if form:
        qs = qs.filter(form=form)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def meeting_links(*, meeting: Meeting) -> tuple[list[int], list[int]]:
    """The ids of a working session's visiting units and of its documents, each in its model's
    order (``meeting`` is one the viewer sees: from :func:`meeting_get`)."""
    return (
        list(meeting.visiting_units.values_list("pk", flat=True)),
        list(meeting.documents.values_list("pk", flat=True)),
    )
