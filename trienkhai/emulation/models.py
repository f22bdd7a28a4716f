"""Emulation campaigns and recognition (thi đua, khen thưởng), and good practices
(cách làm hay, sáng tạo) that other units adopt ("nhân rộng").

Scope:
- a campaign is the organiser's; units below see it (they nominate), like a rollout;
- a nomination is visible to the nominating unit, the campaign's organiser and above;
- a practice is visible in its unit's subtree and above; once a committee features it,
  to every unit under that committee too — that is how other units find and adopt it;
- an adoption is visible to the adopting unit, the practice's unit, and above.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StoredFile, stored_file_path
from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.emulation.choices import NominationStatus, NomineeKind, WorkKind


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    scope_fields = ("unit",)
    scope_read_from_above = ("unit",)


class Campaign(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên phong trào, đợt thi đua"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    criteria = models.TextField(_("tiêu chí"), blank=True, help_text=_("Mỗi dòng một tiêu chí."))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")

    def __str__(self) -> str:
        return self.title

    def criteria_list(self) -> list[str]:
        return [c.strip(" -•") for c in self.criteria.splitlines() if c.strip(" -•")]


class NominationQuerySet(ScopedQuerySet["Nomination"]):
    scope_fields = ("unit", "campaign__unit")


class Nomination(models.Model):
    """A unit proposes an exemplary collective or individual (điển hình tiên tiến)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("đối tượng"), max_length=12, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "training.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee_name = models.CharField(_("tên tập thể, cá nhân"), max_length=300)
    achievements = models.TextField(_("thành tích"))
    nominated_on = models.DateField(_("ngày đề nghị"))
    status = models.CharField(
        _("kết quả xét"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.PENDING
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("quyết định khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("ghi chú, lý do"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-nominated_on", "-id"]
        verbose_name = _("đề nghị biểu dương, khen thưởng")
        verbose_name_plural = _("đề nghị biểu dương, khen thưởng")

    def __str__(self) -> str:
        return self.nominee_name


class PracticeQuerySet(ScopedQuerySet["Practice"]):
    scope_fields = ("unit",)
    # Featured by a committee at or above one of the viewer's units.
    scope_read_from_above = ("featured_by",)


class Practice(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên cách làm"), max_length=300)
    work_kind = models.CharField(_("lĩnh vực công tác"), max_length=30, choices=WorkKind.choices)
    description = models.TextField(_("cách làm"))
    results = models.TextField(_("kết quả"), blank=True)
    started_on = models.DateField(_("áp dụng từ"), null=True, blank=True)
    featured_by = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("được giới thiệu, biểu dương bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    featured_on = models.DateField(_("ngày giới thiệu"), null=True, blank=True)
    featured_note = models.TextField(_("nhận xét của cấp ủy"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-featured_on", "-created_at", "-id"]
        verbose_name = _("cách làm hay, sáng tạo")
        verbose_name_plural = _("cách làm hay, sáng tạo")

    def __str__(self) -> str:
        return self.title


# Named by migration 0001; the same function, so the field did not change.
practice_file_path = stored_file_path


class PracticeAttachment(StoredFile):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("tệp đính kèm cách làm hay")
        verbose_name_plural = _("tệp đính kèm cách làm hay")

    def upload_dir(self) -> str:
        return f"practices/{self.practice_id}"


class AdoptionQuerySet(ScopedQuerySet["Adoption"]):
    scope_fields = ("unit", "practice__unit")


class Adoption(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="adoptions")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("áp dụng từ"))
    outcome = models.TextField(_("kết quả áp dụng"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("nhân rộng cách làm hay")
        verbose_name_plural = _("nhân rộng cách làm hay")
        constraints = [models.UniqueConstraint(fields=["practice", "unit"], name="adoption_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.practice}"
