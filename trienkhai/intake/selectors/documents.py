"""The documents a report names, matched against the registry (documents): a cited number, a
resolution named without one ("Nghị quyết Đại hội XIII"), and two numbers joined as a link."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from trienkhai.documents import selectors as documents_selectors
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.intake.choices import Finding, MatchState
from trienkhai.intake.models import ImportedReport
from trienkhai.intake.selectors._common import (
    Findings,
    May,
    is_new,
    new_item,
    out_of_scope,
    record_ref,
    refuse_item,
)
from trienkhai.orgs.models import Unit
from trienkhai.textmine.codes import CodeError, find_codes, parse_code
from trienkhai.textmine.normalize import fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document, IssuingBody

_TITLE_TAIL = re.compile(r"^[\s,]*(?:ngày[^,;.]{0,40},?\s*)?")


def _guess_title(text: str, end: int, kind_label: str, code: str) -> str:
    tail = text[end : end + 300]
    tail = _TITLE_TAIL.sub("", tail, count=1)
    tail = re.split(r"[.;\n]", tail, maxsplit=1)[0].strip(" ,")
    if len(tail) >= 12 and tail.split(" ", 1)[0] in ("về", "của", "thực", "tiếp"):
        return f"{kind_label} {tail}"[:300]
    return f"{kind_label} {code}"


def _issuing_unit_guess(issuer: str, report: ImportedReport) -> Unit:
    if issuer.upper() in ("TW", "TƯ"):
        return Unit.objects.filter(code="TW").first() or Unit.objects.get_root(report.unit)
    return report.unit


def match_documents(f: Findings, viewer: Any) -> dict[str, dict]:
    """Each cited code against the registry by ``code_key`` (and issuer code when several)."""
    by_key: dict[str, dict] = {}
    for ref in f.extraction.doc_refs:
        try:
            key = parse_code(ref["code"]).key
        except CodeError:
            continue
        s, e = ref["span"]
        kind: str = ref["kind"] if ref.get("kind") in DocKind.values else DocKind.KHAC
        kind_label = str(DocKind(kind).label)
        issued = dt.date.fromisoformat(ref["date"]) if ref.get("date") else None
        found = documents_selectors.documents_with_key(viewer=viewer, key=key)
        if len(found) > 1:
            same_issuer = [d for d in found if d.issuer_code == ref.get("issuer")]
            same_date = [d for d in found if issued and d.issued_on == issued]
            found = same_date or same_issuer or found
        unit = _issuing_unit_guess(ref.get("issuer") or "", f.report)
        item = new_item(
            Finding.DOCUMENT,
            (s, e),
            ref.get("text") or ref["code"],
            label=ref["code"],
            code_key=key,
            fields={
                "code": ref["code"],
                "kind": kind,
                "title": _guess_title(f.text, e, kind_label, ref["code"]),
                "issued_on": issued,
                "issuing_unit": unit.pk,
            },
        )
        if found:
            doc = found[0]
            item["state"] = MatchState.EXISTING.value
            item["existing"] = record_ref(doc, f"{doc} — {doc.title}", "documents:detail")
            item["document_id"] = doc.pk
            if issued and doc.issued_on and issued != doc.issued_on:
                item["note"] = _("Ngày trong báo cáo (%(a)s) khác ngày trong sổ văn bản (%(b)s).") % {
                    "a": f"{issued:%d/%m/%Y}",
                    "b": f"{doc.issued_on:%d/%m/%Y}",
                }
        else:
            item["note"] = _("Chưa có trong sổ văn bản: đề xuất đăng ký.")
        f.documents.append(item)
        by_key[key] = item
    return by_key


def _congress_title(ref: dict) -> str:
    """The registry title of a resolution named without a code: a national congress by its full
    name ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"), others as written."""
    if ref["kind"] == "dai_hoi" and ref.get("scope") == "toan_quoc":
        return f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {ref['congress']} của Đảng"
    text = " ".join(ref["text"].split())
    return text if text.startswith("Nghị quyết") else f"Nghị quyết {text}"


def match_codeless(f: Findings, viewer: Any) -> None:
    """Resolutions named without a code ("Nghị quyết Đại hội XIII", "Nghị quyết Trung ương 4 khóa
    XII"): the registry's entry when it has one, else offered for registering — kind resolution,
    no code, the issuer guessed from the outside bodies for the centre's, kept in the report's
    unit's registry. Each resolution once, however often it is named."""
    seen: set[str] = set()
    body: IssuingBody | None = None  # the centre's outside issuer, looked up once
    for ref in f.extraction.congress_refs:
        if not ref.get("resolution"):
            continue
        title = _congress_title(ref)
        if fold(title) in seen:
            continue
        seen.add(fold(title))
        s, e = ref["span"]
        central = ref["kind"] == "hoi_nghi_trung_uong" or ref.get("scope") == "toan_quoc"
        if central and body is None:
            body = documents_selectors.central_issuing_body()
        item = new_item(
            Finding.DOCUMENT,
            (s, e),
            f.text[s:e],
            label=title,
            code_key="",
            codeless=True,
            fields={
                "code": "",
                "kind": DocKind.NGHI_QUYET.value,
                "title": title,
                "issued_on": None,
                "issuing_unit": f.report.unit.pk,
                "issuing_body": body.pk if central and body else None,
            },
        )
        if ref["kind"] == "dai_hoi":
            found = congress_docs(f.text[s:e], viewer)
        else:
            titled = documents_selectors.resolution_titled(viewer=viewer, title=title)
            found = [titled] if titled is not None else []
        if found:
            doc = found[0]
            item["state"] = MatchState.EXISTING.value
            item["existing"] = record_ref(doc, doc.title, "documents:detail")
            item["document_id"] = doc.pk
        else:
            item["note"] = _("Văn bản không có số hiệu, chưa có trong sổ: đề xuất đăng ký (không số hiệu).")
        f.documents.append(item)


_LINK_WORDS = [
    (re.compile(r"tiếp tục thực hiện"), LinkKind.CONTINUES),
    (re.compile(r"(?:thay thế)"), LinkKind.SUPERSEDES),
    (re.compile(r"(?:sửa đổi|bổ sung)"), LinkKind.AMENDS),
    (re.compile(r"(?:thực hiện|triển khai|cụ thể hóa)"), LinkKind.IMPLEMENTS),
]


def match_links(f: Findings, viewer: Any, docs: dict[str, dict]) -> None:
    """ "Kế hoạch 03-KH/TW về việc thực hiện Kết luận 21-KL/TW": two codes a few words apart
    joined by "thực hiện" (or "tiếp tục thực hiện", "thay thế", "sửa đổi") is a link."""
    codes = find_codes(f.text)
    seen: set[tuple[str, str]] = set()
    for a, b in zip(codes, codes[1:], strict=False):
        between = f.text[a.span[1] : b.full_span[0]]
        if len(between) > 80 or re.search(r"[.;!?\n]", between):
            continue
        kind = next((k for rx, k in _LINK_WORDS if rx.search(between)), None)
        if kind is None or a.doc.key == b.doc.key or (a.doc.key, b.doc.key) in seen:
            continue
        seen.add((a.doc.key, b.doc.key))
        src, tgt = docs.get(a.doc.key), docs.get(b.doc.key)
        if src is None or tgt is None:
            continue
        span = (a.full_span[0], b.span[1])
        item = new_item(
            Finding.LINK,
            span,
            f.text[span[0] : span[1]],
            label=f"{src['label']} → {tgt['label']}",
            source_key=src["key"],
            target_key=tgt["key"],
            fields={"kind": kind.value},
        )
        if src.get("document_id") and tgt.get("document_id"):
            link = documents_selectors.document_link_between(
                viewer=viewer, source_id=src["document_id"], target_id=tgt["document_id"]
            )
            if link is not None:
                item["state"] = MatchState.EXISTING.value
                item["existing"] = record_ref(link.source, str(link), "documents:detail")
                item["existing"]["id"] = link.source_id
                item["link_id"] = link.pk
                item["fields"]["kind"] = link.kind
        f.links.append(item)


def congress_docs(sentence: str, viewer: Any) -> list[Document]:
    """ "Nghị quyết Đại hội XIII" has no code: the registry's resolutions of that congress."""
    m = re.search(r"Đại hội(?:[^.;]{0,40}?)\s(?:lần thứ\s)?([IVXL]{1,6})\b", sentence)
    if not m:
        return []
    return documents_selectors.congress_resolutions(viewer=viewer, congress=m.group(1))


def refuse_uncreatable(f: Findings, viewer: Any, may: May) -> None:
    """A new document registers in its issuing unit's registry; a new link is written on its
    source document, and is not made when one of its documents will not be."""
    docs = {d["key"]: d for d in f.documents}
    for d in f.documents:
        unit = may.unit(d["fields"].get("issuing_unit"))
        if is_new(d) and not may(unit):
            refuse_item(d, out_of_scope(unit, _("đơn vị giữ sổ văn bản")))
    changeable = documents_selectors.document_ids_changeable(
        viewer=viewer, ids=[d["document_id"] for d in f.documents if d.get("document_id")]
    )
    for link in f.links:
        if not is_new(link):
            continue
        src, tgt = docs[link["source_key"]], docs[link["target_key"]]
        unmade = next((d for d in (src, tgt) if is_new(d) and d.get("refused")), None)
        if unmade is not None:
            refuse_item(link, _("văn bản “%(d)s” sẽ không được tạo.") % {"d": unmade["label"]})
        elif src.get("document_id") and src["document_id"] not in changeable:
            refuse_item(
                link,
                _("liên kết được ghi vào văn bản “%(d)s”, ngoài phạm vi bạn được cập nhật.")
                % {"d": src["label"]},
            )
