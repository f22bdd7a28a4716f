"""Reads of the document registry, always through the viewer's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.choices import LinkKind
from trienkhai.documents.models import Attachment, Document, DocumentLink, IssuingBody
from trienkhai.textmine.normalize import fold, fold_compact


def document_get(*, viewer: Any, pk: Any, action: str = "view") -> Document:
    """One document the viewer may see (or act on); missing and out of scope are both 404.
    Other apps' services call this to check a document handed to them is the user's to cite."""
    return get_scoped_or_404(
        Document.objects.select_related("issuing_unit", "issuing_body", "issuer_unit"), viewer, action, pk=pk
    )


def documents_visible(*, viewer: Any, ids: Iterable[int]) -> list[Document]:
    """The documents among ``ids`` that the viewer sees; the caller compares the count to
    refuse the others (missing and out of scope alike)."""
    return list(Document.objects.restrict(viewer, "view").filter(pk__in=set(ids)))


def document_registered(*, viewer: Any, issuing_unit: Any, code_key: str) -> Document | None:
    """The latest document of ``issuing_unit``'s registry numbered ``code_key`` (the normalised
    key of ``textmine.codes``) that the viewer sees, or None: a unit registering its plan
    reuses the entry it already has."""
    return (
        Document.objects.restrict(viewer, "view")
        .filter(issuing_unit=issuing_unit, code_key=code_key)
        .order_by("-id")
        .first()
    )


def code_condition(q: str) -> Q | None:
    """A query with a digit may be a document number written another way: "0091-KH/TU" finds
    "0091- KH/TU"; "91-KH/TU" finds "0091-KH/TU"."""
    compact = fold_compact(q)
    if compact and any(ch.isdigit() for ch in compact):
        return Q(code_compact__contains=compact) | Q(code_compact__contains=compact.lstrip("0"))
    return None


def document_search(
    *,
    viewer: Any,
    q: str = "",
    kind: str = "",
    issuer: Any = None,
    year: Any = None,
    term: str = "",
) -> QuerySet[Document]:
    qs = Document.objects.restrict(viewer).select_related("issuing_unit")
    q = (q or "").strip()
    if q:
        by_words = Q()
        for w in fold(q).split():
            by_words &= Q(search_folded__contains=w)
        by_code = code_condition(q)
        qs = qs.filter(by_words | by_code if by_code is not None else by_words)
    if kind:
        qs = qs.filter(kind=kind)
    if issuer:
        qs = qs.filter(issuing_unit_id=issuer)
    if year:
        try:
            qs = qs.filter(issued_on__year=int(year))
        except (TypeError, ValueError):
            qs = qs.none()
    if term:
        qs = qs.filter(term=term)
    return qs


def document_terms(*, viewer: Any) -> list[str]:
    terms = Document.objects.restrict(viewer).exclude(term="").order_by().values_list("term", flat=True)
    return sorted(terms.distinct(), reverse=True)  # distinct in SQL: a registry has thousands of rows


@dataclass
class ChainStep:
    document: Document
    kind: str
    depth: int
    # The steps reached from this one: the chain is a tree (72 plans implement 08-CTr/TU side by side).
    children: list[ChainStep] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(LinkKind(self.kind).label) if self.kind in LinkKind.values else self.kind


def _walk(viewer: Any, start: Document, direction: str, max_depth: int = 8) -> list[ChainStep]:
    visible = Document.objects.restrict(viewer)
    steps: list[ChainStep] = []
    seen = {start.pk}
    by_pk: dict[int, ChainStep] = {}
    frontier = [start.pk]
    depth = 0
    while frontier and depth < max_depth:
        depth += 1
        if direction == "up":
            links = DocumentLink.objects.filter(source_id__in=frontier, target__in=visible).select_related(
                "target", "target__issuing_unit", "target__issuing_body", "target__issuer_unit"
            )
            pairs = [(link.source_id, link.target, link.kind) for link in links]
        else:
            links = DocumentLink.objects.filter(target_id__in=frontier, source__in=visible).select_related(
                "source", "source__issuing_unit", "source__issuing_body", "source__issuer_unit"
            )
            pairs = [(link.target_id, link.source, link.kind) for link in links]
        frontier = []
        for from_pk, doc, kind in sorted(pairs, key=lambda p: (p[1].issued_on or dt.date.min, p[1].pk)):
            if doc.pk in seen:
                continue
            seen.add(doc.pk)
            frontier.append(doc.pk)
            step = ChainStep(doc, kind, depth)
            steps.append(step)
            by_pk[doc.pk] = step
            if from_pk in by_pk:
                by_pk[from_pk].children.append(step)
    return steps


def chain_roots(steps: list[ChainStep]) -> list[ChainStep]:
    """The steps one link away; each carries its own ``children``."""
    return [s for s in steps if s.depth == 1]


def document_chain(*, viewer: Any, document: Document) -> dict[str, list[ChainStep]]:
    """What this document carries out (up) and what carries it out (down), each flat in breadth order;
    ``chain_roots`` gives the same steps as a tree."""
    return {"up": _walk(viewer, document, "up"), "down": _walk(viewer, document, "down")}


def attachment_get(*, viewer: Any, pk: Any) -> Attachment:
    doc_ids = Document.objects.restrict(viewer).values("pk")
    try:
        return Attachment.objects.select_related("document").get(pk=pk, document__in=doc_ids)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        from django.http import Http404

        raise Http404 from None


def document_by_code(*, user: Any, code: str) -> Document | None:
    """The one visible document whose number is exactly ``code``, or None.

    A typed number is matched on its normalised key ("35-NQ/TW", "35 - NQ/TW"
    and "35-nq/tw" are the same), never by searching titles and summaries: a
    plan whose summary mentions 35-NQ/TW must not hide 35-NQ/TW itself. None
    when nothing matches exactly or when several documents share the number
    (other terms, other issuers); the caller then lets the user pick.
    """
    # Imported here so the change stays appended to this module.
    from trienkhai.textmine.codes import CodeError, parse_code
    from trienkhai.textmine.normalize import clean_text

    text = clean_text(code or "")
    try:
        key = parse_code(text).key
    except CodeError:
        try:  # typed in lower case: the key is upper case anyway
            key = parse_code(text.upper()).key
        except CodeError:
            return None
    if not key:
        return None
    found = list(Document.objects.restrict(user).filter(code_key=key).select_related("issuing_unit")[:2])
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------- numbers typed into forms
# A document number typed into a form: an exact match wins, otherwise the user picks.
#
# Materials of a course, the decision of a commendation, the document of a target,
# of an answer, of a meeting or an inspection, the target of a link: everywhere a
# number is typed, ``document_by_code`` decides (exact normalised number, in the
# user's scope). Search is only the fallback that offers candidates: a plan whose
# summary mentions 35-NQ/TW is offered next to 35-NQ/TW, it never hides it.
#
# When nothing matches exactly the field is refused and the form gets an offer
# (``form.document_offers``) that ``_form.html`` shows under the field: the
# candidates as radio buttons carrying the field's whole value with the number
# replaced, and a link that registers the document with the number prefilled and
# comes back to the form.

OFFER_SIZE = 8


def register_url(*, code: str, next_url: str = "") -> str:
    params = {"code": code}
    if next_url:
        params["next"] = next_url
    return f"{reverse('documents:create')}?{urlencode(params)}"


def document_from_code(
    *,
    user: Any,
    code: str,
    field: str,
    form: Any = None,
    text: str | None = None,
    next_url: str = "",
    exclude: Any = None,
):
    """The document numbered ``code``; else ValidationError on ``field`` and an offer on ``form``.

    ``text`` is the field's whole value when it lists several numbers: each
    candidate then carries that value with ``code`` replaced by its number.
    """
    code = (code or "").strip()
    doc = document_by_code(user=user, code=code)
    if doc is not None and (exclude is None or doc.pk != exclude.pk):
        return doc
    found = document_search(viewer=user, q=code)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    matches = list(found[:OFFER_SIZE])
    if form is not None:
        whole = code if text is None else text
        offers = getattr(form, "document_offers", None)
        if offers is None:
            offers = form.document_offers = []
        offers.append(
            {
                "field": field,
                "code": code,
                "choices": [
                    {"value": whole.replace(code, d.code or code, 1), "doc": d} for d in matches if d.code
                ],
                "register_url": register_url(code=code, next_url=next_url),
            }
        )
    if matches:
        msg = _(
            "Không có văn bản nào mang đúng số hiệu “%(c)s” trong sổ văn bản. "
            "Hãy chọn một văn bản dưới đây hoặc đăng ký văn bản này."
        )
    else:
        msg = _("Không có văn bản “%(c)s” trong sổ văn bản. Hãy đăng ký văn bản này trước.")
    msg = msg % {"c": code}
    if form is None and matches:
        # No form to show the offer in (an action posted from a detail page):
        # the message names the candidates, whose numbers can be typed as they are.
        msg += " " + _("Có thể là: %(list)s.") % {
            "list": "; ".join(f"{d.code} ({d.title[:60]})" for d in matches)
        }
    raise ValidationError({field: msg})


def documents_from_codes(*, user: Any, text: str, field: str, form: Any = None, next_url: str = "") -> list:
    """Several numbers separated by commas, each resolved as above."""
    codes = [c.strip() for c in (text or "").split(",") if c.strip()]
    return [
        document_from_code(user=user, code=c, field=field, form=form, text=text, next_url=next_url)
        for c in codes
    ]


def issuing_body_named(name: str) -> IssuingBody | None:
    """An outside issuing body by its exact name (the registry is open to every user)."""
    return IssuingBody.objects.filter(name=name).first()


# ---------------------------------------------------------------- what the import screen reads
# The registry's entries a report's text names, and the outside bodies (intake).


def documents_with_key(*, viewer: Any, key: str, limit: int = 5) -> list[Document]:
    """The visible documents whose number has the key ``key`` (``textmine.codes``), at most
    ``limit``, issuing unit loaded: several when terms or issuers share a number."""
    qs = Document.objects.restrict(viewer).filter(code_key=key).select_related("issuing_unit")
    return list(qs[:limit])


def _codeless_resolutions(viewer: Any) -> QuerySet[Document]:
    from trienkhai.documents.choices import DocKind

    return Document.objects.restrict(viewer).filter(code="", kind=DocKind.NGHI_QUYET)


def resolution_titled(*, viewer: Any, title: str) -> Document | None:
    """The visible resolution registered without a number under ``title`` (any case)."""
    return next(iter(_codeless_resolutions(viewer).filter(title__iexact=title)[:1]), None)


def congress_resolutions(*, viewer: Any, congress: str, limit: int = 3) -> list[Document]:
    """The visible resolutions without a number of the congress ``congress`` (its Roman
    number, "XIII"): "Nghị quyết Đại hội XIII" is registered by its title."""
    qs = (
        _codeless_resolutions(viewer)
        .filter(title__contains="Đại hội")
        .filter(title__contains=f" {congress} ")
    )
    return list(qs[:limit])


def document_ids_changeable(*, viewer: Any, ids: list[int]) -> set[int]:
    """Which of the documents ``ids`` the viewer may change (write a link on, for one)."""
    return set(Document.objects.restrict(viewer, "change").filter(pk__in=ids).values_list("pk", flat=True))


def document_link_between(*, viewer: Any, source_id: Any, target_id: Any) -> DocumentLink | None:
    """The link from one visible document to another, if there is one."""
    visible = Document.objects.restrict(viewer).values("pk")
    return (
        DocumentLink.objects.filter(source_id=source_id, target_id=target_id, source__in=visible)
        .filter(target__in=visible)
        .select_related("source", "target")
        .first()
    )


def document_link_get(*, viewer: Any, pk: Any) -> DocumentLink:
    """A link whose source document the viewer sees (a link is read on its source); else 404."""
    from django.http import Http404

    visible = Document.objects.restrict(viewer).values("pk")
    try:
        return DocumentLink.objects.select_related("source", "target").get(pk=pk, source__in=visible)
    except (DocumentLink.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def documents_implementing(*, viewer: Any, targets: list[int]) -> list[int]:
    """The ids of the visible documents linked to one of ``targets`` (a plan carrying out the
    resolution named, one continuing or amending it)."""
    visible = Document.objects.restrict(viewer).values("pk")
    links = DocumentLink.objects.filter(target_id__in=targets, source__in=visible)
    return list(links.order_by().values_list("source_id", flat=True).distinct())


def issuing_bodies() -> list[IssuingBody]:
    """The registry's outside issuers (Bộ Chính trị, Chính phủ …) in its order. They belong
    to no unit: everyone reads them."""
    return list(IssuingBody.objects.all())


def issuing_body_find(*, pk: Any) -> IssuingBody | None:
    """The outside issuer ``pk``, or None."""
    try:
        return IssuingBody.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def central_issuing_body() -> IssuingBody | None:
    """The outside body that signs the Party centre's documents, if the registry has one:
    the first, in the registry's order, of the central bodies whose numbers end in /TW."""
    return next((b for b in IssuingBody.objects.filter(kind="central") if "TW" in b.suffixes), None)
