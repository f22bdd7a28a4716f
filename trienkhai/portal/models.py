"""The public news portal: articles with photos, albums, website links, reader feedback.

An article belongs to the unit that writes it (``unit``, its scope); the units
and documents it *concerns* are separate links used for the public unit pages
and for "Các tin khác". The public sees an article only when it is published
and its ``publish_at`` has passed (:meth:`ArticleQuerySet.public`); everything
else goes through ``restrict(user, action)`` like every other record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.portal.choices import ArticleStatus, FeedbackStatus


class Tag(models.Model):
    """A topic ("chủ đề"). Tags are a public vocabulary shared by all units."""

    name = models.CharField(_("chủ đề"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:topic", args=[self.slug])


class ArticleQuerySet(ScopedQuerySet["Article"]):
    scope_fields = ("unit",)

    def public(self) -> ArticleQuerySet:
        """What anyone may read: published, and its publication time has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=timezone.now())


class Article(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị đăng tin"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("tiêu đề"), max_length=250)
    slug = models.SlugField(max_length=90, blank=True, allow_unicode=False)
    lead = models.TextField(_("sa-pô (tóm tắt)"), max_length=600, blank=True)
    # Stored already sanitised by nh3 (services); templates re-sanitise on output.
    body = models.TextField(_("nội dung"), blank=True)
    author = models.CharField(_("tác giả (bút danh)"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    review_note = models.TextField(_("ghi chú duyệt"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("chủ đề"), blank=True, related_name="articles")
    units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("đơn vị liên quan"), blank=True, related_name="portal_mentions"
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("văn bản liên quan"), blank=True, related_name="portal_articles"
    )
    # Where the article was started from ("meeting", "rollout", …) and that record's id.
    source_kind = models.CharField(max_length=30, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:article", args=[self.pk, self.slug or "tin"])

    @property
    def is_public(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )


class AlbumQuerySet(ScopedQuerySet["Album"]):
    scope_fields = ("unit",)


class Album(models.Model):
    """A photo album ("Thư viện ảnh"). Its photos belong to articles: an album shows
    the public only the photos of published articles."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên album"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AlbumQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("album ảnh")
        verbose_name_plural = _("album ảnh")

    def __str__(self) -> str:
        return self.title


class PhotoQuerySet(ScopedQuerySet["Photo"]):
    scope_fields = ("article__unit",)


def photo_path(instance: Photo, filename: str) -> str:
    return f"portal/{instance.article_id}/{filename}"


class Photo(models.Model):
    """A re-encoded JPEG (metadata stripped, ≤ 1600 px) and its 480 px thumbnail."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    album = models.ForeignKey(
        Album,
        verbose_name=_("album"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    image = models.FileField(upload_to=photo_path, max_length=255)
    thumb = models.FileField(upload_to=photo_path, max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumb_width = models.PositiveIntegerField()
    thumb_height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    alt = models.CharField(_("mô tả ảnh cho người khiếm thị (alt)"), max_length=200, blank=True)
    credit = models.CharField(_("nguồn ảnh"), max_length=120, blank=True)
    illustrative = models.BooleanField(_("ảnh minh họa"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position", "id"]
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"

    def public_url(self, size: str = "full") -> str:
        return reverse("portal:image", args=[self.pk, size, self.sha256[:10]])


class WebLinkQuerySet(ScopedQuerySet["WebLink"]):
    scope_fields = ("unit",)


class WebLink(models.Model):
    """ "Liên kết website": a name and a URL, shown as a plain link (never fetched)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên"), max_length=150)
    url = models.URLField(_("địa chỉ"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    objects = WebLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")
        constraints = [models.UniqueConstraint(fields=["unit", "url"], name="portal_weblink_unique")]

    def __str__(self) -> str:
        return self.name


class ConcernQuerySet(ScopedQuerySet["Concern"]):
    scope_fields = ("unit",)


class Concern(models.Model):
    """A concern raised from readers' feedback, handed to the unit's opinion report.

    Aggregated and anonymous by construction: a topic, a summary written or
    checked by the moderator, and a count. No name, e-mail or address of any
    sender is stored here; the opinion app reads these rows (see
    ``selectors.concerns_for_opinion``) and marks them picked up.
    """

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("kỳ (năm-tháng)"), max_length=7)
    topic = models.CharField(_("chủ đề"), max_length=150)
    summary = models.TextField(_("nội dung tổng hợp"))
    count = models.PositiveIntegerField(_("số phản hồi"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    picked_up_ref = models.CharField(max_length=80, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "topic"]
        verbose_name = _("vấn đề từ phản hồi")
        verbose_name_plural = _("vấn đề từ phản hồi")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "topic"], name="portal_concern_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.topic} ({self.count})"


class FeedbackQuerySet(ScopedQuerySet["Feedback"]):
    scope_fields = ("article__unit",)
    scope_action_default = "admin"


class Feedback(models.Model):
    """A reader's "Phản hồi" on an article, held until a moderator decides."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    name = models.CharField(_("họ tên"), max_length=100)
    email = models.EmailField(_("thư điện tử"), max_length=200)
    body = models.TextField(_("nội dung"), max_length=2000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING
    )
    reply = models.TextField(_("trả lời"), blank=True, max_length=3000)
    reply_public = models.BooleanField(_("đăng trả lời dưới bài"), default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Set when the moderator turned this feedback into an anonymous concern.
    concern = models.ForeignKey(Concern, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("phản hồi")
        verbose_name_plural = _("phản hồi")

    def __str__(self) -> str:
        # No name or e-mail: this string lands in the audit trail and in logs.
        return f"Phản hồi #{self.pk} (tin {self.article_id})"
