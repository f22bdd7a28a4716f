"""Reads of the imported reports themselves, and of the records a confirmed report made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents import selectors as documents_selectors
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.meetings import selectors as meetings_selectors
from trienkhai.opinion import selectors as opinion_selectors
from trienkhai.proposals import selectors as proposals_selectors
from trienkhai.rollout import selectors as rollout_selectors


def report_list(*, viewer: Any) -> QuerySet[ImportedReport]:
    return ImportedReport.objects.restrict(viewer).select_related("unit", "created_by")


def report_get(*, viewer: Any, pk: Any, action: str = "view") -> ImportedReport:
    return get_scoped_or_404(ImportedReport.objects.select_related("unit"), viewer, action, pk=pk)


def report_provenance(*, viewer: Any, report: ImportedReport) -> QuerySet[ImportProvenance]:
    return ImportProvenance.objects.restrict(viewer).filter(report=report)


def report_facts(*, viewer: Any, report: ImportedReport) -> QuerySet[ImportedFact]:
    return ImportedFact.objects.restrict(viewer).filter(report=report).select_related("step", "step__rollout")


def _fact(viewer: Any, pk: Any) -> tuple[Any, str, list[Any]]:
    fact = get_scoped_or_404(ImportedFact.objects.select_related("step"), viewer, "view", pk=pk)
    return fact, "rollout:detail", [fact.step.rollout_id]


def _one(get: Callable[..., Any], url_name: str, args: Callable[[Any], list[Any]]) -> Callable[..., Any]:
    def read(viewer: Any, pk: Any) -> tuple[Any, str, list[Any]]:
        obj = get(viewer=viewer, pk=pk)
        return obj, url_name, args(obj)

    return read


# Each kind of record a confirmation makes, read through its app's selector (with the viewer's
# scope), and the page it is shown on.
_RECORDS: dict[str, Callable[..., tuple[Any, str, list[Any]]]] = {
    "documents.document": _one(documents_selectors.document_get, "documents:detail", lambda d: [d.pk]),
    "documents.documentlink": _one(
        documents_selectors.document_link_get, "documents:detail", lambda link: [link.source_id]
    ),
    "meetings.meeting": _one(meetings_selectors.meeting_get, "meetings:detail", lambda m: [m.pk]),
    "meetings.participant": _one(
        meetings_selectors.participant_get, "meetings:detail", lambda p: [p.meeting_id]
    ),
    "proposals.proposal": _one(proposals_selectors.proposal_get, "proposals:detail", lambda p: [p.pk]),
    "opinion.pressingissue": _one(
        opinion_selectors.pressing_issue_get, "opinion:detail", lambda i: [i.report_id]
    ),
    "rollout.steprecord": _one(
        rollout_selectors.record_get, "rollout:record", lambda r: [r.step_id, r.unit_id]
    ),
    "intake.importedfact": _fact,
}


def provenance_rows(*, viewer: Any, report: ImportedReport) -> list[dict]:
    """Each record this report created or recognised, named and linked when the viewer may read
    it; one they may not (or that is gone) only by its kind and number, like a missing one."""
    rows = []
    for p in report_provenance(viewer=viewer, report=report):
        label, url = f"{p.record_type} #{p.record_id}", None
        read = _RECORDS.get(p.record_type)
        if read is not None:
            try:
                obj, url_name, args = read(viewer, p.record_id)
            except Http404:
                pass
            else:
                label, url = str(obj)[:200], reverse(url_name, args=args)
        rows.append({"p": p, "url": url, "label": label})
    return rows
