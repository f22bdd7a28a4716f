"""The reviewer's changes to the reading: another kind for a proposed sentence, and an item the
reader missed, made from a span of the text (decision 0073). The page carries them in its form
and drops one that does not apply; the API names each such change and refuses the call."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.intake.choices import Finding, KeptApart
from trienkhai.intake.selectors import opinion, proposals
from trienkhai.intake.selectors._common import Findings

# What a sentence of the report can be made into by the reviewer: a request, a public-opinion
# concern, or one of the kinds kept apart from opinion (a difficulty, a lesson, own work).
EDIT_KINDS: tuple[str, ...] = (Finding.PROPOSAL.value, Finding.CONCERN.value, *KeptApart.values)
MAX_EDITS = 200
RETYPABLE = ("proposals", "concerns", "kept_apart")


def edit_kind_choices() -> list[tuple[str, str]]:
    labels = {Finding.PROPOSAL.value: Finding.PROPOSAL.label, Finding.CONCERN.value: Finding.CONCERN.label}
    labels.update({k.value: k.label for k in KeptApart})
    return [(k, str(labels[k])) for k in EDIT_KINDS]


def span_of(text: str, quote: str, start: Any = None, end: Any = None) -> tuple[int, int] | None:
    """Where ``quote`` (text the reviewer selected or pasted) sits in the report's text: at the
    offsets given when they hold it, else its first occurrence, spaces and line breaks aside."""
    words = quote.split()
    if not words:
        return None
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        s = e = -1
    if 0 <= s < e <= len(text) and text[s:e].split() == words:
        return s, e
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def parse_edits(raw: Any) -> list[dict]:
    """The reviewer's changes carried by the review form (a JSON list): ``{"key", "as"}`` makes a
    proposed item another kind, ``{"span", "as"}`` adds an item from a span of the text. Anything
    else is dropped: the list comes from the browser."""
    try:
        rows = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    out: list[dict] = []
    for r in rows if isinstance(rows, list) else []:
        if not isinstance(r, dict) or r.get("as") not in EDIT_KINDS:
            continue
        if isinstance(r.get("key"), str) and len(r["key"]) <= 80:
            out.append({"key": r["key"], "as": r["as"]})
        elif isinstance(r.get("span"), list) and len(r["span"]) == 2:
            try:
                s, e = int(r["span"][0]), int(r["span"][1])
            except (TypeError, ValueError):
                continue
            if 0 <= s < e:
                out.append({"span": [s, e], "as": r["as"]})
    return out[:MAX_EDITS]


def _find(f: Findings, key: str) -> tuple[list[dict], dict] | None:
    """The group and the item ``key`` among the sentences a change of kind applies to."""
    for group in RETYPABLE:
        items = getattr(f, group)
        for item in items:
            if item["key"] == key:
                return items, item
    return None


def _kind_label(kind: str) -> str:
    return dict(edit_kind_choices()).get(kind, kind)


def apply_edit(f: Findings, viewer: Any, edit: dict) -> tuple[dict | None, str]:
    """Make one change on ``f``: the item it made, or None and why it could not be made.

    ``{"key", "as"}`` makes the proposed sentence ``key`` another kind; ``{"span": [start, end],
    "as"}`` makes a span of the text an item; ``{"text", "as"}`` (optionally ``start``, ``end``:
    the offsets of a selection) finds the passage first, spaces and line breaks aside."""
    kind, text = edit.get("as"), f.text
    if kind not in EDIT_KINDS:
        return None, _("loại “%(a)s” không có; chọn một trong: %(list)s.") % {
            "a": kind,
            "list": ", ".join(EDIT_KINDS),
        }
    taken: tuple[list[dict], dict] | None = None
    if edit.get("key") is not None:
        taken = _find(f, str(edit["key"]))
        if taken is None:
            return None, _("không có câu “%(k)s” trong kết quả đọc để đổi loại.") % {"k": edit["key"]}
        span = (taken[1]["span"][0], taken[1]["span"][1])
        if taken[1]["kind"] == kind:
            return None, _("mục “%(k)s” đã là “%(a)s”.") % {"k": edit["key"], "a": _kind_label(kind)}
        note = _("Người rà soát đã đổi loại mục này.")
    else:
        if edit.get("span") is not None:
            try:
                s, e = int(edit["span"][0]), int(edit["span"][1])
            except (TypeError, ValueError, IndexError, KeyError):
                return None, _("đoạn phải là hai vị trí [đầu, cuối] trong văn bản.")
        else:
            found = span_of(text, str(edit.get("text") or ""), edit.get("start"), edit.get("end"))
            if found is None:
                return None, _("không tìm thấy đoạn này trong văn bản đã đọc.")
            s, e = found
        if not (0 <= s < e <= len(text)) or not text[s:e].strip():
            return None, _(
                "đoạn %(s)s–%(e)s không phải một đoạn chữ của văn bản đã đọc (dài %(n)s ký tự)."
            ) % {
                "s": s,
                "e": e,
                "n": len(text),
            }
        span = (s, e)
        note = _("Người rà soát thêm từ đoạn đã chọn.")
    others = {i["key"] for g in RETYPABLE for i in getattr(f, g) if taken is None or i is not taken[1]}
    if f"{kind}:{span[0]}-{span[1]}" in others or f"kept:{span[0]}-{span[1]}" in others:
        return None, _("đoạn này đã là một mục của kết quả đọc.")
    if taken is not None:
        taken[0].remove(taken[1])
    if kind == Finding.PROPOSAL:
        item = proposals.proposal_from_span(f, span)
    elif kind == Finding.CONCERN:
        item = opinion.concern_from_span(f, viewer, span)
    else:
        item = opinion.kept_from_span(f, kind, span)
    item["note"] = " ".join(x for x in (note, item.get("note", "")) if x)
    item["edited"] = True
    return item, ""


def apply_edits(f: Findings, viewer: Any, edits: list[dict], *, strict: bool = False) -> None:
    """The reviewer's changes, in the order made, each on the reading the previous ones left
    (``apply_edit``); what was made is listed in ``f.edits`` with the key of its item. A change
    that cannot be made is dropped, or with ``strict`` (the API) every one is named in a
    ``ValidationError`` on ``edits`` ("Thay đổi 2: …")."""
    errors = []
    if strict and len(edits) > MAX_EDITS:
        errors.append(_("Nhiều nhất %(n)s thay đổi trong một lần gửi.") % {"n": MAX_EDITS})
    for i, edit in enumerate(edits[:MAX_EDITS], start=1):
        item, why = apply_edit(f, viewer, edit)
        if item is None:
            errors.append(_("Thay đổi %(i)s: %(why)s") % {"i": i, "why": why})
            continue
        made = {"as": edit["as"], "span": list(item["span"]), "key": item["key"]}
        if edit.get("key") is not None:
            made["from"] = str(edit["key"])
        f.edits.append(made)
    for group in RETYPABLE:
        getattr(f, group).sort(key=lambda i: i["span"][0])
    if strict and errors:
        raise ValidationError({"edits": errors})
