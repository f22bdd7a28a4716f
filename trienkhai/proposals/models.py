"""Proposals (kiến nghị, đề xuất): a unit asks a higher level; the addressee
acknowledges, assigns, answers (in text and/or with a guidance document) or
declines, and closes. Each step is a ``ProposalEvent`` — the sender's timeline.

Scope: the sender, the addressee, the department it was assigned to, and every
unit above any of them (``ScopedQuerySet.scope_fields``). Units below the sender and its
siblings see nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StoredFile, stored_file_path
from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.core.status import state_of
from trienkhai.proposals.choices import EventKind, ProposalCategory, ProposalStatus


class ProposalQuerySet(ScopedQuerySet["Proposal"]):
    scope_fields = ("sender", "addressee", "department", "escalated_to")


class Proposal(models.Model):
    sender = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị kiến nghị"), on_delete=models.PROTECT, related_name="+"
    )
    addressee = models.ForeignKey(
        "orgs.Unit", verbose_name=_("gửi đến"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("bộ phận được giao xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("lĩnh vực"), max_length=12, choices=ProposalCategory.choices)
    title = models.CharField(_("tóm tắt"), max_length=300)
    content = models.TextField(_("nội dung kiến nghị"))
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=ProposalStatus.choices, default=ProposalStatus.SENT
    )
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"))
    responded_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản hướng dẫn, trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decline_reason = models.TextField(_("lý do không tiếp thu"), blank=True)
    escalated_to = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đã báo cáo cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated_on = models.DateField(_("ngày báo cáo cấp trên"), null=True, blank=True)
    source_meeting_item = models.OneToOneField(
        "meetings.RaisedProposal",
        verbose_name=_("nêu tại buổi làm việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    source_issue = models.OneToOneField(
        "opinion.PressingIssue",
        verbose_name=_("từ vấn đề bức xúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    source_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("từ buổi làm việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    source_report = models.ForeignKey(
        "opinion.OpinionReport",
        verbose_name=_("từ báo cáo dư luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("kiến nghị, đề xuất")
        verbose_name_plural = _("kiến nghị, đề xuất")
        indexes = [
            models.Index(fields=["addressee", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        return state_of(done_on=self.responded_on, due=self.due_on, today=timezone.localdate())

    @property
    def days_to_answer(self) -> int | None:
        return (self.responded_on - self.sent_on).days if self.responded_on else None


class ProposalEvent(models.Model):
    """One step of the timeline the sender follows."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    on = models.DateField(_("ngày"))
    at = models.DateTimeField(auto_now_add=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    actor_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["proposal_id", "on", "id"]
        verbose_name = _("diễn biến xử lý kiến nghị")
        verbose_name_plural = _("diễn biến xử lý kiến nghị")

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


# Named by migration 0001; the same function, so the field did not change.
attachment_path = stored_file_path


class ProposalAttachment(StoredFile):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("tệp đính kèm kiến nghị")
        verbose_name_plural = _("tệp đính kèm kiến nghị")

    def upload_dir(self) -> str:
        return f"proposals/{self.proposal_id}"
