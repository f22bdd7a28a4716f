"""An imported narrative report and where each record made from it came from.

``ImportedReport`` keeps the source exactly as received (pasted or read from a file);
the findings are recomputed from it, so a better extractor improves old drafts too.
``ImportProvenance`` ties every record the confirmation created (or recognised) to
the report and the quote it came from; it is also what makes confirming twice safe.
``ImportedFact`` keeps a coverage statement ("100% chi bộ đã xây dựng kế hoạch") as a
*reported* figure beside a rollout step, to be read next to the *counted* one: the
rollout app counts records and has no place for a clerk's figure, on purpose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.intake.choices import ReportStatus


class ImportedReportQuerySet(ScopedQuerySet["ImportedReport"]):
    scope_fields = ("unit",)


class ImportedReport(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị lưu báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    source_text = models.TextField(_("nội dung gốc"))
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImportedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("báo cáo nhập")
        verbose_name_plural = _("báo cáo nhập")

    def __str__(self) -> str:
        return self.title


class ProvenanceQuerySet(ScopedQuerySet["ImportProvenance"]):
    scope_fields = ("report__unit",)


class ImportProvenance(models.Model):
    report = models.ForeignKey(ImportedReport, on_delete=models.CASCADE, related_name="provenance")
    # The finding's stable key within the report (kind + span); unique per report, so a
    # second confirmation finds the record the first one made instead of making another.
    item_key = models.CharField(max_length=80)
    record_type = models.CharField(_("loại bản ghi"), max_length=60)
    record_id = models.PositiveBigIntegerField()
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    quote = models.TextField(_("trích dẫn"))
    created_record = models.BooleanField(
        _("tạo mới từ báo cáo"), default=True, help_text=_("Sai: bản ghi đã có, chỉ được nhận diện.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProvenanceQuerySet.as_manager()

    class Meta:
        ordering = ["report_id", "span_start", "id"]
        verbose_name = _("nguồn gốc bản ghi")
        verbose_name_plural = _("nguồn gốc bản ghi")
        constraints = [
            models.UniqueConstraint(fields=["report", "item_key"], name="intake_provenance_one_per_item")
        ]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.record_type}#{self.record_id} ← {self.quote[:60]}"


class ImportedFactQuerySet(ScopedQuerySet["ImportedFact"]):
    scope_fields = ("unit",)


class ImportedFact(models.Model):
    """A figure a report states for a rollout step, kept beside the figure the system counts."""

    report = models.ForeignKey(ImportedReport, on_delete=models.CASCADE, related_name="facts")
    step = models.ForeignKey(
        "rollout.Step", verbose_name=_("yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("tỷ lệ báo cáo (%)"), max_digits=6, decimal_places=2)
    who = models.CharField(_("đối tượng"), max_length=200, blank=True)
    what = models.CharField(_("việc đã làm"), max_length=300, blank=True)
    quote = models.TextField(_("trích dẫn"))
    counted_pct = models.DecimalField(
        _("tỷ lệ đếm được khi xác nhận (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportedFactQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")

    def __str__(self) -> str:
        return f"{self.value}% — {self.step}"
