"""Targets and indicators (mục tiêu, chỉ tiêu) of a unit for a term, and their measurements.

A target is either a number (baseline → target value, with a unit of measure) or a state
("thị xã trở thành thành phố"). Its actual value is typed as dated ``Measurement`` rows —
or, when the target is linked to a rollout step, COUNTED by the system from the rollout's
records (``trienkhai.rollout.selectors.coverage_for``) and never typed. The status is
computed, never stored; the rule is in :mod:`trienkhai.targets.progress`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.targets.choices import CountedMeasure, DuePrecision, TargetKind


class TargetQuerySet(ScopedQuerySet["Target"]):
    scope_fields = ("unit",)


class Target(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.CharField(_("nhiệm kỳ, giai đoạn"), max_length=20, help_text=_("Ví dụ: 2020-2025"))
    title = models.CharField(_("mục tiêu, chỉ tiêu"), max_length=400)
    description = models.TextField(_("diễn giải"), blank=True)
    kind = models.CharField(_("loại"), max_length=8, choices=TargetKind.choices)
    value_unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("giá trị đầu kỳ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("giá trị phải đạt"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(_("trạng thái phải đạt"), max_length=300, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    target_date = models.DateField(_("thời hạn đạt"))
    due_precision = models.CharField(
        _("thời hạn tính theo"), max_length=4, choices=DuePrecision.choices, default=DuePrecision.DAY
    )
    source_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản đề ra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step = models.ForeignKey(
        "rollout.Step",
        verbose_name=_("đếm từ yêu cầu của đợt triển khai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counted_measure = models.CharField(
        _("cách đếm"), max_length=12, choices=CountedMeasure.choices, blank=True
    )
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("mục tiêu, chỉ tiêu")
        verbose_name_plural = _("mục tiêu, chỉ tiêu")
        indexes = [models.Index(fields=["unit", "term"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("starts_on")),
                name="target_date_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counted(self) -> bool:
        return self.step_id is not None


class Measurement(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measurements")
    on = models.DateField(_("ngày"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    reached = models.BooleanField(_("đã đạt trạng thái"), null=True, blank=True)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["target_id", "on", "id"]
        verbose_name = _("kết quả đo")
        verbose_name_plural = _("kết quả đo")

    def __str__(self) -> str:
        return f"{self.target_id} {self.on}: {self.value if self.value is not None else self.reached}"
