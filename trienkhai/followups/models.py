"""Follow-up tasks: what a unit must do, by when, and where the task came from.

One model for every source: a meeting's conclusion, an inspection's
recommendation, or a proposal (an undertaking to answer it). The source is a
nullable foreign key per kind — at most one is set — so each source keeps
referential integrity and "every follow-up of this meeting" is a plain join.
The state (on time, late, open, overdue) is computed from ``due_on`` and
``done_on`` with :mod:`trienkhai.core.status`, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.core.status import state_of


class FollowUpQuerySet(ScopedQuerySet["FollowUp"]):
    # Visible at the unit that owes it, the unit that set it, and above both.
    scope_fields = ("unit", "assigned_by")


class FollowUp(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("nội dung công việc"), max_length=500)
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    accountable = models.CharField(
        _("người, bộ phận chịu trách nhiệm"),
        max_length=255,
        blank=True,
        help_text=_("Chức danh hoặc bộ phận, ví dụ: Trưởng ban Tuyên giáo."),
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result_note = models.TextField(_("kết quả thực hiện"), blank=True)
    source_conclusion = models.ForeignKey(
        "meetings.Conclusion",
        verbose_name=_("từ kết luận buổi làm việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    source_recommendation = models.ForeignKey(
        "oversight.Recommendation",
        verbose_name=_("từ kiến nghị sau kiểm tra, giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    source_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("từ kiến nghị, đề xuất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("việc cần theo dõi")
        verbose_name_plural = _("việc cần theo dõi")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source_conclusion__isnull=True, source_recommendation__isnull=True)
                    | Q(source_conclusion__isnull=True, source_proposal__isnull=True)
                    | Q(source_recommendation__isnull=True, source_proposal__isnull=True)
                ),
                name="followup_at_most_one_source",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(result_note=""), name="followup_done_has_result"
            ),
        ]
        indexes = [models.Index(fields=["unit", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        return state_of(done_on=self.done_on, due=self.due_on, today=timezone.localdate())

    @property
    def source(self) -> models.Model | None:
        return self.source_conclusion or self.source_recommendation or self.source_proposal
