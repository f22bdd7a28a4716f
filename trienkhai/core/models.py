"""Project-wide models: the audit trail, notifications, and the base of every attachment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, Self

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.files import CheckedFile
from trienkhai.core.scoping import ScopedQuerySet


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    scope_fields = ("unit",)
    scope_action_default = "admin"

    def update(self, **kwargs: Any) -> NoReturn:  # noqa: D401
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who changed what, when and from where. Written by services, never edited."""

    skip_text_normalisation = True

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ"), null=True, blank=True)
    action = models.CharField(_("hành động"), max_length=60)
    object_type = models.CharField(_("loại đối tượng"), max_length=60)
    object_id = models.CharField(_("mã đối tượng"), max_length=40, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    refused = models.BooleanField(_("bị từ chối"), default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events cannot be deleted.")


class Notification(models.Model):
    """An in-app notice for one user (reminders, escalations). ``key`` makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The e-mail owed for this notice: its subject and body while unsent, the time it left
    # once the mail server took it. A notice with a subject and no mailed_at is still owed.
    mail_subject = models.CharField(max_length=200, blank=True)
    mail_body = models.TextField(blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.text


def stored_file_path(instance: StoredFile, filename: str) -> str:
    # Named by content, not by the uploader's name: the original name is kept in the row.
    return f"{instance.upload_dir()}/{instance.sha256[:16]}{instance.extension}"


class StoredFile(models.Model):
    """A file that passed ``core.files.check_upload``, kept under its hash.

    Each concrete model adds the ForeignKey to what it is attached to and says in
    ``upload_dir`` under which folder its files go.
    """

    file = models.FileField(upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def upload_dir(self) -> str:
        raise NotImplementedError

    @classmethod
    def from_checked(cls, checked: CheckedFile, **owner: Any) -> Self:
        """An unsaved row whose bytes are already written to storage.

        Storage is not transactional: if the row or anything after it fails, the
        caller removes the bytes with ``discard_files``.
        """
        stored = cls(
            **owner,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=len(checked.data),
            sha256=checked.sha256,
        )
        stored.file.save(checked.name, ContentFile(checked.data), save=False)
        return stored


def store_files[F: StoredFile](model: type[F], files: Iterable[CheckedFile], **owner: Any) -> list[F]:
    """Write each checked file and save its row. If one fails, the bytes already written
    are removed before the error goes on; if anything after this fails, the caller
    removes them all with :func:`discard_files` (storage is not transactional)."""
    stored: list[F] = []
    try:
        for checked in files:
            stored.append(model.from_checked(checked, **owner))
            stored[-1].save()
    except Exception:
        discard_files(stored)
        raise
    return stored


def discard_files(stored: Iterable[StoredFile]) -> None:
    """Delete the bytes of files whose transaction did not commit."""
    for item in stored:
        item.file.storage.delete(item.file.name)  # type: ignore[arg-type]  # a saved row's file has a name
