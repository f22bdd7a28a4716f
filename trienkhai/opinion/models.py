"""Aggregated opinion reports (báo cáo tình hình tư tưởng, dư luận xã hội).

AGGREGATES ONLY. There is no field for a person's name or any identifying
detail, and ``services.check_no_personal_data`` refuses free text that carries
phone numbers, e-mail addresses, ID-card-like numbers or "ông/bà/anh/chị + a
name". A report says how a unit's people feel about topics, how widely and
which way it is going — never who said what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.opinion.choices import Mood, PeriodKind, Spread, Trend


class Topic(models.Model):
    """The managed list of topics (seeded by a data migration)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("chủ đề"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chủ đề dư luận")
        verbose_name_plural = _("chủ đề dư luận")

    def __str__(self) -> str:
        return self.name


class OpinionReportQuerySet(ScopedQuerySet["OpinionReport"]):
    # The reporting unit and the units above it; never siblings or units below.
    scope_fields = ("unit",)


class OpinionReport(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_no = models.PositiveSmallIntegerField(
        _("tháng / quý"), null=True, blank=True, help_text=_("Để trống với báo cáo nhanh.")
    )
    report_date = models.DateField(_("ngày báo cáo"))
    mood = models.CharField(_("tâm trạng chung"), max_length=12, choices=Mood.choices)
    overview = models.TextField(_("tình hình chung"), blank=True)
    sources = models.JSONField(_("nguồn nắm tình hình"), default=list, blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OpinionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-period_no", "-report_date", "-id"]
        verbose_name = _("báo cáo tình hình tư tưởng, dư luận xã hội")
        verbose_name_plural = _("báo cáo tình hình tư tưởng, dư luận xã hội")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "year", "period_no"],
                condition=~Q(period_kind=PeriodKind.QUICK),
                name="opinion_one_report_per_unit_period",
            ),
        ]
        indexes = [
            models.Index(fields=["period_kind", "year", "period_no", "unit"]),
            # quick reports are found by date within a period
            models.Index(fields=["period_kind", "report_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUICK:
            return f"{PeriodKind.QUICK.label} {self.report_date:%d/%m/%Y}"
        kind = PeriodKind(self.period_kind).label
        return f"{kind} {self.period_no}/{self.year}"


class ReportTopic(models.Model):
    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(Topic, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="+")
    mood = models.CharField(_("tâm trạng"), max_length=12, choices=Mood.choices)
    spread = models.CharField(_("mức độ lan rộng"), max_length=12, choices=Spread.choices)
    trend = models.CharField(_("xu hướng"), max_length=10, choices=Trend.choices)
    summary = models.TextField(_("tóm tắt"), max_length=2000, blank=True)

    class Meta:
        ordering = ["report_id", "topic__order"]
        verbose_name = _("chủ đề trong báo cáo")
        verbose_name_plural = _("chủ đề trong báo cáo")
        constraints = [models.UniqueConstraint(fields=["report", "topic"], name="opinion_topic_once")]

    def __str__(self) -> str:
        return f"{self.topic}: {self.get_mood_display()}"


class PressingIssue(models.Model):
    """A pressing issue and the solution the unit proposes; it can become a proposal in one click."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="issues")
    topic = models.ForeignKey(
        Topic, verbose_name=_("chủ đề"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("vấn đề bức xúc"), max_length=2000)
    proposed_solution = models.TextField(_("giải pháp đề xuất"), max_length=2000, blank=True)

    class Meta:
        ordering = ["report_id", "id"]
        verbose_name = _("vấn đề bức xúc")
        verbose_name_plural = _("vấn đề bức xúc")

    def __str__(self) -> str:
        return self.description[:120]
