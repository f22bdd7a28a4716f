"""The report's text as the review page shows it: every finding in a ``<mark>``."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trienkhai.intake.choices import Finding
from trienkhai.intake.selectors._common import Findings


def highlight(text: str, findings: Findings) -> SafeString:
    """The cleaned text with every finding in a ``<mark>``. Every piece of the text goes
    through ``escape``; only our own tags are marked safe (the text is the user's)."""
    outer: list[tuple[int, int, str, str, str]] = []
    for item in findings.proposals + findings.concerns:
        outer.append(
            (item["span"][0], item["span"][1], item["kind"], item["key"], str(Finding(item["kind"]).label))
        )
    for k in findings.kept_apart:
        outer.append((k["span"][0], k["span"][1], "kept", k["key"], k["label"]))
    outer.sort()
    kept_outer: list[tuple[int, int, str, str, str]] = []
    for o in outer:
        if kept_outer and o[0] < kept_outer[-1][1]:
            continue
        kept_outer.append(o)
    inner: list[tuple[int, int, str, str, str]] = []
    for item in findings.documents + findings.participants + findings.coverage:
        inner.append((item["span"][0], item["span"][1], item["kind"], item["key"], item.get("label", "")))
    for row in findings.figures:
        if row["anchor"] == row["key"]:  # a coverage figure is marked as its coverage item
            inner.append((row["span"][0], row["span"][1], Finding.FIGURE, row["key"], row["counts"]))
    for p in findings.extraction.persons:
        inner.append((p["span"][0], p["span"][1], Finding.PERSON, "", ", ".join(p["titles"])))
    for u in findings.units:
        title = _("Có lẽ là “%(s)s”") % {"s": u["suggestion"]} if u.get("typo") else u["name"]
        inner.append((u["span"][0], u["span"][1], "typo" if u.get("typo") else Finding.UNIT, "", title))
    for t in findings.extraction.typos:
        inner.append((t["span"][0], t["span"][1], "typo", "", _("Có lẽ là “%(s)s”") % {"s": t["suggestion"]}))
    for d in findings.extraction.dates:
        inner.append((d["span"][0], d["span"][1], Finding.DATE, "", d["date"]))
    inner.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept_inner: list[tuple[int, int, str, str, str]] = []
    for i in inner:
        if kept_inner and i[0] < kept_inner[-1][1]:
            continue
        # an inner mark must not cross the edge of a sentence mark
        if any(o[0] < i[1] and i[0] < o[1] and not (o[0] <= i[0] and i[1] <= o[1]) for o in kept_outer):
            continue
        kept_inner.append(i)
    # events: (position, order, html); at one position closes come before opens
    events: list[tuple[int, int, SafeString]] = []
    for layer, spans in ((0, kept_outer), (1, kept_inner)):
        for s, e, kind, key, title in spans:
            open_tag = format_html(
                '<mark class="hl hl-{}"{} title="{}">',
                kind,
                format_html(' id="f-{}"', key) if key else "",
                title,
            )
            events.append((s, 2 + layer, open_tag))
            # inner closes (0) before outer (1)
            events.append((e, 1 - layer, mark_safe("</mark>")))  # noqa: S308 — our own closing tag
    events.sort(key=lambda ev: (ev[0], ev[1]))
    parts: list[str] = []
    pos = 0
    for at, _order, tag in events:
        if at > pos:
            parts.append(escape(text[pos:at]))
            pos = at
        parts.append(tag)
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 — every text piece above is escaped
