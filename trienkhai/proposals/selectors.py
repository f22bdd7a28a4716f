"""Reads of proposals, always through the viewer's scope."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trienkhai.core.scoping import above_scope, above_scope_q, covers, get_scoped_or_404, scope_q, sees_all
from trienkhai.core.status import TaskState, state_case
from trienkhai.orgs.models import Unit
from trienkhai.proposals.choices import STAFF_KINDS
from trienkhai.proposals.models import Proposal, ProposalAttachment
from trienkhai.textmine.normalize import fold

BOXES = ("inbox", "outbox")


def above_q_with_staff(unit: Unit) -> Q:
    """The units above ``unit`` and the staff bodies (boards, steering committees) of each:
    where a proposal from ``unit`` may go. Matches nothing for a root."""
    ancestors = unit.ancestor_paths()
    q = Q(path__in=ancestors) if ancestors else Q(pk__in=[])
    # ancestors are root first: the one at index i has depth i + 1, its staff bodies i + 2.
    for i, a in enumerate(ancestors):
        q |= Q(path__startswith=a, depth=i + 2, kind__in=STAFF_KINDS)
    return q


def addressee_candidates(*, viewer: Any) -> list[Unit]:
    """Units the viewer's units may write to: the units above them, the staff bodies of
    committees at or above them, and committees under them (which may write up to the
    viewer's own). The service makes the exact check per sender."""
    if sees_all(viewer, "change"):
        return list(Unit.objects.filter(valid_to__isnull=True, numchild__gt=0)[:500])
    cond = above_scope_q(viewer, "change", include_self=False) | Q(kind__in=STAFF_KINDS, depth__gt=1)
    cond |= Q(scope_q(viewer, "change"), numchild__gt=0)
    qs = Unit.objects.filter(cond, valid_to__isnull=True)
    # Staff bodies only of committees at or above the user's units.
    return [
        u
        for u in qs[:2000]
        if u.kind not in STAFF_KINDS
        or above_scope(viewer, u.parent_path, "change")
        or covers(viewer, u, "change")
    ][:500]


def addressee_choices(*, viewer: Any, senders: list[Unit]) -> tuple[list[Unit], int | None]:
    """What the proposal form offers as "Gửi đến", and its default: the units above the
    viewer's own (not the viewer's units themselves), starting at the first sender's
    direct superior (decision 0086)."""
    everywhere = sees_all(viewer, "change")  # a superuser, who may send from anywhere
    addressees = [
        u
        for u in addressee_candidates(viewer=viewer)
        if (u.pk != senders[0].pk if everywhere else not covers(viewer, u, "change"))
    ]
    superior = next((u.pk for u in addressees if u.path == senders[0].parent_path), None)
    return addressees, superior


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
    if box == "inbox":
        qs = qs.restrict_by(viewer, "addressee", "department", "escalated_to")
    elif box == "outbox":
        qs = qs.restrict_by(viewer, "sender")
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


def open_work_at(*, units: list[Unit]) -> list[tuple[str, int]]:
    """For a reorganisation's preview: proposals still waiting, sent by or to ``units``."""
    from django.utils.translation import gettext as _

    from trienkhai.proposals.choices import AWAITING

    pks = [u.pk for u in units]
    waiting = Proposal.objects.filter(status__in=AWAITING)
    return [
        (_("kiến nghị đang chờ do các đơn vị này gửi"), waiting.filter(sender__in=pks).count()),
        (_("kiến nghị đang chờ gửi đến các đơn vị này"), waiting.filter(addressee__in=pks).count()),
    ]


# ---------------------------------------------------------------- what the import screen reads
# (intake): where a report's requests may go, and what its unit has already sent.


def units_above_with_staff(*, unit: Unit) -> QuerySet[Unit]:
    """The units above ``unit`` and the staff bodies of each (``above_q_with_staff``), ended
    ones too: a 2022 report writes to the bodies of 2022."""
    return Unit.objects.filter(above_q_with_staff(unit))


def proposals_sent_by(*, viewer: Any, sender: Unit, limit: int = 300) -> list[Proposal]:
    """The latest visible proposals ``sender`` sent, newest first."""
    return list(Proposal.objects.restrict(viewer).filter(sender=sender).order_by("-sent_on")[:limit])
