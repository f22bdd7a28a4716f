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


# ---------------------------------------------------------------- what the import screen reads
# (intake): the session a report speaks of and who was minuted at it.
import typing  # noqa: E402

if typing.TYPE_CHECKING:
    import datetime as dt

    from trienkhai.meetings.models import Participant
    from trienkhai.orgs.models import Unit


def meeting_on(*, viewer: Any, date: dt.date, unit: Unit) -> Meeting | None:
    """The visible working session of ``date`` that ``unit`` hosted or was visited at, if any."""
    from django.db.models import Q

    qs = Meeting.objects.restrict(viewer).filter(date=date).filter(Q(host=unit) | Q(visiting_units=unit))
    return qs.distinct().first()


def meeting_participants(*, meeting: Meeting) -> list[Participant]:
    """Who the minutes of ``meeting`` (one the viewer sees: from a selector) name, in order."""
    return list(meeting.participants.all())


def participant_get(*, viewer: Any, pk: Any) -> Participant:
    """A participant of a session the viewer sees; missing and out of scope are both 404."""
    from django.http import Http404

    from trienkhai.meetings.models import Participant

    try:
        return Participant.objects.select_related("meeting").get(
            pk=pk, meeting__in=Meeting.objects.restrict(viewer).values("pk")
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
