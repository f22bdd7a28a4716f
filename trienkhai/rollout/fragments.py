"""The rollout pages' cached pieces (decisions/0007, 0011): the coverage page's body under
the rollout's version and, on a new version, under a picture of what it shows; a dashboard's
cards and a coverage table's rows, each kept with what it was made of, one entry per page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from trienkhai.orgs.models import Unit
from trienkhai.rollout import selectors
from trienkhai.rollout.models import Rollout


def cache_key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _stamp(value: Any, depth: int = 0) -> Any:
    """A picture of everything a template can read from ``value``: model instances by their
    loaded fields and the related objects loaded with them, dataclasses field by field.
    Two contexts with the same stamp render the same page."""
    if isinstance(value, Model):
        # A rollout's version is not shown: it is the key that sent us here.
        skip = "version" if isinstance(value, Rollout) else "_"
        loaded = tuple((k, v) for k, v in value.__dict__.items() if not k.startswith("_") and k != skip)
        related = (
            tuple((k, _stamp(v, depth + 1)) for k, v in value._state.fields_cache.items())
            if depth < 3
            else ()
        )
        return (type(value).__name__, repr(loaded), related)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            *(_stamp(getattr(value, f.name), depth) for f in dataclasses.fields(value)),
        )
    if isinstance(value, dict):
        return tuple((k, _stamp(v, depth)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_stamp(v, depth) for v in value)
    return value


def detail_body(key: str, build) -> str:
    """The coverage page's body, rendered once per version key (the rollout's version
    moves with every record). On a new version the figures are read again, and the body
    is rendered only if what it shows changed: a record in another commune leaves a
    commune's page as it was. ``build`` returns the template's context and a picture of
    everything in it the template shows (:func:`detail_content`)."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    lang = get_language()
    by_version = f"rollout:detail:{lang}:{key}"
    html = cache.get(by_version)
    if html is None:
        context, content = build()
        by_content = f"rollout:detail-content:{lang}:" + cache_key(content)
        html = cache.get(by_content)
        if html is None:
            # No request: nothing of the viewer's own (a CSRF token …) goes into a body
            # that everyone with the same scope is served.
            html = render_to_string("rollout/_detail_body.html", context)
            cache.set(by_content, html, 3600)
        cache.set(by_version, html, 3600)
    return html


def _fields(obj: Model) -> tuple:
    return tuple(obj.__dict__.get(f.attname) for f in obj._meta.concrete_fields)


def detail_content(page: tuple, context: dict) -> tuple:
    """Everything ``_detail_body.html`` shows, as plain values: two contexts with the same
    picture render the same body. ``page`` is what the page's key already names of the
    rollout, its document, the unit and the viewer (all but the version)."""
    cov = context["cov"]
    return (
        page,
        tuple((p.pk, p.label) for p in context["periods"]),
        (cov.period.pk, cov.period.label) if cov.period else None,
        tuple(
            (
                s.step.pk,
                s.step.kind,
                s.step.title,
                s.step.due,
                s.open,
                s.overdue,
                *(getattr(s, f) for f in selectors.TALLY_FIELDS),
            )
            for s in cov.steps
        ),
        tuple((a.pk, a.name) for a in context["breadcrumb"]),
        None
        if context["call_list"] is None
        else tuple(
            (
                c.step.pk,
                c.total,
                c.shown,
                tuple((_fields(g.unit), g.behind, tuple(_fields(u) for u in g.units)) for g in c.groups),
            )
            for c in context["call_list"]
        ),
        context["overdue_step"].pk if context["overdue_step"] else None,
        repr(context["chart"]),
        context["children_html"],
        tuple((x.date, tuple(x.olds), x.new) for x in context.get("successions", ())),
        tuple((h.date, h.old, h.new) for h in context.get("handovers", ())),
    )


def dashboard_cards(request: HttpRequest, unit: Unit) -> str:
    """The dashboard's cards, nearest deadline first.

    The cards of a unit's dashboard are cached as one entry (per language and day), each
    with its rollout's row from ``dashboard_index``, which carries the version that moves
    with every record: a new record re-renders the card of its own rollout only, from one
    query about that rollout's steps; the 49 others come from the same entry.
    """
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    today = timezone.localdate()
    lang, day = get_language(), today.toordinal()
    index = selectors.dashboard_index(viewer=request.user)
    if not index:
        return ""
    # One entry per unit, language and day: each card with the index row it was rendered
    # from and its place in the order.
    key = f"rollout:cards:{lang}:{unit.pk}:{day}"
    cached = cache.get(key) or {}  # rollout id -> (index row, sort key, html)
    rows = {row[0]: row for row in index}
    cards = {pk: cached[pk] for pk, row in rows.items() if pk in cached and cached[pk][0] == row}
    stale = [row for pk, row in rows.items() if pk not in cards]
    if stale:
        for row in selectors.dashboard_cards(index=stale, unit=unit, today=today):
            cards[row.rollout.pk] = (
                rows[row.rollout.pk],
                row.sort_key,
                render_to_string("rollout/_dashboard_card.html", {"row": row, "unit": unit}),
            )
    if cards != cached:
        cache.set(key, cards, 3600)
    ordered = sorted(cards.values(), key=lambda card: card[1])
    return mark_safe("".join(card_html for _row, _sort, card_html in ordered))  # noqa: S308 - rendered templates


def children_html(cov: selectors.Coverage, children: list, today: dt.date) -> str:
    """The coverage table's rows, one per child (``children``: rows of
    ``selectors.children_tallies``). The table is cached as one entry, each row with what
    it was made of (the child's name and counts as read); the steps, which are past due
    and the language are in the entry's key. A record changes the row of the one child it
    falls under, and only that row is rendered again."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    steps = [s.step for s in cov.steps]
    shape = tuple((s.pk, s.title, s.due.toordinal(), today > s.due) for s in steps)
    period = cov.period
    key = f"rollout:children:{get_language()}:{period.pk if period else ''}:{cov.unit.pk}:" + cache_key(shape)
    cached = cache.get(key) or {}  # child id (or "own") -> (values, tallies, html)
    rows: dict[int | str, tuple] = {}
    # The unit's own row first, when it owes steps itself (a ward in scope, above its chi bộ).
    own = selectors.own_tallies(coverage=cov, children=children)
    if own:
        unit = cov.unit
        values = (unit.pk, unit.name, unit.illustrative)
        made_of = tuple(own.get(s.pk) for s in steps)
        hit = cached.get("own")
        if hit is None or hit[0] != values or hit[1] != made_of:
            html = render_to_string(
                "rollout/_coverage_child_row.html",
                {"row": selectors.own_row(coverage=cov, tallies=own, today=today), "period": period},
            )
            hit = (values, made_of, html)
        rows["own"] = hit
    for values, tallies in children:
        made_of = tuple(tallies.get(s.pk) for s in steps)
        hit = cached.get(values[0])
        if hit is None or hit[0] != values or hit[1] != made_of:
            html = render_to_string(
                "rollout/_coverage_child_row.html",
                {"row": selectors.child_row(values, tallies, steps, today), "period": period},
            )
            hit = (values, made_of, html)
        rows[values[0]] = hit
    if rows != cached:
        cache.set(key, rows, 3600)
    return mark_safe("".join(html for _v, _t, html in rows.values()))  # noqa: S308 - rendered templates
