"""Reads of the news portal.

Public reads (no viewer) start from ``Article.objects.public()``: published and
due. Internal reads take the viewer and start from ``restrict(viewer, action)``:
``change`` for the editors' desk, ``admin`` for the review and moderation queues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.core.params import parse_digits
from trienkhai.core.scoping import above_q, get_scoped_or_404
from trienkhai.meetings import selectors as meetings
from trienkhai.orgs.models import Unit
from trienkhai.portal.choices import ArticleStatus, FeedbackStatus
from trienkhai.portal.models import Album, Article, Concern, Feedback, Photo, Tag, WebLink
from trienkhai.rollout import selectors as rollouts
from trienkhai.textmine.normalize import fold

# "Các tin khác": a shared tag says most about a shared subject, then a shared
# document, then a shared unit (the owning unit names half the articles).
RELATED_WEIGHTS = {"tags": 3, "documents": 2, "units": 1}


def _with_cover(qs: QuerySet[Article]) -> QuerySet[Article]:
    return qs.select_related("unit").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id"), to_attr="photo_list")
    )


# --- public --------------------------------------------------------------------------------


def public_articles(*, q: str = "", tag: Tag | None = None, unit: Unit | None = None) -> QuerySet[Article]:
    qs = Article.objects.public()
    words = fold(q or "").split()
    for w in words[:8]:
        qs = qs.filter(search_folded__contains=w)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(units=unit)).distinct()
    return _with_cover(qs.order_by("-publish_at", "-id"))


def public_article_get(*, pk: Any) -> Article:
    try:
        return (
            Article.objects.public()
            .select_related("unit")
            .prefetch_related("tags", "documents", "units")
            .get(pk=pk)
        )
    except (Article.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def public_photos(*, article: Article) -> QuerySet[Photo]:
    return Photo.objects.filter(article=article).order_by("position", "id")


def public_photo_get(*, pk: Any) -> Photo:
    """A photo the public may load: one of a published article. Drafts' photos 404."""
    try:
        return Photo.objects.get(pk=pk, article__in=Article.objects.public().values("pk"))
    except (Photo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def related_articles(*, article: Article, limit: int = 6) -> list[Article]:
    """Published articles sharing tags, documents or units with ``article``, best first."""
    tag_ids = list(article.tags.values_list("pk", flat=True))
    doc_ids = list(article.documents.values_list("pk", flat=True))
    unit_ids = list(article.units.values_list("pk", flat=True)) + [article.unit_id]
    base = Article.objects.public().exclude(pk=article.pk)
    scored: QuerySet[Any] = (  # annotated with the shared tags, documents and units
        base.filter(
            Q(tags__in=tag_ids) | Q(documents__in=doc_ids) | Q(units__in=unit_ids) | Q(unit__in=unit_ids)
        )
        .annotate(
            n_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            n_docs=Count("documents", filter=Q(documents__in=doc_ids), distinct=True),
            n_units=Count("units", filter=Q(units__in=unit_ids), distinct=True),
        )
        .distinct()
    )
    ranked = sorted(
        scored,
        key=lambda a: (
            -(
                RELATED_WEIGHTS["tags"] * a.n_tags
                + RELATED_WEIGHTS["documents"] * a.n_docs
                + RELATED_WEIGHTS["units"] * (a.n_units + (1 if a.unit_id in unit_ids else 0))
            ),
            -a.publish_at.timestamp(),
        ),
    )[:limit]
    if len(ranked) < limit:  # fill with the latest so the box is never empty
        seen = {a.pk for a in ranked}
        ranked += list(base.exclude(pk__in=seen).order_by("-publish_at")[: limit - len(ranked)])
    ids = [a.pk for a in ranked]
    by_id = {a.pk: a for a in _with_cover(Article.objects.filter(pk__in=ids))}
    return [by_id[i] for i in ids if i in by_id]


def public_tags(*, limit: int = 30) -> QuerySet[Tag]:
    return (
        Tag.objects.annotate(
            n=Count("articles", filter=Q(articles__in=Article.objects.public().values("pk")))
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:limit]
    )


def public_tag_get(*, slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None or not Article.objects.public().filter(tags=tag).exists():
        raise Http404
    return tag


def public_unit_get(*, pk: Any) -> Unit:
    """A unit page exists only for units that published or are named in a published article."""
    try:
        unit = Unit.objects.get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not Article.objects.public().filter(Q(unit=unit) | Q(units=unit)).exists():
        raise Http404
    return unit


def public_units(*, limit: int = 20) -> QuerySet[Unit]:
    public = Article.objects.public()
    return (
        Unit.objects.filter(Q(pk__in=public.values("unit")) | Q(pk__in=public.values("units")))
        .order_by("depth", "name")
        .distinct()[:limit]
    )


def _public_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(article__in=Article.objects.public().values("pk"))


def public_albums() -> list[Album]:
    photos = _public_photos()
    albums = list(
        Album.objects.annotate(n=Count("photos", filter=Q(photos__in=photos.values("pk")))).filter(n__gt=0)
    )
    covers: dict[int | None, Photo] = {}
    for p in photos.filter(album__in=[a.pk for a in albums]).order_by("album_id", "position", "id"):
        covers.setdefault(p.album_id, p)
    for a in albums:
        a.cover = covers.get(a.pk)  # type: ignore[attr-defined]  # read by the template
    return list(albums)


def public_album_get(*, pk: Any) -> tuple[Album, QuerySet[Photo]]:
    try:
        album = Album.objects.get(pk=pk)
    except (Album.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    photos = (
        _public_photos()
        .filter(album=album)
        .select_related("article")
        .order_by("-article__publish_at", "position")
    )
    if not photos.exists():
        raise Http404
    return album, photos


def latest_public_photos(*, limit: int = 6) -> QuerySet[Photo]:
    return _public_photos().select_related("article").order_by("-article__publish_at", "position")[:limit]


def public_feedback(*, article: Article) -> QuerySet[Feedback]:
    """Approved feedback shown under an article (name and text; never the e-mail)."""
    return Feedback.objects.filter(article=article, status=FeedbackStatus.APPROVED).order_by("created_at")


def web_links() -> QuerySet[WebLink]:
    return WebLink.objects.all()


# --- internal (scoped) -----------------------------------------------------------------------


def article_get(*, viewer: Any, pk: Any, action: str = "change") -> Article:
    return get_scoped_or_404(
        Article.objects.select_related("unit", "created_by", "reviewed_by").prefetch_related(
            "tags", "units", "documents"
        ),
        viewer,
        action,
        pk=pk,
    )


def articles_desk(*, viewer: Any, status: str = "", q: str = "") -> QuerySet[Article]:
    """The editors' desk: every article of the units the viewer may write for."""
    qs = Article.objects.restrict(viewer, "change").select_related("unit")
    if status in ArticleStatus.values:
        qs = qs.filter(status=status)
    for w in fold(q or "").split()[:8]:
        qs = qs.filter(search_folded__contains=w)
    return qs.annotate(
        n_photos=Count("photos", distinct=True),
        n_pending=Count("feedback", filter=Q(feedback__status=FeedbackStatus.PENDING), distinct=True),
    ).order_by("-updated_at", "-id")


def review_queue(*, viewer: Any) -> QuerySet[Article]:
    return (
        Article.objects.restrict(viewer, "admin").filter(status=ArticleStatus.REVIEW).select_related("unit")
    )


def photo_get(*, viewer: Any, pk: Any, action: str = "change") -> Photo:
    return get_scoped_or_404(Photo.objects.select_related("article", "article__unit"), viewer, action, pk=pk)


def moderation_queue(*, viewer: Any, status: str = FeedbackStatus.PENDING) -> QuerySet[Feedback]:
    qs = Feedback.objects.restrict(viewer, "admin").select_related("article", "article__unit", "concern")
    if status in FeedbackStatus.values:
        qs = qs.filter(status=status)
    return qs


def feedback_get(*, viewer: Any, pk: Any) -> Feedback:
    return get_scoped_or_404(
        Feedback.objects.select_related("article", "article__unit"), viewer, "admin", pk=pk
    )


def albums_for(*, viewer: Any) -> QuerySet[Album]:
    return Album.objects.restrict(viewer, "change")


def units_for_writing(*, viewer: Any) -> QuerySet[Unit]:
    return Unit.objects.restrict(viewer, "change").filter(valid_to__isnull=True)


def units_to_relate(*, viewer: Any, owner: Unit | None, writing: list[Unit]) -> list[Unit]:
    """The units an article may be about: the current ones the viewer sees, and the units a
    story comes down from — those above the article's own unit (that unit too) or, for a new
    article, above the first unit the viewer writes for."""
    related = Unit.objects.restrict(viewer, "view").filter(valid_to__isnull=True)
    if owner is not None:
        related = related | Unit.objects.filter(above_q("", [owner.path], include_self=True))
    elif writing:
        related = related | Unit.objects.filter(above_q("", [writing[0].path], include_self=False))
    return list(related.distinct().order_by("path")[:500])


def concerns_for_opinion(
    *, viewer: Any, unit: Unit | None = None, pending_only: bool = True
) -> QuerySet[Concern]:
    """For the opinion app: anonymous concerns raised from feedback, per unit and month."""
    qs = Concern.objects.restrict(viewer, "view").select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if pending_only:
        qs = qs.filter(picked_up_at__isnull=True)
    return qs


def has_pending_feedback(*, viewer: Any) -> bool:
    return moderation_queue(viewer=viewer).exists()


# --- an article started from another record ---------------------------------------------------
#
# The editor opens ``/news/manage/new/?from=<kind>:<id>``; the form is prefilled with the
# record's title, a lead, a body and the units and documents it concerns, and the article
# remembers ``source_kind``/``source_id``. Each kind is read through its own app's selectors,
# so only a record the viewer sees prefills anything.


@dataclass
class Prefill:
    title: str = ""
    lead: str = ""
    body: str = ""
    unit_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    owner_unit_id: int | None = None


# The kinds an article can start from, with their labels (the editors' desk lists them).
ARTICLE_SOURCES: dict[str, Any] = {
    "meeting": gettext_lazy("Buổi làm việc"),
    "rollout": gettext_lazy("Đợt triển khai"),
}


def _prefill(
    *,
    kind_label: Any,
    title: str,
    when: Any,
    unit: Unit,
    summary: str,
    unit_ids: list[int],
    document_ids: list[int],
) -> Prefill:
    """The lead names the kind, the day (when the record has one) and the unit; the unit
    leads the units."""
    lead_bits = [str(kind_label)]
    if when is not None:
        lead_bits.append(_("ngày %(d)s") % {"d": date_format(when, "d/m/Y")})
    if unit.name:
        lead_bits.append(unit.name)
    if unit.pk not in unit_ids:
        unit_ids.insert(0, unit.pk)
    return Prefill(
        title=title,
        lead=", ".join(lead_bits) + ".",
        body=summary,
        unit_ids=unit_ids,
        document_ids=document_ids,
        owner_unit_id=unit.pk,
    )


def _from_meeting(viewer: Any, pk: int) -> Prefill | None:
    try:
        meeting = meetings.meeting_get(viewer=viewer, pk=pk)
    except Http404:
        return None
    unit_ids, document_ids = meetings.meeting_links(meeting=meeting)
    return _prefill(
        kind_label=ARTICLE_SOURCES["meeting"],
        title=meeting.title or str(meeting),
        when=meeting.date,
        unit=meeting.host,
        summary=meeting.summary,
        unit_ids=unit_ids,
        document_ids=document_ids,
    )


def _from_rollout(viewer: Any, pk: int) -> Prefill | None:
    try:
        rollout = rollouts.rollout_get(viewer=viewer, pk=pk)
    except Http404:
        return None
    return _prefill(
        kind_label=ARTICLE_SOURCES["rollout"],
        title=rollout.title or str(rollout),
        when=None,  # a rollout's lead names its unit alone
        unit=rollout.owner_unit,
        summary="",
        unit_ids=[],
        document_ids=[rollout.document_id],
    )


_PREFILLS: dict[str, Callable[[Any, int], Prefill | None]] = {
    "meeting": _from_meeting,
    "rollout": _from_rollout,
}


def article_sources() -> list[tuple[str, Any]]:
    """(kind, label) of the records an article can start from."""
    return list(ARTICLE_SOURCES.items())


def article_prefill(*, viewer: Any, spec: str) -> tuple[str, str, Prefill] | None:
    """``"meeting:12"`` → (kind, id, Prefill) if the viewer may read record 12, else None."""
    kind, _sep, pk = (spec or "").partition(":")
    read = _PREFILLS.get(kind)
    number = parse_digits(pk)  # not str.isdigit(): "²" passes it and int() refuses it
    if read is None or number is None:
        return None
    prefill = read(viewer, number)
    return (kind, pk, prefill) if prefill is not None else None
