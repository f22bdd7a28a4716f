"""Pull the facts out of a Vietnamese narrative report.

:func:`extract` reads one text and returns an :class:`Extraction`: the
documents it cites (with their issue dates), the people it names (with their
positions), percentages, calendar dates, terms of office, congress and plenum
references, counts, forms and channels of propaganda, proposals, concerns,
lessons and organisation mentions.

Before extracting, the text is cleaned (:mod:`trienkhai.textmine.clean`):
NFC, modern tone placement, folded spaces, escaped line breaks, the debris of
a saved web page, captions printed twice. **All spans are offsets into the
cleaned text** (``Extraction.text``); ``Extraction.to_original(offset)`` maps
an offset back to the input (exact at line starts).

The rules are general (word lists of positions, ranks, family names; the
layout of document headers) and run in linear time: every regex is a flat
sequence of bounded repeats, and context windows are of fixed size.

One module per kind of finding: ``dates``, ``documents`` (codes and their issue
dates), ``persons`` and ``titles``, ``figures`` (percents and counts),
``channels``, ``terms`` (terms of office, congresses, plenums), ``proposals``,
``concerns`` (and lessons), ``units`` (mentions read without a unit list) and
``unit_matching`` (names of a given list); ``common`` holds what they share.
This module is the entry point and what other packages import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trienkhai.textmine.clean import Prepared, prepare
from trienkhai.textmine.extract.channels import _find_channels
from trienkhai.textmine.extract.common import Item, _Sentences
from trienkhai.textmine.extract.concerns import _find_concerns, _find_lessons
from trienkhai.textmine.extract.dates import _find_dates
from trienkhai.textmine.extract.documents import _find_doc_refs
from trienkhai.textmine.extract.figures import _find_counts, _find_percents
from trienkhai.textmine.extract.persons import _find_persons
from trienkhai.textmine.extract.proposals import (
    BODY_BEFORE_NAME,
    BODY_OF_KIND,
    COMMITTEE,
    PARENT,
    STANDING_BARE,
    _find_proposals,
    cap,
)
from trienkhai.textmine.extract.terms import _find_congress, _find_terms
from trienkhai.textmine.extract.unit_matching import _match_units
from trienkhai.textmine.extract.units import _find_org_mentions
from trienkhai.textmine.typos import find_name_typos, find_typos, name_index

__all__ = [
    "BODY_BEFORE_NAME",
    "BODY_OF_KIND",
    "COMMITTEE",
    "PARENT",
    "STANDING_BARE",
    "Extraction",
    "Item",
    "cap",
    "extract",
]


@dataclass
class Extraction:
    """Everything found in one text. Spans are offsets into ``text`` (the
    cleaned text); use :meth:`to_original` for offsets in the input."""

    text: str
    doc_refs: list[Item] = field(default_factory=list)
    persons: list[Item] = field(default_factory=list)
    percents: list[Item] = field(default_factory=list)
    dates: list[Item] = field(default_factory=list)
    terms: list[Item] = field(default_factory=list)
    congress_refs: list[Item] = field(default_factory=list)
    counts: list[Item] = field(default_factory=list)
    channels: list[Item] = field(default_factory=list)
    proposals: list[Item] = field(default_factory=list)
    concerns: list[Item] = field(default_factory=list)
    lessons: list[Item] = field(default_factory=list)
    units: list[Item] = field(default_factory=list)
    # probable typos in names of bodies and documents ("Bản Chỉ đạo35"): ``typos.find_typos``
    typos: list[Item] = field(default_factory=list)
    prepared: Prepared | None = field(default=None, repr=False)

    FIELDS = (
        "doc_refs",
        "persons",
        "percents",
        "dates",
        "terms",
        "congress_refs",
        "counts",
        "channels",
        "proposals",
        "concerns",
        "lessons",
        "units",
        "typos",
    )

    def to_original(self, offset: int) -> int:
        return self.prepared.to_original(offset) if self.prepared else offset

    def to_dict(self, source: str | None = None) -> Item:
        out: Item = {}
        if source is not None:
            out["source"] = source
        for name in self.FIELDS:
            out[name] = [dict(item) for item in getattr(self, name)]
        out["spans_refer_to"] = "cleaned_text"
        return out


def extract(text: str, *, units: Iterable[str] | None = None) -> Extraction:
    """Extract the facts of one report. Spans refer to the cleaned text
    (``Extraction.text``); see :meth:`Extraction.to_original`."""
    prep = prepare(text)
    t = prep.text
    sents = _Sentences(t)
    dates = _find_dates(t)
    doc_refs = _find_doc_refs(t, dates, sents)
    persons = _find_persons(t, prep.raw, sents)
    mentions = _find_org_mentions(t)
    names = list(units) if units is not None else None
    unit_list = _match_units(t, names) if names is not None else mentions
    ex = Extraction(
        text=t,
        doc_refs=doc_refs,
        persons=persons,
        percents=_find_percents(t, sents),
        dates=[{"date": d["date"], "text": d["text"], "span": d["span"]} for d in dates],
        terms=_find_terms(t),
        congress_refs=_find_congress(t),
        counts=_find_counts(t),
        channels=_find_channels(t),
        proposals=_find_proposals(t, sents, mentions),
        concerns=_find_concerns(t, sents),
        lessons=_find_lessons(t),
        units=unit_list,
        typos=_typos(t, mentions, unit_list, names),
        prepared=prep,
    )
    return ex


def _typos(text: str, mentions: list[Item], unit_list: list[Item], names: list[str] | None) -> list[Item]:
    """Probable typos: a known name before a number, and a known name inside a unit mention
    typed without some of its marks; each slip once (one the unit list already flagged, or
    the number rule, is not flagged again)."""
    found = find_typos(text)
    taken = [x["span"] for x in found] + [u["span"] for u in unit_list if u.get("typo")]
    for x in find_name_typos(text, mentions, name_index(names) if names is not None else None):
        s, e = x["span"]
        if not any(a < e and s < b for a, b in taken):
            found.append(x)
    found.sort(key=lambda x: x["span"][0])
    return found
