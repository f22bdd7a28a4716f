"""Reads of imported reports, and the review: what the text says, matched against the records.

``report_findings`` (``review``) runs the extractor over the stored source and turns each
finding into a *proposed record* (a plain dict, so the page, the API and the confirmation read
the same thing): its stable ``key`` (kind + span in the cleaned text), the quote, whether the
system already holds it (``existing``, with a link), should create it (``new``) or cannot tell
(``unmatched``, with the reason), whether it is ticked by default, and the editable fields. An
item the viewer could not create is unticked and carries ``refused``, the reason shown next to
it, so confirming the defaults never fails on it. Nothing here writes.

One module per app the text is matched against, each reading that app through its own
``selectors`` (scope is theirs, decided in ``core.scoping``): ``units`` (orgs), ``documents``,
``meetings``, ``rollout`` (coverage, the unit's step records, the figures), ``proposals``,
``opinion`` (concerns, and what is kept apart from them). ``edits`` holds the reviewer's changes
of kind and added items, ``highlight`` the marked-up text, ``reports`` the reports themselves.

The matching rules are deliberately plain and stated where they are applied; the reviewer
corrects what they get wrong before confirming.
"""

from trienkhai.intake.selectors import documents, meetings, opinion, proposals, rollout
from trienkhai.intake.selectors._common import Findings
from trienkhai.intake.selectors.edits import EDIT_KINDS, MAX_EDITS, edit_kind_choices, parse_edits, span_of
from trienkhai.intake.selectors.highlight import highlight
from trienkhai.intake.selectors.reports import (
    provenance_rows,
    report_facts,
    report_get,
    report_list,
    report_provenance,
)
from trienkhai.intake.selectors.review import (
    default_selections,
    refuse_uncreatable,
    refused_items,
    report_findings,
    set_aside_refused,
)
from trienkhai.intake.selectors.units import MAX_CANDIDATE_UNITS, candidate_units

__all__ = [
    "EDIT_KINDS",
    "MAX_CANDIDATE_UNITS",
    "MAX_EDITS",
    "Findings",
    "candidate_units",
    "default_selections",
    "documents",
    "edit_kind_choices",
    "highlight",
    "meetings",
    "opinion",
    "parse_edits",
    "proposals",
    "provenance_rows",
    "refuse_uncreatable",
    "refused_items",
    "report_facts",
    "report_findings",
    "report_get",
    "report_list",
    "report_provenance",
    "rollout",
    "set_aside_refused",
    "span_of",
]
