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
