"""Writes to the document registry."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.files import check_upload
from trienkhai.core.models import discard_files
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.choices import BodyKind, CodeSystem, DocKind, LinkKind
from trienkhai.documents.models import Attachment, Document, DocumentLink, IssuingBody
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.textmine.codes import CodeError, parse_code
from trienkhai.textmine.normalize import clean_text, fold, fold_compact

# The national congresses and the day each elected its Central Committee: a central body's term
# (khóa) runs from one to the next, whatever the calendar year (decision 0085).
CENTRAL_CONGRESSES: list[tuple[dt.date, str]] = [
    (dt.date(2011, 1, 19), "khóa XI"),
    (dt.date(2016, 1, 27), "khóa XII"),
    (dt.date(2021, 1, 30), "khóa XIII"),
    (dt.date(2026, 1, 22), "khóa XIV"),
]
# A committee below the centre holds its congress every five years (2020, 2025, 2030 …): provincial
# ones by October, the lower ones by July. A document dated before its committee's congress of that
# year still belongs to the term ending then (113-CTr/TU of 20/02/2025 is of 2020-2025).
LOCAL_CONGRESS_DAY = {"province": (10, 1), "local": (7, 1)}
CENTRAL_UNIT_KINDS = {UnitKind.CENTRAL_COMMITTEE, UnitKind.CENTRAL_BOARD}


def issuer_level(*, body: IssuingBody | None = None, unit: Unit | None = None) -> str:
    """central / province / local / state: which congress calendar the issuer follows."""
    if body is not None:
        return body.kind
    if unit is not None and unit.kind in CENTRAL_UNIT_KINDS:
        return BodyKind.CENTRAL
    if unit is not None and unit.kind == UnitKind.PROVINCIAL_COMMITTEE:
        return BodyKind.PROVINCE
    return BodyKind.LOCAL


def default_term(
    *, system: str, issued_on: dt.date | None, year: int | None = None, level: str = BodyKind.LOCAL
) -> str:
    """State numbers restart each calendar year; Party numbers each term of the issuing committee,
    which starts at its congress, not on 1 January."""
    if system == CodeSystem.STATE or level == BodyKind.STATE:
        y = year or (issued_on.year if issued_on else None)
        return str(y) if y else ""
    if issued_on is None:
        return ""
    if level == BodyKind.CENTRAL:
        started = [label for held, label in CENTRAL_CONGRESSES if held <= issued_on]
        return started[-1] if started else ""
    month, day = LOCAL_CONGRESS_DAY.get(level, LOCAL_CONGRESS_DAY["local"])
    start = 2020 + 5 * ((issued_on.year - 2020) // 5)
    if issued_on < dt.date(start, month, day):
        start -= 5
    return f"{start}-{start + 5}"


# The issuer part of a code that only a unit of this kind signs (08-CTr/TU is a Tỉnh ủy's or a
# Thành ủy's, 57-NQ/TW the centre's); kinds not listed are not checked.
UNIT_SUFFIXES: dict[str, set[str]] = {
    UnitKind.CENTRAL_COMMITTEE: {"TW"},
    UnitKind.PROVINCIAL_COMMITTEE: {"TU"},
    UnitKind.CITY_COMMITTEE: {"TU"},
    UnitKind.TOWN_COMMITTEE: {"TU", "TXU"},
    UnitKind.DISTRICT_COMMITTEE: {"HU"},
    UnitKind.WARD_COMMITTEE: {"ĐU"},
    UnitKind.COMMUNE_COMMITTEE: {"ĐU"},
    UnitKind.GRASSROOTS_COMMITTEE: {"ĐU"},
    UnitKind.PARTY_CELL: {"CB"},
}


def bodies_for_code(issuer_code: str) -> list[IssuingBody]:
    """The outside bodies whose codes end with this issuer part ('/TW' → Ban Chấp hành Trung ương,
    Bộ Chính trị, Ban Bí thư)."""
    if not issuer_code:
        return []
    return [b for b in IssuingBody.objects.all() if issuer_code in b.suffixes]


def issuer_mismatch(document: Document) -> str:
    """A warning when the code's issuer part does not fit the chosen issuer, or ''.

    Not a refusal: codes are written by hand and old registries hold odd ones."""
    code = document.issuer_code
    if not code:
        return ""
    if document.issuing_body is not None:  # no query when there is none
        fits = code in document.issuing_body.suffixes
    else:
        unit = document.issuer_unit or document.issuing_unit
        expected = UNIT_SUFFIXES.get(unit.kind)
        # A code an outside body signs ('/TW', '-CP') never fits a unit below the centre.
        outside = {s for b in IssuingBody.objects.all() for s in b.suffixes}
        fits = code in expected if expected else code not in outside
    if fits:
        return ""
    proposed = ", ".join(b.name for b in bodies_for_code(code))
    msg = _("Số hiệu %(code)s ghi cơ quan ban hành “%(part)s”, không khớp với %(issuer)s.") % {
        "code": document.code,
        "part": code,
        "issuer": document.issuer_name,
    }
    if proposed:
        msg += " " + _("Ký hiệu này là của: %(bodies)s.") % {"bodies": proposed}
    return msg


def _search_text(doc: Document) -> str:
    return fold(" ".join([doc.code, doc.code_raw, doc.title, doc.summary, doc.get_kind_display()]))


def _apply_code(doc: Document, code_text: str, kind: str | None) -> None:
    code_text = clean_text(code_text or "")
    doc.code_raw = code_text
    if not code_text:
        doc.code = doc.code_key = doc.code_compact = doc.number = doc.doc_type = doc.issuer_code = ""
        doc.system = CodeSystem.NONE
        doc.kind = kind or doc.kind or DocKind.KHAC
        return
    try:
        parsed = parse_code(code_text)
    except CodeError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    doc.code, doc.code_key, doc.code_compact = parsed.code, parsed.key, fold_compact(parsed.code)
    doc.number, doc.doc_type, doc.issuer_code = parsed.number, parsed.type, parsed.issuer
    doc.system = parsed.system
    doc.kind = kind or (parsed.kind if parsed.kind in DocKind.values else DocKind.KHAC)
    # The year in a state code (30/2020/NĐ-CP) is its numbering period; a Party code has none.
    if parsed.year and parsed.system == CodeSystem.STATE and not doc.term:
        doc.term = str(parsed.year)


def _check_duplicate(doc: Document) -> None:
    if not doc.code_key:
        return
    clash = Document.objects.filter(issuing_unit=doc.issuing_unit, code_key=doc.code_key, term=doc.term)
    if doc.pk:
        clash = clash.exclude(pk=doc.pk)
    if clash.exists():
        raise ValidationError(
            {
                "code": _("Số hiệu %(code)s đã có trong sổ của %(unit)s, nhiệm kỳ/năm %(term)s.")
                % {"code": doc.code, "unit": doc.issuing_unit.name, "term": doc.term or "—"}
            }
        )


def _validate_dates(issued_on: dt.date | None) -> None:
    if issued_on and issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành ở tương lai.")})


@service
def document_register(
    *,
    issuing_unit: Unit,
    title: str,
    issuing_body: IssuingBody | None = None,
    issuer_unit: Unit | None = None,
    code: str = "",
    kind: str | None = None,
    issued_on: dt.date | None = None,
    term: str = "",
    summary: str = "",
    acting_user: Any,
) -> Document:
    """Register a document in ``issuing_unit``'s registry. Its issuer is that unit, or an outside
    ``issuing_body``, or ``issuer_unit`` above it: the registry, never the issuer, decides who sees it."""
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=issuing_unit.pk)
    if issuing_body is not None and issuer_unit is not None:
        raise ValidationError({"issuing_unit": _("Chọn một cơ quan ban hành.")})
    if issuer_unit is not None and issuer_unit.pk != issuing_unit.pk:
        # Only a unit above the registry: a sibling's document is the sibling's to register.
        if not issuing_unit.is_within(issuer_unit):
            raise ValidationError({"issuing_unit": _("Cấp ủy ban hành phải là cấp trên của đơn vị giữ sổ.")})
    else:
        issuer_unit = None
    if kind and kind not in DocKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    _validate_dates(issued_on)
    doc = Document(
        issuing_unit=issuing_unit,
        issuing_body=issuing_body,
        issuer_unit=issuer_unit,
        title=clean_text(title or ""),
        summary=clean_text(summary or "", multiline=True),
        issued_on=issued_on,
        term=clean_text(term or ""),
        kind=kind or "",
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _apply_code(doc, code, kind)
    if not doc.term:
        doc.term = default_term(
            system=doc.system,
            issued_on=issued_on,
            level=issuer_level(body=issuing_body, unit=issuer_unit or issuing_unit),
        )
    if not doc.title:
        raise ValidationError({"title": _("Hãy nhập trích yếu của văn bản.")})
    _check_duplicate(doc)
    doc.search_folded = _search_text(doc)
    doc.full_clean(exclude=["issuing_unit", "created_by"])
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError as exc:  # a concurrent registration of the same code
        raise ValidationError({"code": _("Số hiệu %(code)s vừa được đăng ký.") % {"code": doc.code}}) from exc
    audit_log(
        actor=acting_user,
        action="document.register",
        obj=doc,
        unit=issuing_unit,
        changes={
            "code": doc.code,
            "title": doc.title,
            "issued_on": issued_on,
            "kind": doc.kind,
            "term": doc.term,
            "issuer": doc.issuer_name,
        },
    )
    return doc


EDITABLE = ["code_raw", "kind", "issued_on", "term", "title", "summary"]


@service
def document_update(*, document: Document, acting_user: Any, **fields: Any) -> Document:
    doc = get_scoped_or_404(Document.objects.select_for_update(), acting_user, "change", pk=document.pk)
    before = {f: getattr(doc, f) for f in EDITABLE}
    unknown = set(fields) - set(EDITABLE) - {"code"}
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "issued_on" in fields:
        _validate_dates(fields["issued_on"])
        doc.issued_on = fields["issued_on"]
    for f in ("title", "summary", "term"):
        if f in fields:
            setattr(doc, f, clean_text(fields[f] or "", multiline=(f == "summary")))
    if "code" in fields or "kind" in fields:
        _apply_code(doc, fields.get("code", doc.code_raw), fields.get("kind") or doc.kind)
    if not doc.title:
        raise ValidationError({"title": _("Hãy nhập trích yếu của văn bản.")})
    _check_duplicate(doc)
    doc.search_folded = _search_text(doc)
    doc.full_clean(exclude=["issuing_unit", "created_by"])
    doc.save()
    after = {f: getattr(doc, f) for f in EDITABLE}
    from trienkhai.core.audit import diff

    audit_log(
        actor=acting_user,
        action="document.update",
        obj=doc,
        unit=doc.issuing_unit,
        changes=diff(before, after),
    )
    return doc


def _chain_up_ids(doc_id: int, limit: int = 50) -> set[int]:
    seen: set[int] = set()
    frontier = {doc_id}
    while frontier and len(seen) < limit * 10:
        nxt = (
            set(DocumentLink.objects.filter(source_id__in=frontier).values_list("target_id", flat=True))
            - seen
        )
        seen |= nxt
        frontier = nxt
    return seen


@service
def document_link(*, source: Document, target: Document, kind: str, acting_user: Any) -> DocumentLink:
    get_scoped_or_404(Document.objects, acting_user, "change", pk=source.pk)
    get_scoped_or_404(Document.objects, acting_user, "view", pk=target.pk)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Quan hệ không hợp lệ.")})
    if source.pk == target.pk:
        raise ValidationError(_("Một văn bản không thể liên kết với chính nó."))
    if source.pk in _chain_up_ids(target.pk):
        raise ValidationError(
            _("Liên kết này tạo vòng lặp: %(t)s đã dẫn về %(s)s.") % {"t": target, "s": source}
        )
    if DocumentLink.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError(_("Liên kết này đã có."))
    link = DocumentLink.objects.create(source=source, target=target, kind=kind)
    audit_log(
        actor=acting_user,
        action="document.link",
        obj=link,
        unit=source.issuing_unit,
        changes={"source": str(source), "target": str(target), "kind": kind},
    )
    return link


@service
def document_unlink(*, link: DocumentLink, acting_user: Any) -> None:
    get_scoped_or_404(Document.objects, acting_user, "change", pk=link.source_id)
    audit_log(
        actor=acting_user,
        action="document.unlink",
        obj=link,
        unit=link.source.issuing_unit,
        changes={"source": str(link.source), "target": str(link.target), "kind": link.kind},
    )
    link.delete()


@service
def attachment_add(*, document: Document, upload: IO[bytes], name: str, acting_user: Any) -> Attachment:
    get_scoped_or_404(Document.objects, acting_user, "change", pk=document.pk)
    checked = check_upload(upload, name, (".pdf", ".docx"))
    att = Attachment.from_checked(checked, document=document)
    try:
        att.save()
        audit_log(
            actor=acting_user,
            action="document.attach",
            obj=att,
            unit=document.issuing_unit,
            changes={"name": checked.name, "size": len(checked.data), "sha256": checked.sha256},
        )
    except Exception:
        discard_files([att])
        raise
    return att
