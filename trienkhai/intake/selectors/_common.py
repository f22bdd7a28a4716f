"""What the matching modules share: the review's result (``Findings``), the shape of a proposed
record, and the words of a refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from trienkhai.core.scoping import covers
from trienkhai.intake.choices import MatchState
from trienkhai.intake.models import ImportedReport
from trienkhai.orgs.models import Unit
from trienkhai.textmine.extract import Extraction


@dataclass
class Findings:
    report: ImportedReport
    extraction: Extraction
    text: str
    date: dt.date | None
    units: list[dict] = field(default_factory=list)  # unit mentions, typos with suggestions
    documents: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    meeting: dict | None = None
    participants: list[dict] = field(default_factory=list)
    # every person read, with the participant proposed for them or why none is
    people: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    # the unit's own records of conference and dissemination steps, filled from the figures
    records: list[dict] = field(default_factory=list)
    # every percent and count read: what it counts, and where it is used or why not
    figures: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    concerns: list[dict] = field(default_factory=list)
    opinion: dict | None = None  # where the concerns would go
    # flagged sentences that are the unit's own difficulties, lessons or work, not opinion
    kept_apart: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be matched, said plainly
    # the reviewer's changes that were made, each with the key of the item it made
    edits: list[dict] = field(default_factory=list)
    unit_choices: list[Unit] = field(default_factory=list)

    GROUPS = ("documents", "links", "participants", "coverage", "records", "proposals", "concerns")

    def items(self) -> list[dict]:
        out: list[dict] = []
        for g in ("documents", "links"):
            out += getattr(self, g)
        if self.meeting:
            out.append(self.meeting)
        for g in ("participants", "coverage", "records", "proposals", "concerns"):
            out += getattr(self, g)
        return out

    def by_key(self) -> dict[str, dict]:
        return {i["key"]: i for i in self.items()}

    def to_dict(self) -> dict:
        def plain(v: Any) -> Any:
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [plain(x) for x in v]
            if isinstance(v, dt.date):
                return v.isoformat()
            if isinstance(v, Decimal):
                return float(v)
            if isinstance(v, Unit):
                return v.pk
            return v

        return {
            "findings": self.extraction.to_dict(),
            "date": self.date.isoformat() if self.date else None,
            "proposed": plain(
                {
                    "documents": self.documents,
                    "links": self.links,
                    "meeting": self.meeting,
                    "participants": self.participants,
                    "coverage": self.coverage,
                    "records": self.records,
                    "proposals": self.proposals,
                    "concerns": self.concerns,
                    "opinion": self.opinion,
                }
            ),
            "figures": plain(self.figures),
            "people": plain(self.people),
            "kept_apart": plain(self.kept_apart),
            "unit_mentions": plain(self.units),
            "notes": self.notes,
            "edits": plain(self.edits),
        }


def new_item(kind: str, span: tuple[int, int], quote: str, **kw: Any) -> dict:
    item = {
        "key": f"{kind}:{span[0]}-{span[1]}",
        "kind": kind,
        "span": [span[0], span[1]],
        "quote": quote,
        "state": MatchState.NEW.value,
        "selected": True,
        "note": "",
        "existing": None,
        "fields": {},
    }
    item.update(kw)
    return item


def record_ref(obj: Any, label: str, url_name: str) -> dict:
    return {"type": obj._meta.label_lower, "id": obj.pk, "label": label, "url_name": url_name}


def is_below(unit: Unit | None, top: Unit | None) -> bool:
    return bool(unit and top and unit.is_within(top))


def refuse_item(item: dict, why: str) -> None:
    """Untick an item the viewer could not create, saying why next to it: confirming the
    defaults must never fail on an item the reviewer did not choose."""
    item["selected"] = False
    item["refused"] = _("Bạn không có quyền tạo mục này: %(why)s") % {"why": why}


def out_of_scope(unit: Unit | None, role: str) -> str:
    return _("“%(u)s” (%(r)s) nằm ngoài phạm vi bạn được cập nhật.") % {
        "u": unit.name if unit else "—",
        "r": role,
    }


class May:
    """Whether the viewer may create a record at a unit, by the rule the services apply
    (``core.scoping.covers``), and the units the proposed fields name by id."""

    def __init__(self, f: Findings, viewer: Any):
        self.viewer = viewer
        self.units = {u.pk: u for u in f.unit_choices}

    def unit(self, pk: Any) -> Unit | None:
        if pk in (None, ""):
            return None
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        return self.units.get(pk) or Unit.objects.filter(pk=pk).first()

    def __call__(self, unit: Unit | None) -> bool:
        return covers(self.viewer, unit, "change")


def is_new(item: dict) -> bool:
    return item["state"] != MatchState.EXISTING.value
