"""The review of one report: the reading matched against each app (one module per app), the
reviewer's changes, and what the viewer may create. The entry point is ``report_findings``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.intake import figures as fig
from trienkhai.intake.models import ImportedReport
from trienkhai.intake.selectors import documents, meetings, opinion, proposals, rollout
from trienkhai.intake.selectors._common import Findings, May
from trienkhai.intake.selectors.edits import apply_edits
from trienkhai.intake.selectors.units import candidate_units, unit_mentions, unit_names
from trienkhai.textmine.extract import Extraction, extract

_TIME_AFTER = re.compile(r"^\s{0,2}\d{1,2}[:h]\d")


def _event_date(ex: Extraction) -> dt.date | None:
    """The day the report speaks of: a date printed with a time (a news item's dateline),
    else the first date that is not a cited document's issue date."""
    today = timezone.localdate()
    doc_dates = {r["date"] for r in ex.doc_refs if r.get("date")}
    dated = []
    for d in ex.dates:
        day = dt.date.fromisoformat(d["date"])
        if day > today:
            continue
        dated.append((d, day))
    with_time = [day for d, day in dated if _TIME_AFTER.match(ex.text[d["span"][1] : d["span"][1] + 8])]
    if len(with_time) == 1:
        return with_time[0]
    if len(with_time) > 1:
        return min(with_time)  # a page header's "today" comes later than the article's date
    rest = [day for d, day in dated if d["date"] not in doc_dates]
    return rest[0] if rest else None


def refuse_uncreatable(f: Findings, viewer: Any) -> None:
    """Each new item against the service that would create it, with the scope rule it applies
    (``covers``, or the document's own scope for a link): a document registers in its issuing
    unit's registry, a link is written on its source document, a meeting under its host,
    participants in the host's minutes, a proposal by its sender, figures and concerns under the
    report's unit. An item resting on one that will not be made (a link to a refused document, a
    participant of a refused meeting) is refused too. A refused item is unticked and says why
    (``refused``), so confirming the defaults never fails on it."""
    may = May(f, viewer)
    documents.refuse_uncreatable(f, viewer, may)
    meetings.refuse_uncreatable(f, viewer, may)
    proposals.refuse_uncreatable(f, may)
    rollout.refuse_uncreatable(f, may)
    opinion.refuse_uncreatable(f, may)


def report_findings(
    *, report: ImportedReport, viewer: Any, edits: list[dict] | None = None, strict: bool = False
) -> Findings:
    """The review of one report as ``viewer`` sees it (matching uses only what they may see),
    with the reviewer's ``edits`` applied (``edits.apply_edits``: one that cannot be made is
    dropped, or with ``strict`` refused with a ``ValidationError`` naming it)."""
    units = candidate_units(report, viewer)
    by_name = unit_names(units)
    ex = extract(report.source_text, units=list(by_name))
    f = Findings(report=report, extraction=ex, text=ex.text, date=_event_date(ex), unit_choices=units)
    f.units = unit_mentions(ex)
    docs = documents.match_documents(f, viewer)
    documents.match_links(f, viewer, docs)
    documents.match_codeless(f, viewer)
    meetings.match_meeting(f, viewer, by_name, units)
    meetings.people(f)
    figures = fig.classify(ex.text, percents=ex.percents, counts=ex.counts)
    steps = rollout.Steps(f, viewer, docs)
    rollout.match_coverage(f, viewer, steps, figures)
    placed = rollout.match_records(f, viewer, steps, figures)
    rollout.figure_rows(f, figures, placed)
    proposals.match_proposals(f, viewer, by_name)
    opinion.match_concerns(f, viewer)
    if edits:
        apply_edits(f, viewer, edits, strict=strict)
    refuse_uncreatable(f, viewer)
    for u in f.units:
        if u.get("typo"):
            f.notes.append(
                _("“%(w)s” có lẽ là “%(s)s” (đã đối chiếu theo tên đúng).")
                % {"w": u["text"], "s": u["suggestion"]}
            )
    for t in ex.typos:
        f.notes.append(_("“%(w)s” có lẽ viết sai, là “%(s)s”?") % {"w": t["text"], "s": t["suggestion"]})
    if not ex.doc_refs and not ex.persons and not ex.percents and not ex.proposals:
        f.notes.append(_("Không tìm thấy văn bản, người, tỷ lệ hay kiến nghị nào trong nội dung này."))
    return f


def default_selections(findings: Findings) -> dict[str, Any]:
    """What confirming without changes would create: the ticked items, as proposed."""
    out: dict[str, Any] = {g: [] for g in Findings.GROUPS}
    for g in Findings.GROUPS:
        for item in getattr(findings, g):
            if item["selected"]:
                out[g].append({"key": item["key"], **item["fields"]})
    m = findings.meeting
    out["meeting"] = {"key": m["key"], **m["fields"]} if m and m["selected"] else None
    op = findings.opinion
    out["opinion"] = {"mood": op["mood"]} if op else None
    return out


def refused_items(findings: Findings) -> list[dict]:
    """The items the viewer may not create, each with why."""
    return [
        {"key": i["key"], "kind": i["kind"], "label": i.get("label", ""), "reason": i["refused"]}
        for i in findings.items()
        if i.get("refused")
    ]


def set_aside_refused(findings: Findings, viewer: Any, selections: dict) -> tuple[dict, list[dict]]:
    """``selections`` without the rows the viewer may not create, and those rows with why (the
    API's confirmation creates the others rather than failing). Each row's values are laid on its
    item first, so a refusal is judged on what would be written: a document moved to a registry
    the viewer keeps is no longer refused, a proposal sent from a unit out of reach is."""
    items = findings.by_key()
    rows = [r for g in Findings.GROUPS for r in selections.get(g) or []]
    if selections.get("meeting"):
        rows.append(selections["meeting"])
    for row in rows:
        item = items.get(row.get("key"))
        if item is not None:
            item["fields"].update({k: v for k, v in row.items() if k in item["fields"]})
    for item in items.values():
        item.pop("refused", None)
    refuse_uncreatable(findings, viewer)
    refused = [r for r in refused_items(findings) if any(row.get("key") == r["key"] for row in rows)]
    aside = {r["key"] for r in refused}
    kept = dict(selections)
    for g in Findings.GROUPS:
        kept[g] = [r for r in selections.get(g) or [] if r.get("key") not in aside]
    if selections.get("meeting") and selections["meeting"].get("key") in aside:
        kept["meeting"] = None
    return kept, refused
