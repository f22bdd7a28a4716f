"""The requests a report makes, matched against the proposals (proposals): the sender, every
addressee resolved to a unit (a whole name, or one relative to the sender), and a request its
unit has already sent."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.intake.choices import Finding, MatchState
from trienkhai.intake.selectors._common import (
    Findings,
    May,
    is_below,
    is_new,
    new_item,
    out_of_scope,
    record_ref,
    refuse_item,
)
from trienkhai.intake.selectors.units import Above, above_sender, relative_addressee
from trienkhai.orgs.models import Unit
from trienkhai.proposals import selectors as proposals_selectors
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.textmine.extract import cap
from trienkhai.textmine.normalize import fold


def _category(text: str) -> str:
    t = text.lower()
    if "tập huấn" in t or "bồi dưỡng" in t or "đào tạo" in t:
        return ProposalCategory.TRAINING
    if "chế độ" in t or "chính sách" in t:
        return ProposalCategory.POLICY
    if "hướng dẫn" in t:
        return ProposalCategory.GUIDANCE
    if "kinh phí" in t or "cơ sở vật chất" in t:
        return ProposalCategory.RESOURCES
    return ProposalCategory.OTHER


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[0-9a-z]+", fold(text))
    return set(zip(words, words[1:], strict=False))


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def match_proposals(f: Findings, viewer: Any, by_name: dict[str, Unit]) -> None:
    """Each request textmine read (``extract._find_proposals``: what is a request and what it
    asks is decided there, for the command line and this screen alike), with its sender (the
    last unit of the tree named before the verb, else the report's unit) and each addressee
    resolved to a unit: a whole name of the tree, or a name relative to the sender ("Thành ủy",
    "cấp trên": ``relative_addressee``). An addressee the tree cannot place is left for the
    reviewer to choose; the request is still shown, unticked."""
    text = f.text
    mentions = sorted(f.units, key=lambda m: m["span"][0])
    named_at = {u["span"][0]: (by_name[u["name"]], u["span"][1]) for u in mentions if u["name"] in by_name}
    sender_default = f.report.unit
    on = f.date or timezone.localdate()
    aboves: dict[int, Above] = {}
    for prop in f.extraction.proposals:
        ss = prop["sentence"][0]
        before = [u for u in mentions if ss <= u["span"][0] < prop["ask_at"] and u["name"] in by_name]
        sender = by_name[before[-1]["name"]] if before else sender_default
        if not is_below(sender, f.report.unit):
            sender = sender_default
        if sender.pk not in aboves:
            aboves[sender.pk] = above_sender(sender, f.unit_choices, by_name, on)
        addressees: list[Unit | None] = []
        for a in prop["addressees"]:
            start = a["span"][0]
            found = named_at.get(start) or relative_addressee(text, start, aboves[sender.pk], named_at)
            addressees.append(found[0] if found else None)
        known = list(dict.fromkeys(u for u in addressees if u is not None))
        content = prop["content"]
        span = tuple(prop["span"])
        item = new_item(
            Finding.PROPOSAL,
            span,
            text[span[0] : span[1]].strip(),
            label=content[:120],
            # every body the sentence writes to, as written and as resolved (None: not placed);
            # the record goes to one (the first by default)
            addressees=[
                {"id": u.pk if u else None, "name": u.name if u else "", "text": a["text"]}
                for a, u in zip(prop["addressees"], addressees, strict=True)
            ],
            also_to=[u.name for u in known[1:]],
            fields={
                "content": content,
                "sender": sender.pk,
                "addressee": known[0].pk if known else None,
                "category": _category(content),
            },
        )
        if not known:
            item["selected"] = False
            item["note"] = _("Chưa xác định được đơn vị nhận “%(a)s”; hãy chọn nơi gửi.") % {
                "a": ", ".join(a["text"] for a in prop["addressees"])
            }
        best, score = None, 0.0
        for p in proposals_selectors.proposals_sent_by(viewer=viewer, sender=sender):
            sc = _similar(content, p.content)
            if sc > score:
                best, score = p, sc
        if best is not None and score >= 0.5:
            item["state"] = MatchState.EXISTING.value
            item["existing"] = record_ref(best, best.title, "proposals:detail")
            item["proposal_id"] = best.pk
            item["note"] = _("Đã có kiến nghị này (gửi %(u)s ngày %(d)s).") % {
                "u": best.addressee.name,
                "d": f"{best.sent_on:%d/%m/%Y}",
            }
        f.proposals.append(item)


def proposal_from_span(f: Findings, span: tuple[int, int]) -> dict:
    """A request the reviewer made of a span of the text: from the report's unit to the unit
    directly above it, ticked when there is one."""
    s, e = span
    quote = f.text[s:e].strip()
    sender = f.report.unit
    above = above_sender(sender, f.unit_choices, {}, f.date or timezone.localdate())
    to = above.ancestors[0] if above.ancestors else None
    content = cap(quote.rstrip(".")) + "."
    item = new_item(
        Finding.PROPOSAL,
        span,
        quote,
        label=content[:120],
        addressees=[],
        also_to=[],
        fields={
            "content": content,
            "sender": sender.pk,
            "addressee": to.pk if to else None,
            "category": _category(content),
        },
    )
    item["selected"] = to is not None
    f.proposals.append(item)
    return item


def refuse_uncreatable(f: Findings, may: May) -> None:
    """A new request is sent by its sender."""
    for p in f.proposals:
        sender = may.unit(p["fields"].get("sender"))
        if is_new(p) and not may(sender):
            refuse_item(p, out_of_scope(sender, _("đơn vị kiến nghị")))
