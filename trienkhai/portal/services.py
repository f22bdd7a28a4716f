"""Writes of the news portal. Each is atomic, re-checks scope and writes one audit event.

Who may do what:

- ``change`` on the article's unit (editor or admin there or above) writes and
  edits drafts, adds photos and submits for review;
- ``admin`` on the article's unit (an admin role at the unit or above) approves,
  returns, schedules, publishes and withdraws, edits an article already in
  review or published, and moderates its readers' feedback.

``acting_user=SYSTEM`` is the system (demo loader, tests' fixtures): no scope check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, diff, service
from trienkhai.core.scoping import covers, get_scoped_or_404
from trienkhai.documents.selectors import documents_visible
from trienkhai.orgs.models import Unit
from trienkhai.portal import antispam
from trienkhai.portal.choices import ArticleStatus, FeedbackStatus, ReviewDecision
from trienkhai.portal.images import MAX_UPLOAD_BYTES, process_image
from trienkhai.portal.models import Album, Article, Concern, Feedback, Photo, Tag, WebLink
from trienkhai.portal.pagecache import public_changed
from trienkhai.portal.richtext import body_to_html, html_to_text
from trienkhai.textmine.normalize import clean_text, fold

if TYPE_CHECKING:
    from trienkhai.documents.models import Document

MAX_BODY_CHARS = 100_000
MAX_TAGS = 10
FEEDBACK_MIN_CHARS = 10
FEEDBACK_MAX_CHARS = 2000
EDITABLE = ["title", "lead", "body", "author"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(\+?84|0)[\s.-]?\d{2,3}([\s.-]?\d{3}){2}\d?(?!\d)")


# --- helpers -----------------------------------------------------------------------------


def _article_for(article: Article, acting_user: Any, action: str) -> Article:
    qs = Article.objects.select_for_update()
    return get_scoped_or_404(qs, acting_user, action, pk=article.pk)


def _is_admin_of(user: Any, unit: Unit) -> bool:
    return covers(user, unit, "admin")


def _require_editable(article: Article, acting_user: Any) -> None:
    """Editors change drafts and returned articles; past that, only the unit's admins."""
    if article.status in (ArticleStatus.DRAFT, ArticleStatus.RETURNED):
        return
    if not _is_admin_of(acting_user, article.unit):
        raise ValidationError(
            _("Bài đang ở trạng thái “%(s)s”: chỉ quản trị của đơn vị mới sửa được.")
            % {"s": article.get_status_display()}
        )


def _slug(title: str) -> str:
    return slugify(fold(title))[:80].strip("-") or "tin"


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned: dict[str, str] = {}
    for raw in names:
        name = clean_text(str(raw or ""))[:80]
        if name:
            cleaned.setdefault(_slug(name), name)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("Tối đa %(n)s chủ đề cho một bài.") % {"n": MAX_TAGS}})
    tags = []
    for slug, name in cleaned.items():
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            tag = Tag(name=name, slug=slug)
            tag.full_clean()
            tag.save()
        tags.append(tag)
    return tags


def _visible_units(acting_user: Any, owner: Unit, ids: Iterable[Any]) -> list[Unit]:
    """Units an article may name: those the author sees, and the ones above its own unit."""
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError) as exc:
        raise ValidationError({"units": _("Đơn vị liên quan không hợp lệ.")}) from exc
    if not wanted:
        return []
    found = Unit.objects.filter(pk__in=wanted)
    ancestors = owner.ancestor_paths(include_self=True)
    found = found.filter(pk__in=Unit.objects.restrict(acting_user, "view").values("pk")) | found.filter(
        path__in=ancestors
    )
    units = list(found.distinct())
    if len(units) != len(wanted):
        raise ValidationError({"units": _("Có đơn vị liên quan không tồn tại hoặc ngoài phạm vi của bạn.")})
    return units


def _visible_documents(acting_user: Any, ids: Iterable[Any]) -> list[Document]:
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError) as exc:
        raise ValidationError({"documents": _("Văn bản liên quan không hợp lệ.")}) from exc
    if not wanted:
        return []
    docs = documents_visible(viewer=acting_user, ids=wanted)
    if len(docs) != len(wanted):
        raise ValidationError(
            {"documents": _("Có văn bản liên quan không tồn tại hoặc ngoài phạm vi của bạn.")}
        )
    return docs


def _clean_fields(article: Article, fields: dict[str, Any]) -> None:
    if "title" in fields:
        article.title = clean_text(str(fields["title"] or ""))
    if "lead" in fields:
        article.lead = clean_text(str(fields["lead"] or ""))
    if "author" in fields:
        article.author = clean_text(str(fields["author"] or ""))
    if "body" in fields:
        raw = str(fields["body"] or "")
        if len(raw) > MAX_BODY_CHARS:
            raise ValidationError(
                {"body": _("Nội dung dài quá %(n)s ký tự.") % {"n": f"{MAX_BODY_CHARS:,}".replace(",", ".")}}
            )
        article.body = body_to_html(clean_text(raw, multiline=True))
    if not article.title:
        raise ValidationError({"title": _("Hãy nhập tiêu đề.")})
    article.slug = _slug(article.title)


def _index(article: Article) -> None:
    tags = " ".join(article.tags.values_list("name", flat=True)) if article.pk else ""
    text = " ".join([article.title, article.lead, html_to_text(article.body), article.author, tags])
    Article.objects.filter(pk=article.pk).update(search_folded=fold(text))
    article.search_folded = fold(text)


def _set_relations(article: Article, acting_user: Any, tags, units, documents) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if tags is not None:
        tag_objs = _tags(tags)
        article.tags.set(tag_objs)
        changes["tags"] = [t.name for t in tag_objs]
    if units is not None:
        unit_objs = _visible_units(acting_user, article.unit, units)
        article.units.set(unit_objs)
        changes["units"] = [u.name for u in unit_objs]
    if documents is not None:
        doc_objs = _visible_documents(acting_user, documents)
        article.documents.set(doc_objs)
        changes["documents"] = [str(d) for d in doc_objs]
    return changes


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        raise ValidationError({field: _("Thời điểm thiếu múi giờ.")})
    return value


# --- articles ------------------------------------------------------------------------------


@service
def article_create(
    *,
    unit: Unit,
    title: str,
    lead: str = "",
    body: str = "",
    author: str = "",
    tags: Iterable[str] = (),
    units: Iterable[Any] = (),
    documents: Iterable[Any] = (),
    source_kind: str = "",
    source_id: str = "",
    acting_user: Any,
) -> Article:
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=unit.pk)
    article = Article(
        unit=unit,
        status=ArticleStatus.DRAFT,
        source_kind=clean_text(source_kind)[:30],
        source_id=clean_text(str(source_id))[:40],
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _clean_fields(article, {"title": title, "lead": lead, "body": body, "author": author})
    article.full_clean(exclude=["unit", "created_by", "reviewed_by"])
    article.save()
    changes = _set_relations(article, acting_user, list(tags), list(units), list(documents))
    _index(article)
    audit_log(
        actor=acting_user,
        action="article.create",
        obj=article,
        unit=unit,
        changes={
            "title": article.title,
            "source": f"{source_kind}:{source_id}" if source_kind else "",
            **changes,
        },
    )
    return article


@service
def article_update(
    *,
    article: Article,
    acting_user: Any,
    tags: Iterable[str] | None = None,
    units: Iterable[Any] | None = None,
    documents: Iterable[Any] | None = None,
    **fields: Any,
) -> Article:
    obj = _article_for(article, acting_user, "change")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _require_editable(obj, acting_user)
    before = {f: getattr(obj, f) for f in EDITABLE}
    _clean_fields(obj, fields)
    obj.full_clean(exclude=["unit", "created_by", "reviewed_by"])
    obj.save()
    changes = diff(before, {f: getattr(obj, f) for f in EDITABLE})
    if "body" in changes:
        changes["body"] = [len(before["body"]), len(obj.body)]  # lengths, not two copies of the text
    changes.update(
        _set_relations(
            obj,
            acting_user,
            None if tags is None else list(tags),
            None if units is None else list(units),
            None if documents is None else list(documents),
        )
    )
    _index(obj)
    transaction.on_commit(public_changed)
    audit_log(actor=acting_user, action="article.update", obj=obj, unit=obj.unit, changes=changes)
    return obj


@service
def article_submit(*, article: Article, acting_user: Any) -> Article:
    obj = _article_for(article, acting_user, "change")
    if obj.status not in (ArticleStatus.DRAFT, ArticleStatus.RETURNED):
        raise ValidationError(_("Chỉ gửi duyệt được bản nháp hoặc bài bị trả lại."))
    if not obj.lead and not obj.body:
        raise ValidationError(_("Bài chưa có sa-pô hay nội dung: chưa gửi duyệt được."))
    before = obj.status
    obj.status = ArticleStatus.REVIEW
    obj.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=acting_user,
        action="article.submit",
        obj=obj,
        unit=obj.unit,
        changes={"status": [before, obj.status]},
    )
    return obj


def _publish(obj: Article, publish_at: dt.datetime | None, acting_user: Any, note: str) -> None:
    obj.status = ArticleStatus.PUBLISHED
    obj.publish_at = _aware(publish_at, "publish_at") or timezone.now()
    obj.reviewed_by = acting_user if getattr(acting_user, "pk", None) else None
    obj.reviewed_at = timezone.now()
    obj.review_note = clean_text(note or "", multiline=True)


@service
def article_review(
    *,
    article: Article,
    decision: str,
    note: str = "",
    publish_at: dt.datetime | None = None,
    acting_user: Any,
) -> Article:
    """An admin of the unit (or above) approves — now or at ``publish_at`` — or returns with a note."""
    obj = _article_for(article, acting_user, "admin")
    if obj.status != ArticleStatus.REVIEW:
        raise ValidationError(_("Bài không ở trạng thái chờ duyệt."))
    before = obj.status
    if decision == ReviewDecision.APPROVE:
        _publish(obj, publish_at, acting_user, note)
    elif decision == ReviewDecision.RETURN:
        note = clean_text(note or "", multiline=True)
        if not note:
            raise ValidationError({"note": _("Hãy ghi rõ cần sửa gì khi trả lại bài.")})
        obj.status = ArticleStatus.RETURNED
        obj.review_note = note
        obj.reviewed_by = acting_user if getattr(acting_user, "pk", None) else None
        obj.reviewed_at = timezone.now()
    else:
        raise ValidationError({"decision": _("Quyết định duyệt không hợp lệ.")})
    obj.save()
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action=f"article.{decision}",
        obj=obj,
        unit=obj.unit,
        changes={"status": [before, obj.status], "publish_at": obj.publish_at, "note": obj.review_note},
    )
    return obj


@service
def article_publish(*, article: Article, publish_at: dt.datetime | None = None, acting_user: Any) -> Article:
    """An admin publishes (or reschedules) directly, without the review queue."""
    obj = _article_for(article, acting_user, "admin")
    if not obj.lead and not obj.body:
        raise ValidationError(_("Bài chưa có sa-pô hay nội dung: chưa đăng được."))
    before = (obj.status, obj.publish_at)
    _publish(obj, publish_at, acting_user, obj.review_note)
    assert obj.publish_at is not None  # _publish sets it
    obj.save()
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action="article.publish",
        obj=obj,
        unit=obj.unit,
        changes={
            "status": [before[0], obj.status],
            "publish_at": [before[1].isoformat() if before[1] else None, obj.publish_at.isoformat()],
        },
    )
    return obj


@service
def article_withdraw(*, article: Article, note: str = "", acting_user: Any) -> Article:
    obj = _article_for(article, acting_user, "admin")
    if obj.status != ArticleStatus.PUBLISHED:
        raise ValidationError(_("Chỉ gỡ được bài đã duyệt đăng."))
    obj.status = ArticleStatus.WITHDRAWN
    obj.review_note = clean_text(note or "", multiline=True)
    obj.save()
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action="article.withdraw",
        obj=obj,
        unit=obj.unit,
        changes={"status": [ArticleStatus.PUBLISHED, obj.status], "note": obj.review_note},
    )
    return obj


# --- photos and albums ----------------------------------------------------------------------


@service
def photo_add(
    *,
    article: Article,
    upload: IO[bytes] | bytes,
    caption: str = "",
    alt: str = "",
    credit: str = "",
    illustrative: bool = False,
    album: Album | None = None,
    acting_user: Any,
) -> Photo:
    obj = _article_for(article, acting_user, "change")
    _require_editable(obj, acting_user)
    if album is not None:
        get_scoped_or_404(Album.objects, acting_user, "change", pk=album.pk)
    data = upload if isinstance(upload, bytes) else upload.read(MAX_UPLOAD_BYTES + 1)
    processed = process_image(data)
    photo = Photo(
        article=obj,
        album=album,
        width=processed.width,
        height=processed.height,
        thumb_width=processed.thumb_width,
        thumb_height=processed.thumb_height,
        size=len(processed.full),
        sha256=processed.sha256,
        caption=clean_text(caption or ""),
        alt=clean_text(alt or ""),
        credit=clean_text(credit or ""),
        illustrative=bool(illustrative),
        position=obj.photos.count(),
    )
    photo.full_clean(exclude=["article", "album", "image", "thumb"])
    # Content-addressed names: the same picture is one file, a retry after a failed
    # transaction reuses it instead of leaving a second copy behind.
    written: list[str] = []
    try:
        for field, suffix, content in (
            (photo.image, "", processed.full),
            (photo.thumb, "_t", processed.thumb),
        ):
            name = f"portal/{obj.pk}/{processed.sha256[:20]}{suffix}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(content))
                written.append(name)
            field.name = name
        photo.save()
        audit_log(
            actor=acting_user,
            action="photo.add",
            obj=photo,
            unit=obj.unit,
            changes={"article": obj.pk, "caption": photo.caption, "size": photo.size, "sha256": photo.sha256},
        )
    except Exception:
        for name in written:  # nothing half-saved: no new file without its row
            default_storage.delete(name)
        raise
    transaction.on_commit(public_changed)
    return photo


@service
def photo_update(
    *, photo: Photo, caption: str, alt: str, credit: str = "", album: Album | None = None, acting_user: Any
) -> Photo:
    obj = _article_for(photo.article, acting_user, "change")
    _require_editable(obj, acting_user)
    p = Photo.objects.select_for_update().get(pk=photo.pk, article=obj)
    before = {"caption": p.caption, "alt": p.alt, "credit": p.credit, "album": p.album_id}
    p.caption, p.alt, p.credit = clean_text(caption or ""), clean_text(alt or ""), clean_text(credit or "")
    if album is not None:
        get_scoped_or_404(Album.objects, acting_user, "change", pk=album.pk)
    p.album = album
    p.full_clean(exclude=["article", "album", "image", "thumb"])
    p.save()
    after = {"caption": p.caption, "alt": p.alt, "credit": p.credit, "album": p.album_id}
    transaction.on_commit(public_changed)
    audit_log(actor=acting_user, action="photo.update", obj=p, unit=obj.unit, changes=diff(before, after))
    return p


@service
def photo_delete(*, photo: Photo, acting_user: Any) -> None:
    obj = _article_for(photo.article, acting_user, "change")
    _require_editable(obj, acting_user)
    names = [photo.image.name, photo.thumb.name]
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action="photo.delete",
        obj=photo,
        unit=obj.unit,
        changes={"article": obj.pk, "caption": photo.caption, "sha256": photo.sha256},
    )
    photo.delete()

    def _remove_files() -> None:
        for name in names:
            if name and not Photo.objects.filter(Q(image=name) | Q(thumb=name)).exists():
                default_storage.delete(name)

    transaction.on_commit(_remove_files)


@service
def album_create(*, unit: Unit, title: str, description: str = "", acting_user: Any) -> Album:
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=unit.pk)
    album = Album(
        unit=unit, title=clean_text(title or ""), description=clean_text(description or "", multiline=True)
    )
    if not album.title:
        raise ValidationError({"title": _("Hãy đặt tên album.")})
    album.full_clean(exclude=["unit"])
    album.save()
    audit_log(actor=acting_user, action="album.create", obj=album, unit=unit, changes={"title": album.title})
    return album


@service
def weblink_add(*, unit: Unit, name: str, url: str, position: int = 0, acting_user: Any) -> WebLink:
    get_scoped_or_404(Unit.objects, acting_user, "admin", pk=unit.pk)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError({"url": _("Địa chỉ website phải bắt đầu bằng http:// hoặc https://.")}) from exc
    link = WebLink(unit=unit, name=clean_text(name or ""), url=url, position=position)
    if not link.name:
        raise ValidationError({"name": _("Hãy nhập tên website.")})
    link.full_clean(exclude=["unit"])
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:
        raise ValidationError({"url": _("Liên kết này đã có.")}) from exc
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user, action="weblink.add", obj=link, unit=unit, changes={"name": link.name, "url": url}
    )
    return link


# --- feedback --------------------------------------------------------------------------------


@service
def feedback_submit(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    token: str,
    honeypot: str = "",
    ip: str | None = None,
    now: float | None = None,
) -> Feedback:
    """A reader's feedback, held for moderation. Anonymous: there is no acting user."""
    if not Article.objects.public().filter(pk=article.pk).exists():
        from django.http import Http404

        raise Http404
    if honeypot:
        raise ValidationError(_("Không gửi được phản hồi: biểu mẫu có dấu hiệu được điền tự động."))
    antispam.check_token(token, article.pk, now=now)
    name = clean_text(name or "")
    email = clean_text(email or "").lower()
    body = clean_text(body or "", multiline=True)
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Hãy nhập họ tên."))
    elif len(name) > 100:
        errors.setdefault("name", []).append(_("Họ tên dài quá 100 ký tự."))
    try:
        validate_email(email)
        if len(email) > 200:
            raise ValidationError("")
    except ValidationError:
        errors.setdefault("email", []).append(_("Địa chỉ thư điện tử không hợp lệ."))
    if len(body) < FEEDBACK_MIN_CHARS:
        errors.setdefault("body", []).append(
            _("Nội dung phản hồi quá ngắn (ít nhất %(n)s ký tự).") % {"n": FEEDBACK_MIN_CHARS}
        )
    elif len(body) > FEEDBACK_MAX_CHARS:
        errors.setdefault("body", []).append(
            _("Nội dung phản hồi dài quá %(n)s ký tự.") % {"n": FEEDBACK_MAX_CHARS}
        )
    if antispam.count_links(body) > antispam.MAX_LINKS:
        errors.setdefault("body", []).append(
            _("Phản hồi chứa quá nhiều đường dẫn (tối đa %(n)s).") % {"n": antispam.MAX_LINKS}
        )
    if errors:
        raise ValidationError(errors)
    if antispam.rate_limited(ip=ip, email=email):
        raise ValidationError(
            _("Bạn đã gửi nhiều phản hồi trong thời gian ngắn. Xin vui lòng thử lại sau ít phút.")
        )
    fb = Feedback(article=article, name=name, email=email, body=body)
    fb.full_clean(exclude=["article"])
    fb.save()
    # Counted only once the feedback is really kept: a rolled-back one must not block the reader.
    transaction.on_commit(lambda: antispam.rate_count(ip=ip, email=email))
    audit_log(
        actor=None, action="feedback.submit", obj=fb, unit=article.unit, changes={"article": article.pk}
    )
    return fb


def _feedback_for(feedback: Feedback, acting_user: Any) -> Feedback:
    qs = Feedback.objects.select_for_update(of=("self",)).select_related("article", "article__unit")
    return get_scoped_or_404(qs, acting_user, "admin", pk=feedback.pk)


@service
def feedback_moderate(*, feedback: Feedback, decision: str, acting_user: Any) -> Feedback:
    fb = _feedback_for(feedback, acting_user)
    if decision not in (FeedbackStatus.APPROVED, FeedbackStatus.REJECTED):
        raise ValidationError(_("Quyết định kiểm duyệt không hợp lệ."))
    before = fb.status
    fb.status = decision
    if decision == FeedbackStatus.REJECTED:
        fb.reply_public = False
    fb.moderated_by = acting_user if getattr(acting_user, "pk", None) else None
    fb.moderated_at = timezone.now()
    fb.save()
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action=f"feedback.{decision}",
        obj=fb,
        unit=fb.article.unit,
        changes={"status": [before, fb.status]},
    )
    return fb


@service
def feedback_reply(*, feedback: Feedback, reply: str, publish: bool = False, acting_user: Any) -> Feedback:
    """Reply to a reader; a published reply shows under the article with the (approved) feedback."""
    fb = _feedback_for(feedback, acting_user)
    reply = clean_text(reply or "", multiline=True)
    if not reply:
        raise ValidationError({"reply": _("Hãy nhập nội dung trả lời.")})
    if len(reply) > 3000:
        raise ValidationError({"reply": _("Trả lời dài quá 3000 ký tự.")})
    if publish and fb.status == FeedbackStatus.REJECTED:
        raise ValidationError(_("Phản hồi đã bị từ chối: không đăng trả lời dưới bài được."))
    before = fb.status
    fb.reply = reply
    fb.reply_public = bool(publish)
    if publish:
        fb.status = FeedbackStatus.APPROVED  # a published answer shows the question it answers
    fb.moderated_by = acting_user if getattr(acting_user, "pk", None) else None
    fb.moderated_at = timezone.now()
    fb.save()
    transaction.on_commit(public_changed)
    audit_log(
        actor=acting_user,
        action="feedback.reply",
        obj=fb,
        unit=fb.article.unit,
        changes={"status": [before, fb.status], "public": fb.reply_public, "length": len(reply)},
    )
    return fb


def anonymise(text: str, *, name: str = "", email: str = "") -> str:
    """Drop what identifies a sender from a text: their name, e-mail addresses, phone numbers."""
    text = _EMAIL.sub("[…]", text or "")
    text = _PHONE.sub("[…]", text)
    for token in {name.strip(), email.strip()} - {""}:
        text = re.sub(re.escape(token), "[…]", text, flags=re.I)
    return clean_text(text, multiline=True)


@service
def feedback_raise_concern(*, feedback: Feedback, topic: str, summary: str = "", acting_user: Any) -> Concern:
    """Turn a feedback into a topic of the unit's opinion report, aggregated and anonymous.

    Concerns are counted per (unit, month, topic); the text kept is the
    moderator's summary (default: the feedback with the sender's name, e-mail
    and phone numbers removed). If the opinion app offers
    ``opinion.services.opinion_concern_add`` it is called as well, with the same
    anonymous fields only.
    """
    fb = _feedback_for(feedback, acting_user)
    if fb.concern_id:
        raise ValidationError(_("Phản hồi này đã được chuyển thành vấn đề của báo cáo dư luận."))
    topic = clean_text(topic or "")[:150]
    if not topic:
        raise ValidationError({"topic": _("Hãy ghi chủ đề của vấn đề.")})
    text = anonymise(summary or fb.body, name=fb.name, email=fb.email)
    if not text:
        raise ValidationError({"summary": _("Hãy tóm tắt vấn đề.")})
    unit = fb.article.unit
    period = timezone.localdate().strftime("%Y-%m")
    concern = Concern.objects.select_for_update().filter(unit=unit, period=period, topic=topic).first()
    if concern is None:
        concern = Concern(unit=unit, period=period, topic=topic, summary=text, count=1)
        concern.full_clean(exclude=["unit"])
        concern.save()
    else:
        concern.count += 1
        if text not in concern.summary:
            concern.summary = (concern.summary + "\n" + text)[:5000]
        concern.save()
    fb.concern = concern
    fb.save(update_fields=["concern"])
    _hand_to_opinion(concern, acting_user)
    audit_log(
        actor=acting_user,
        action="feedback.raise_concern",
        obj=concern,
        unit=unit,
        changes={"topic": topic, "period": period, "count": concern.count},
    )
    return concern


def _hand_to_opinion(concern: Concern, acting_user: Any) -> None:
    from importlib import import_module

    try:
        opinion_services = import_module("trienkhai.opinion.services")
    except ImportError:
        return
    add = getattr(opinion_services, "opinion_concern_add", None)
    if add is None:
        return
    ref = add(
        unit=concern.unit,
        period=concern.period,
        topic=concern.topic,
        summary=concern.summary,
        count=concern.count,
        source="portal",
        acting_user=acting_user,
    )
    concern.picked_up_at = timezone.now()
    concern.picked_up_ref = str(getattr(ref, "pk", ref) or "")[:80]
    concern.save(update_fields=["picked_up_at", "picked_up_ref"])


@service
def concern_mark_picked_up(*, concern: Concern, ref: str, acting_user: Any) -> Concern:
    """For the opinion app: record that a concern went into report ``ref``."""
    qs = Concern.objects.select_for_update()
    obj = get_scoped_or_404(qs, acting_user, "change", pk=concern.pk)
    obj.picked_up_at = timezone.now()
    obj.picked_up_ref = clean_text(str(ref))[:80]
    obj.save()
    audit_log(
        actor=acting_user,
        action="concern.picked_up",
        obj=obj,
        unit=obj.unit,
        changes={"ref": obj.picked_up_ref},
    )
    return obj
