"""The document registry: numbered directives, their links and their files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StoredFile, stored_file_path
from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.documents.choices import BodyKind, CodeSystem, DocKind, LinkKind


class IssuingBody(models.Model):
    """An issuer outside every unit's tree (Bộ Chính trị, Chính phủ, …), open to every user as a
    document's issuer. Who may see or change the document is still decided by ``Document.issuing_unit``,
    the unit in whose registry it is kept (decision 0084)."""

    name = models.CharField(_("tên"), max_length=255, unique=True)
    kind = models.CharField(_("cấp"), max_length=12, choices=BodyKind.choices)
    # The issuer part of its codes, comma-separated: "TW" for 57-NQ/TW, "VPTW", "CP" for 30/2020/NĐ-CP.
    code_suffixes = models.CharField(_("ký hiệu trong số hiệu"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cơ quan ban hành ngoài hệ thống")
        verbose_name_plural = _("cơ quan ban hành ngoài hệ thống")

    def __str__(self) -> str:
        return self.name

    @property
    def suffixes(self) -> list[str]:
        return [s.strip() for s in self.code_suffixes.split(",") if s.strip()]


class DocumentQuerySet(ScopedQuerySet["Document"]):
    # A document issued above a unit is what the unit implements: viewers see
    # documents of their subtree and of the units above them.
    scope_fields = ("issuing_unit",)
    scope_read_from_above = ("issuing_unit",)


class Document(models.Model):
    code_raw = models.CharField(_("số hiệu như đã viết"), max_length=80, blank=True)
    code = models.CharField(_("số hiệu"), max_length=80, blank=True, db_index=True)
    code_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    code_compact = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    doc_type = models.CharField(_("loại (trong số hiệu)"), max_length=12, blank=True)
    issuer_code = models.CharField(_("cơ quan ban hành (trong số hiệu)"), max_length=40, blank=True)
    system = models.CharField(
        _("hệ văn bản"), max_length=10, choices=CodeSystem.choices, default=CodeSystem.NONE
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocKind.choices)
    issuing_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="documents"
    )
    # The real issuer when it is not the registering unit: a body outside the tree, or a unit above it
    # (the city keeps the Tỉnh ủy's programme in its own registry). At most one of the two is set.
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cấp ủy cấp trên ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents_issued_above",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    term = models.CharField(_("nhiệm kỳ / năm"), max_length=20, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "code_key", "term"],
                condition=~models.Q(code_key=""),
                name="document_code_unique_per_issuer_term",
            ),
            models.CheckConstraint(
                condition=models.Q(issuing_body__isnull=True) | models.Q(issuer_unit__isnull=True),
                name="document_one_outside_issuer",
            ),
        ]
        indexes = [
            models.Index(fields=["issuing_unit", "issued_on"]),
            models.Index(fields=["kind", "issued_on"]),
        ]

    def __str__(self) -> str:
        if self.code:
            return f"{self.get_kind_display()} {self.code}"
        return self.title

    @property
    def label(self) -> str:
        return str(self)

    @property
    def issuer_name(self) -> str:
        """Who issued it: the outside body, the unit above, or the registering unit itself."""
        issuer = self.issuing_body or self.issuer_unit or self.issuing_unit
        return issuer.name

    @property
    def registered_elsewhere(self) -> bool:
        return self.issuing_body_id is not None or self.issuer_unit_id is not None


class DocumentLink(models.Model):
    """``source`` implements / continues / supersedes / amends ``target``."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=LinkKind.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="document_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="document_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.get_kind_display()})"


# Named by migration 0001; the same function, so the field did not change.
attachment_path = stored_file_path


class Attachment(StoredFile):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def upload_dir(self) -> str:
        return f"documents/{self.document_id}"
