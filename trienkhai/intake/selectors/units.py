"""The units a report names, matched against the tree (orgs): the candidates, their names then
and now, and the bodies above the writer named relative to it ("Thành ủy", "cấp trên")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from trienkhai.intake.models import ImportedReport
from trienkhai.orgs import selectors as orgs_selectors
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit, UnitVersion
from trienkhai.proposals import selectors as proposals_selectors
from trienkhai.textmine.extract import (
    BODY_BEFORE_NAME,
    BODY_OF_KIND,
    COMMITTEE,
    PARENT,
    STANDING_BARE,
    Extraction,
)
from trienkhai.textmine.normalize import fold

MAX_CANDIDATE_UNITS = 3000


def candidate_units(report: ImportedReport, viewer: Any) -> list[Unit]:
    """Units a report filed under ``report.unit`` may name: its subtree, and the units above
    it with their staff bodies (the ones it reports and writes to) — including bodies that
    have since ended: a 2022 report names the Ban Tuyên giáo Trung ương of 2022. The subtree is
    the viewer's (all of it for whoever may read the report); the units above are the tree's,
    since a report writes to bodies its writer does not oversee."""
    below = list(
        orgs_selectors.unit_subtree(viewer=viewer, unit=report.unit).order_by("valid_to", "path")[
            :MAX_CANDIDATE_UNITS
        ]
    )
    above = list(proposals_selectors.units_above_with_staff(unit=report.unit).order_by("valid_to", "path"))
    seen: set[int] = set()
    out = []
    for u in above + below:
        if u.pk not in seen:
            seen.add(u.pk)
            out.append(u)
    return out


def unit_names(units: list[Unit]) -> dict[str, Unit]:
    """Name → unit, current names first, then the names they had ("Thị ủy Phổ Yên")."""
    by_name: dict[str, Unit] = {}
    for u in units:
        by_name.setdefault(" ".join(u.name.split()), u)
    by_pk = {u.pk: u for u in units}
    for unit_id, name in UnitVersion.objects.filter(unit_id__in=list(by_pk)).values_list("unit_id", "name"):
        by_name.setdefault(" ".join(name.split()), by_pk[unit_id])
    return by_name


def unit_mentions(ex: Extraction) -> list[dict]:
    out = []
    for u in ex.units:
        # A "typo" found by one edit on the folded words must still look like a name:
        # "phố đến" is one edit from "Phổ Yên" but is two ordinary words.
        if u.get("typo") and not u["text"][:1].isupper():
            continue
        out.append(u)
    return out


# A report names the committees above its writer by their kind alone: a ward writes "đề nghị
# Thành ủy …", "kiến nghị cấp trên …", "đề nghị Ban Tuyên giáo Thành ủy …". Each kind word and
# the unit kinds it stands for; a unit's own names are tried first ("Thị ủy" is the old name
# of Thành ủy Phổ Yên, and a 2021 report uses it).
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "trung ương": (UnitKind.CENTRAL_COMMITTEE,),
    "tỉnh ủy": (UnitKind.PROVINCIAL_COMMITTEE,),
    "thành ủy": (UnitKind.CITY_COMMITTEE,),
    "thị ủy": (UnitKind.TOWN_COMMITTEE,),
    "huyện ủy": (UnitKind.DISTRICT_COMMITTEE,),
    "quận ủy": (UnitKind.DISTRICT_COMMITTEE,),
    "đảng ủy": (UnitKind.WARD_COMMITTEE, UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE),
    "đảng ủy phường": (UnitKind.WARD_COMMITTEE,),
    "đảng ủy xã": (UnitKind.COMMUNE_COMMITTEE,),
}


@dataclass
class Above:
    """What a relative addressee resolves against: the units above the sender, nearest first,
    the review's candidate units (so every addressee found is a choice on the page) and the
    folded names each has had."""

    ancestors: list[Unit]
    units: list[Unit]
    names: dict[int, list[str]]
    on: dt.date


def above_sender(sender: Unit, units: list[Unit], by_name: dict[str, Unit], on: dt.date) -> Above:
    offered = {u.pk for u in units}
    ancestors = [a for a in Unit.objects.get_ancestors(sender) if a.pk in offered]
    names: dict[int, list[str]] = {}
    for name, u in by_name.items():
        names.setdefault(u.pk, []).append(fold(name))
    return Above(ancestors=ancestors[::-1], units=units, names=names, on=on)


def _named(above: Above, unit: Unit, key: str) -> bool:
    return any(n == key or n.startswith(key + " ") for n in above.names.get(unit.pk, [fold(unit.name)]))


def _committee(above: Above, word: str) -> Unit | None:
    """The nearest unit above the sender that the kind word names: by its names, else its kind."""
    key = fold(word)
    named = next((a for a in above.ancestors if _named(above, a, key)), None)
    if named is not None:
        return named
    kinds = _KIND_WORDS.get(" ".join(word.lower().split()), ())
    return next((a for a in above.ancestors if a.kind in kinds), None)


def _is_current(u: Unit, on: dt.date) -> bool:
    return (u.valid_from is None or u.valid_from <= on) and (u.valid_to is None or u.valid_to > on)


def _department(above: Above, committee: Unit, dept: str, word: str = "") -> Unit:
    """The committee's body called ``dept`` ("Ban Tuyên giáo [Thành ủy]"), or the committee itself
    when the tree holds no such body (a Ban Thường vụ is the committee between plenums)."""
    children = [u for u in above.units if u.parent_path == committee.path]
    for key in dict.fromkeys((fold(f"{dept} {word}"), fold(dept))):
        found = [u for u in children if _named(above, u, key)]
        if found:
            found.sort(key=lambda u: not _is_current(u, above.on))  # the body of that day first
            return found[0]
    return committee


def relative_addressee(
    text: str, pos: int, above: Above, named_at: dict[int, tuple[Unit, int]]
) -> tuple[Unit, int] | None:
    """The unit above the sender that ``text`` names at ``pos`` relative to the sender, and where
    that name ends: "Thành ủy quan tâm …" from a ward → its Thành ủy; "cấp trên" → the direct
    parent; "Ban Tuyên giáo Thành ủy" → that Thành ủy's Ban Tuyên giáo (or the Thành ủy when the
    tree has none); "Ban Thường vụ Thành ủy Phổ Yên" → the unit named. ``named_at`` holds the
    whole unit names found in the text (start → unit, end). ``None`` when nothing is named."""
    if not above.ancestors:
        return None
    m = PARENT.match(text, pos)
    if m:
        return above.ancestors[0], m.end()
    for start, (unit, end) in sorted(named_at.items()):
        if pos < start <= pos + 80 and (m := BODY_BEFORE_NAME.fullmatch(text, pos, start)):
            return _department(above, unit, m.group("dept")), end
    m = BODY_OF_KIND.match(text, pos)
    if m:
        committee = _committee(above, m.group("kind"))
        if committee is not None:
            return _department(above, committee, m.group("dept"), m.group("kind")), m.end()
    m = STANDING_BARE.match(text, pos)
    if m:
        return above.ancestors[0], m.end()
    m = COMMITTEE.match(text, pos)
    if m:
        committee = _committee(above, m.group("kind"))
        if committee is not None:
            return committee, m.end()
    return None
