"""Reads of inspection and supervision, through the viewer's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.followups.selectors import followup_search
from trienkhai.oversight.models import Inspection, OversightPlan, Recommendation
from trienkhai.textmine.normalize import fold


def inspection_get(*, viewer: Any, pk: Any) -> Inspection:
    return get_scoped_or_404(
        Inspection.objects.select_related("conducting_unit", "plan"), viewer, "view", pk=pk
    )


def recommendations_of(*, viewer: Any, inspection: Inspection) -> QuerySet[Recommendation]:
    """The recommendations of ``inspection`` the viewer may read: those addressed to a unit at
    or below one of the viewer's roles, and all of them for the inspecting side. Each carries
    only the follow-ups the viewer may read (``visible_followups``)."""
    return (
        Recommendation.objects.restrict(viewer)
        .filter(inspection=inspection)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "followups",
                queryset=followup_search(viewer=viewer).order_by("pk"),
                to_attr="visible_followups",
            )
        )
    )


def recommendation_get(*, viewer: Any, inspection: Inspection, pk: Any) -> Recommendation:
    """One recommendation of ``inspection`` the viewer may read; 404 otherwise."""
    return get_scoped_or_404(
        Recommendation.objects.filter(inspection=inspection).select_related("inspection", "unit"),
        viewer,
        "view",
        pk=pk,
    )


def inspection_search(
    *, viewer: Any, q: str = "", year: Any = None, kind: str = "", mode: str = "", plan: Any = None
) -> QuerySet[Inspection]:
    qs = (
        Inspection.objects.restrict(viewer)
        .select_related("conducting_unit")
        .prefetch_related("subject_units")
    )
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    if year:
        try:
            qs = qs.filter(start_on__year=int(year))
        except (TypeError, ValueError):
            qs = qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if mode:
        qs = qs.filter(mode=mode)
    if plan:
        qs = qs.filter(plan_id=plan)
    return qs


def plan_list(*, viewer: Any) -> QuerySet[OversightPlan]:
    return OversightPlan.objects.restrict(viewer).select_related("unit")


def plan_get(*, viewer: Any, pk: Any) -> OversightPlan:
    return get_scoped_or_404(OversightPlan.objects.select_related("unit"), viewer, "view", pk=pk)
