"""Reads of proposals, always through the viewer's scope."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trienkhai.core.scoping import get_scoped_or_404, scope_paths, subtree_q
from trienkhai.core.status import TaskState, state_case
from trienkhai.proposals.models import Proposal, ProposalAttachment
from trienkhai.textmine.normalize import fold

BOXES = ("inbox", "outbox")


def proposal_get(*, viewer: Any, pk: Any, action: str = "view") -> Proposal:
    return get_scoped_or_404(
        Proposal.objects.select_related(
            "sender",
            "addressee",
            "department",
            "escalated_to",
            "answer_document",
            "source_meeting",
            "source_report",
        ),
        viewer,
        action,
        pk=pk,
    )


def proposal_search(
    *,
    viewer: Any,
    box: str = "",
    q: str = "",
    status: str = "",
    category: str = "",
    state: str = "",
    addressee: Any = None,
    sender: Any = None,
    year: Any = None,
) -> QuerySet[Proposal]:
    """Proposals in scope. ``inbox``: addressed to (or assigned to, or escalated to) the
    viewer's units or units under them; ``outbox``: sent by them."""
    qs = (
        Proposal.objects.restrict(viewer)
        .select_related("sender", "addressee", "department")
        .annotate(
            state_db=state_case(done_field="responded_on", due_field="due_on", today=timezone.localdate())
        )
    )
    paths = scope_paths(viewer, "view")
    if box in BOXES and paths is not None:
        if box == "inbox":
            qs = qs.filter(
                subtree_q("addressee", paths)
                | subtree_q("department", paths)
                | subtree_q("escalated_to", paths)
            )
        else:
            qs = qs.filter(subtree_q("sender", paths))
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if state in TaskState.values:
        qs = qs.filter(state_db=state)
    if addressee:
        qs = qs.filter(addressee_id=addressee)
    if sender:
        qs = qs.filter(sender_id=sender)
    if year:
        try:
            qs = qs.filter(sent_on__year=int(year))
        except (TypeError, ValueError):
            qs = qs.none()
    return qs


@dataclass
class AddresseeFigures:
    addressee_id: int
    name: str
    total: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def on_time_pct(self) -> int | None:
        return round(100 * self.on_time / self.answered) if self.answered else None


def _figures(rows: Any, today: dt.date) -> list[AddresseeFigures]:
    by: dict[int, AddresseeFigures] = {}
    for aid, name, sent, due, responded in rows:
        f = by.setdefault(aid, AddresseeFigures(aid, name))
        f.total += 1
        if responded is not None:
            f.answered += 1
            f.on_time += responded <= due
            f.days.append((responded - sent).days)
        elif due < today:
            f.overdue += 1
    return sorted(by.values(), key=lambda f: (-f.total, f.name))


def proposal_figures(*, queryset: QuerySet[Proposal], today: dt.date | None = None) -> list[AddresseeFigures]:
    """Per addressee: how many, answered (or declined with reasons), on time, overdue, median days."""
    rows = queryset.order_by().values_list(
        "addressee_id", "addressee__name", "sent_on", "due_on", "responded_on"
    )
    # A plain (client-side) cursor: on PostgreSQL .iterator() would declare a server-side
    # cursor WITH HOLD (three round trips and a materialised copy) for a few rows per unit.
    return _figures(rows, today or timezone.localdate())


@dataclass(frozen=True)
class UnitChoice:
    """A unit offered in a filter: what the template needs (``pk``, ``name``)."""

    pk: int
    name: str


@dataclass
class BoxSummary:
    total: int
    figures: list[AddresseeFigures]
    addressees: list[UnitChoice]
    senders: list[UnitChoice]


def proposal_box_summary(*, queryset: QuerySet[Proposal], today: dt.date | None = None) -> BoxSummary:
    """One query over a box: its count, the figures per addressee, and the addressees and
    senders for the filters (ordered like units, by path)."""
    rows = list(
        queryset.order_by().values_list(
            "addressee_id",
            "addressee__name",
            "sent_on",
            "due_on",
            "responded_on",
            "addressee__path",
            "sender_id",
            "sender__name",
            "sender__path",
        )
    )
    addressees = {r[5]: UnitChoice(r[0], r[1]) for r in rows}
    senders = {r[8]: UnitChoice(r[6], r[7]) for r in rows}
    return BoxSummary(
        total=len(rows),
        figures=_figures((r[:5] for r in rows), today or timezone.localdate()),
        addressees=[addressees[path] for path in sorted(addressees)],
        senders=[senders[path] for path in sorted(senders)],
    )


def attachment_get(*, viewer: Any, pk: Any) -> ProposalAttachment:
    try:
        return ProposalAttachment.objects.select_related("proposal").get(
            pk=pk, proposal__in=Proposal.objects.restrict(viewer).values("pk")
        )
    except (ProposalAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def proposals_raised_from(*, viewer: Any, meeting: Any = None, report: Any = None) -> QuerySet[Proposal]:
    qs = Proposal.objects.restrict(viewer)
    cond = Q()
    if meeting is not None:
        cond |= Q(source_meeting=meeting)
    if report is not None:
        cond |= Q(source_report=report)
    return qs.filter(cond) if cond else qs.none()
