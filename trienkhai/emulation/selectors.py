"""Reads of campaigns, nominations, practices and adoptions, always through scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.emulation.choices import NominationStatus, WorkKind
from trienkhai.emulation.models import Adoption, Campaign, Nomination, Practice, PracticeAttachment
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import fold


def campaign_get(*, viewer: Any, pk: Any, action: str = "view") -> Campaign:
    return get_scoped_or_404(Campaign.objects.select_related("unit", "document"), viewer, action, pk=pk)


def campaign_search(*, viewer: Any, q: str = "", year: Any = None) -> QuerySet[Campaign]:
    qs = (
        Campaign.objects.restrict(viewer)
        .select_related("unit")
        .order_by("-starts_on", "-id")
        .annotate(
            nominated=Count("nominations", distinct=True),
            approved=Count(
                "nominations", filter=Q(nominations__status=NominationStatus.APPROVED), distinct=True
            ),
        )
    )
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if year:
        try:
            y = int(year)
            qs = qs.filter(starts_on__lte=dt.date(y, 12, 31), ends_on__gte=dt.date(y, 1, 1))
        except (TypeError, ValueError):
            qs = qs.none()
    return qs


def nominations_of(*, viewer: Any, campaign: Campaign, status: str = "") -> QuerySet[Nomination]:
    qs = (
        Nomination.objects.restrict(viewer)
        .filter(campaign=campaign)
        .select_related("unit", "nominee_unit", "person", "decision_document")
    )
    return qs.filter(status=status) if status in NominationStatus.values else qs


def nomination_get(*, viewer: Any, pk: Any) -> Nomination:
    return get_scoped_or_404(
        Nomination.objects.select_related("campaign", "campaign__unit", "unit", "decision_document"),
        viewer,
        "view",
        pk=pk,
    )


def practice_get(*, viewer: Any, pk: Any) -> Practice:
    return get_scoped_or_404(
        Practice.objects.select_related("unit", "featured_by").annotate(adoption_count=Count("adoptions")),
        viewer,
        "view",
        pk=pk,
    )


def practice_search(
    *, viewer: Any, q: str = "", work_kind: str = "", featured: bool = False, order: str = ""
) -> QuerySet[Practice]:
    qs = (
        Practice.objects.restrict(viewer)
        .select_related("unit", "featured_by")
        .annotate(adoption_count=Count("adoptions"))
    )
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if work_kind in WorkKind.values:
        qs = qs.filter(work_kind=work_kind)
    if featured:
        qs = qs.filter(featured_by__isnull=False)
    # A fixed map of orders: user input never reaches order_by directly.
    orders = {"adopted": ("-adoption_count", "-id"), "": ("-featured_on", "-created_at", "-id")}
    return qs.order_by(*orders.get(order, orders[""]))


#: How alike two titles of one unit must be to be pointed out as a near-duplicate.
SIMILAR_RATIO = 0.85


def _title_key(title: str) -> str:
    return " ".join(fold(title or "").split())


def titles_similar(a: str, b: str) -> bool:
    """Same words in any order, or a difflib ratio ≥ 0.85, ignoring case and diacritics."""
    from difflib import SequenceMatcher

    ka, kb = _title_key(a), _title_key(b)
    if not ka or not kb:
        return False
    ta, tb = set(ka.split()), set(kb.split())
    overlap = len(ta & tb) / len(ta | tb)
    return overlap >= SIMILAR_RATIO or SequenceMatcher(None, ka, kb).ratio() >= SIMILAR_RATIO


def practice_similar(*, viewer: Any, unit: Any, title: str, limit: int = 5) -> list[Practice]:
    """The unit's practices (that the viewer may read) whose titles are near ``title``."""
    qs = Practice.objects.restrict(viewer).filter(unit=unit).only("pk", "title", "unit_id", "created_at")
    return [p for p in qs.order_by("-id")[:500] if titles_similar(p.title, title)][:limit]


def practice_adoptions(*, viewer: Any, practice: Practice) -> QuerySet[Adoption]:
    return Adoption.objects.restrict(viewer).filter(practice=practice).select_related("unit")


def adoption_get(*, viewer: Any, pk: Any) -> Adoption:
    return get_scoped_or_404(Adoption.objects.select_related("unit", "practice"), viewer, "view", pk=pk)


def practice_attachment_get(*, viewer: Any, pk: Any) -> PracticeAttachment:
    try:
        return PracticeAttachment.objects.select_related("practice").get(
            pk=pk, practice__in=Practice.objects.restrict(viewer).values("pk")
        )
    except (PracticeAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class RecognitionPanel:
    unit: Unit
    year: int
    active_campaigns: list[Campaign]
    pending: int
    approved_this_year: int
    top_practices: list[Practice] = field(default_factory=list)
    practices: int = 0
    adoptions: int = 0


def recognition_panel(*, viewer: Any, unit: Unit, today: dt.date | None = None) -> RecognitionPanel:
    today = today or timezone.localdate()
    campaigns = Campaign.objects.restrict(viewer).filter(
        Q(unit__path__startswith=unit.path) | Q(unit__path__in=unit.ancestor_paths())
    )
    nominations = Nomination.objects.restrict(viewer).filter(
        Q(unit__path__startswith=unit.path) | Q(campaign__unit__path__startswith=unit.path)
    )
    practices = practice_search(viewer=viewer).filter(
        Q(unit__path__startswith=unit.path) | Q(featured_by__isnull=False)
    )
    return RecognitionPanel(
        unit=unit,
        year=today.year,
        active_campaigns=list(
            campaigns.filter(starts_on__lte=today, ends_on__gte=today).select_related("unit")[:3]
        ),
        pending=nominations.filter(status=NominationStatus.PENDING).count(),
        approved_this_year=nominations.filter(
            status=NominationStatus.APPROVED, decided_on__year=today.year
        ).count(),
        top_practices=list(practices.order_by("-adoption_count", "-id")[:3]),  # type: ignore[misc]  # annotated above
        practices=practices.count(),
        adoptions=Adoption.objects.filter(practice__in=practices.values("pk")).count(),
    )


def report_sections(*, viewer: Any, unit: Unit, year: int) -> list:
    """Emulation, recognition and good practices for the periodic Word report."""
    from trienkhai.core.partydoc import Item, Section, Table

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    campaigns = list(
        campaign_search(viewer=viewer, year=year).filter(
            Q(unit__path__startswith=unit.path) | Q(unit__path__in=unit.ancestor_paths())
        )
    )
    approved = list(
        Nomination.objects.restrict(viewer)
        .filter(
            status=NominationStatus.APPROVED, decided_on__range=(start, end), unit__path__startswith=unit.path
        )
        .select_related("campaign", "decision_document")
    )
    practices = list(
        practice_search(viewer=viewer, order="adopted").filter(unit__path__startswith=unit.path)[:20]
    )
    body: list = [
        _(
            "Năm %(y)s có %(c)s phong trào thi đua; %(n)s tập thể, cá nhân điển hình được khen thưởng; "
            "%(p)s cách làm hay được ghi nhận."
        )
        % {"y": year, "c": len(campaigns), "n": len(approved), "p": len(practices)},
    ]
    if approved:
        body.append(
            Item(
                _("Tập thể, cá nhân điển hình được khen thưởng"),
                [
                    Table(
                        headers=[_("TT"), _("Tập thể, cá nhân"), _("Phong trào"), _("Quyết định")],
                        rows=[
                            [i, n.nominee_name, n.campaign.title, str(n.decision_document or "")]
                            for i, n in enumerate(approved, start=1)
                        ],
                    )
                ],
            )
        )
    if practices:
        body.append(
            Item(
                _("Cách làm hay, sáng tạo và việc nhân rộng"),
                [
                    Table(
                        headers=[_("TT"), _("Cách làm"), _("Đơn vị"), _("Số đơn vị áp dụng")],
                        rows=[
                            [i, p.title, p.unit.name, p.adoption_count]  # type: ignore[attr-defined]  # annotated
                            for i, p in enumerate(practices, start=1)
                        ],
                    )
                ],
            )
        )
    return [Section(_("Công tác thi đua, khen thưởng và nhân rộng cách làm hay"), body)]
