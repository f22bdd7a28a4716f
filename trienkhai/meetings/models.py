"""Working sessions and conferences: who took part in which position, what was
presented, what was concluded and what was proposed.

Participants are officials recorded in the public role they held that day (a
name, the position text as it stood then, and the unit): a later promotion
does not rewrite the minutes. Conclusions become follow-up tasks and raised
proposals become proposals through services, without retyping.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    # Visible at the host, at each visiting unit, and above them.
    scope_fields = ("host",)
    scope_m2m_fields = ("visiting_units",)


class Meeting(models.Model):
    kind = models.CharField(
        _("loại"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.WORKING_SESSION
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    form = models.CharField(_("hình thức"), max_length=12, choices=MeetingForm.choices)
    platform = models.CharField(_("nền tảng trực tuyến"), max_length=100, blank=True)
    host = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị chủ trì, đón tiếp"), on_delete=models.PROTECT, related_name="+"
    )
    visiting_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("đơn vị đến làm việc"), blank=True, related_name="+"
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("báo cáo, văn bản trình bày"), blank=True, related_name="+"
    )
    summary = models.TextField(_("nội dung chính"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("buổi làm việc, hội nghị")
        verbose_name_plural = _("buổi làm việc, hội nghị")
        indexes = [models.Index(fields=["host", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ tại thời điểm đó"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    side = models.CharField(_("thuộc"), max_length=10, choices=ParticipantSide.choices)
    role = models.CharField(
        _("vai trò"), max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("thành phần tham dự")
        verbose_name_plural = _("thành phần tham dự")

    def __str__(self) -> str:
        return f"{self.name} — {self.position}" if self.position else self.name


class Conclusion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    text = models.TextField(_("nội dung kết luận"))
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")

    def __str__(self) -> str:
        return self.text[:120]


class RaisedProposal(models.Model):
    """A proposal voiced at the meeting, as minuted; it becomes a ``proposals.Proposal`` in one click."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="raised_proposals")
    text = models.TextField(_("nội dung kiến nghị"))
    sender = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị kiến nghị"), on_delete=models.PROTECT, related_name="+"
    )
    addressee = models.ForeignKey(
        "orgs.Unit", verbose_name=_("gửi đến"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("kiến nghị nêu tại buổi làm việc")
        verbose_name_plural = _("kiến nghị nêu tại buổi làm việc")

    def __str__(self) -> str:
        return self.text[:120]
