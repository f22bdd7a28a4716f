"""Inspection and supervision (kiểm tra, giám sát): a unit's yearly plan, each
inspection of subject units with its findings and conclusion, and the
recommendations that become follow-up tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.oversight.choices import InspectionKind, InspectionMode


class OversightPlan(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị lập kế hoạch"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit_id"]
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="oversight_one_plan_per_year")]

    def __str__(self) -> str:
        return self.title


class InspectionQuerySet(ScopedQuerySet["Inspection"]):
    # Visible at the inspecting unit, at each subject unit, and above them.
    scope_fields = ("conducting_unit",)
    scope_m2m_fields = ("subject_units",)


class Inspection(models.Model):
    plan = models.ForeignKey(
        OversightPlan,
        verbose_name=_("thuộc kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    conducting_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị tiến hành"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=InspectionKind.choices)
    mode = models.CharField(_("hình thức"), max_length=14, choices=InspectionMode.choices)
    title = models.CharField(_("tên cuộc kiểm tra, giám sát"), max_length=300)
    subject_matter = models.TextField(_("nội dung"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("văn bản liên quan"), blank=True, related_name="+"
    )
    subject_units = models.ManyToManyField("orgs.Unit", verbose_name=_("đối tượng"), related_name="+")
    team = models.TextField(
        _("thành phần đoàn"),
        blank=True,
        help_text=_("Mỗi dòng một người: họ tên — chức vụ — vai trò trong đoàn."),
    )
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    findings = models.TextField(_("kết quả kiểm tra, giám sát"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")

    def __str__(self) -> str:
        return self.title


class RecommendationQuerySet(ScopedQuerySet["Recommendation"]):
    # An inspection is shared by its subject units, but each recommendation is addressed to
    # one of them: it is seen by the unit it names (and above), and by the inspecting unit
    # (and above) — not by the other subjects of the same inspection (issue 13, point 2b).
    scope_fields = ("unit", "inspection__conducting_unit")


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("kiến nghị, yêu cầu"))
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["inspection_id", "order", "id"]
        verbose_name = _("kiến nghị sau kiểm tra, giám sát")
        verbose_name_plural = _("kiến nghị sau kiểm tra, giám sát")

    def __str__(self) -> str:
        return self.text[:120]
